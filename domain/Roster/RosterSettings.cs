using System.Globalization;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Tickets;
using NodaTime;
using NodaTime.Text;

namespace ChatSupport.Domain.Roster;

/// <summary>One <c>Support:Roster:&lt;i&gt;</c> entry as configured: its key, the engineer, and day → hours.</summary>
public sealed record RosterEntry(string Key, string? Engineer, IReadOnlyDictionary<string, string?> Days);

/// <summary>
/// Reads the duty roster: <c>Support:Roster:&lt;i&gt;:Engineer</c> (a staff member's name or Telegram user id) and
/// <c>Support:Roster:&lt;i&gt;:&lt;Weekday&gt;</c> = <c>09:00-21:00</c> (<c>21:00-09:00</c> crosses midnight; several
/// shifts separated by commas), with <c>Holiday</c> for the hours on the dates of <c>Support:Calendar:Holidays</c>
/// (without it a holiday follows its weekday). Throws <see cref="SupportConfigurationException"/> naming the key.
/// </summary>
public static class RosterSettings
{
    public const string Section = "Support:Roster";

    public const string HolidayKey = "Holiday";

    public static DutyRoster Build(IReadOnlyList<RosterEntry> entries, IReadOnlyList<StaffMember> staff, DateTimeZone zone, IReadOnlyList<(string Key, string? Value)> holidayTexts)
    {
        var holidays = new HashSet<LocalDate>();
        foreach (var (key, text) in holidayTexts)
        {
            var parsed = LocalDatePattern.Iso.Parse(text?.Trim() ?? string.Empty);
            holidays.Add(parsed.Success ? parsed.Value : throw new SupportConfigurationException(key, text, "expected a date like 2027-01-01"));
        }

        var lines = new List<RosterLine>();
        foreach (var entry in entries)
        {
            var member = Resolve(entry, staff);
            if (lines.Any(l => l.EngineerId == member.UserId))
            {
                throw new SupportConfigurationException($"{entry.Key}:Engineer", entry.Engineer, $"{member.Name} has two roster entries; give all their shifts in one");
            }

            var week = new Dictionary<IsoDayOfWeek, IReadOnlyList<ShiftHours>>();
            IReadOnlyList<ShiftHours>? holiday = null;
            foreach (var (day, value) in entry.Days)
            {
                var key = $"{entry.Key}:{day}";
                if (!ShiftHours.TryParseList(value, out var shifts, out var problem))
                {
                    throw new SupportConfigurationException(key, value, problem);
                }

                if (string.Equals(day, HolidayKey, StringComparison.OrdinalIgnoreCase))
                {
                    holiday = shifts;
                }
                else if (Enum.TryParse<IsoDayOfWeek>(day, ignoreCase: true, out var weekday) && weekday != IsoDayOfWeek.None
                    && !int.TryParse(day, CultureInfo.InvariantCulture, out _))
                {
                    week[weekday] = shifts;
                }
                else
                {
                    throw new SupportConfigurationException(key, value, "unknown day; use Monday … Sunday or Holiday");
                }
            }

            if (week.Values.All(s => s.Count == 0) && (holiday is null || holiday.Count == 0))
            {
                throw new SupportConfigurationException(entry.Key, null, $"{member.Name} has no shift; give e.g. Monday = 09:00-21:00");
            }

            lines.Add(new RosterLine(member.UserId, week, holiday));
        }

        return new DutyRoster(lines, zone, holidays);
    }

    private static StaffMember Resolve(RosterEntry entry, IReadOnlyList<StaffMember> staff)
    {
        var text = entry.Engineer?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            throw new SupportConfigurationException($"{entry.Key}:Engineer", entry.Engineer, "every roster entry names its engineer: a name from Support:Staff or their Telegram user id");
        }

        return staff.FirstOrDefault(s => s.UserId == text)
            ?? staff.FirstOrDefault(s => string.Equals(s.Name, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new SupportConfigurationException($"{entry.Key}:Engineer", entry.Engineer, "no such person in Support:Staff (give their name as listed there, or their Telegram user id)");
    }
}
