using System.Globalization;
using ChatSupport.Domain.Configuration;
using NodaTime;
using NodaTime.Text;

namespace ChatSupport.Domain.Sla;

/// <summary>
/// The support calendar as configured (<c>Support:TimeZone</c> and <c>Support:Calendar</c>), still as
/// the text people wrote. <see cref="Build"/> checks it and names the key and value of any mistake.
/// </summary>
public sealed record CalendarSettings
{
    public const string ZoneKey = "Support:TimeZone";
    public const string Section = "Support:Calendar";
    public const string DefaultZone = "Europe/Moscow";

    public string? TimeZone { get; init; }

    /// <summary><c>24x7</c> (default) or <c>Schedule</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>Weekday name → ranges (<c>09:00-18:00</c>, several separated by commas, empty for a day off).</summary>
    public IReadOnlyDictionary<string, string?> Week { get; init; } = new Dictionary<string, string?>();

    /// <summary>Dates (<c>2027-01-01</c>) without support hours, as listed (index → text).</summary>
    public IReadOnlyList<string?> Holidays { get; init; } = [];

    /// <summary>Date → ranges for days the production calendar moves work onto.</summary>
    public IReadOnlyDictionary<string, string?> ExtraWorkingDays { get; init; } = new Dictionary<string, string?>();

    /// <summary><c>Support:Calendar:HolidaysFile</c>, read: its holidays and transferred working days.</summary>
    public CalendarFileDays? File { get; init; }

    /// <summary>Hours of the file's transferred working days (<c>TransferredDayHours</c>; Monday's when not set).</summary>
    public string? TransferredDayHours { get; init; }

    /// <summary>Builds the calendar, or throws <see cref="SupportConfigurationException"/> naming key and value.</summary>
    public SupportCalendar Build(out IReadOnlyList<string> warnings)
    {
        var notes = new List<string>();
        warnings = notes;
        var zone = ParseZone(TimeZone);
        var mode = string.IsNullOrWhiteSpace(Mode) ? "24x7" : Mode.Trim();

        if (string.Equals(mode, "24x7", StringComparison.OrdinalIgnoreCase))
        {
            if (Week.Values.Any(v => !string.IsNullOrWhiteSpace(v)) || ExtraWorkingDays.Count > 0)
            {
                notes.Add($"{Section}:Mode is 24x7, so Week and ExtraWorkingDays are ignored (and Holidays count only for the duty roster's Holiday hours).");
            }

            return new AlwaysOpenCalendar(zone);
        }

        if (!string.Equals(mode, "Schedule", StringComparison.OrdinalIgnoreCase))
        {
            throw new SupportConfigurationException($"{Section}:Mode", Mode, "expected 24x7 or Schedule");
        }

        var week = new Dictionary<IsoDayOfWeek, IReadOnlyList<OpeningRange>>();
        foreach (var (name, value) in Week)
        {
            var key = $"{Section}:Week:{name}";
            if (!Enum.TryParse<IsoDayOfWeek>(name, ignoreCase: true, out var day) || day == IsoDayOfWeek.None
                || int.TryParse(name, CultureInfo.InvariantCulture, out _))
            {
                throw new SupportConfigurationException(key, value, "unknown weekday; use Monday … Sunday");
            }

            week[day] = ParseRanges(key, value);
        }

        if (!week.Values.Any(r => r.Count > 0))
        {
            throw new SupportConfigurationException($"{Section}:Week", null,
                "Mode is Schedule but no weekday has working hours; set e.g. Monday = 09:00-18:00, or use Mode = 24x7");
        }

        var holidays = new HashSet<LocalDate>();
        var holidayKeys = new Dictionary<LocalDate, string>();
        for (var i = 0; i < Holidays.Count; i++)
        {
            var key = $"{Section}:Holidays:{i}";
            var date = ParseDate(key, Holidays[i]);
            holidays.Add(date);
            holidayKeys.TryAdd(date, key);
        }

        var extra = new Dictionary<LocalDate, IReadOnlyList<OpeningRange>>();
        foreach (var (dateText, value) in ExtraWorkingDays)
        {
            var key = $"{Section}:ExtraWorkingDays:{dateText}";
            var date = ParseDate(key, dateText);
            if (holidays.Contains(date))
            {
                throw new SupportConfigurationException(key, value,
                    $"{dateText} is listed both in {Section}:Holidays and in {Section}:ExtraWorkingDays; keep it in one list");
            }

            var ranges = ParseRanges(key, value);
            if (ranges.Count == 0)
            {
                throw new SupportConfigurationException(key, value, "an extra working day needs its hours, e.g. 09:00-18:00");
            }

            extra[date] = ranges;
        }

        if (File is { } file)
        {
            MergeFile(file, week, holidays, holidayKeys, extra, notes);
        }

        return new WeeklyScheduleCalendar(zone, week, holidays, extra);
    }

    /// <summary>
    /// Adds the file's days to the configured lists. The file and the configuration may repeat each other; where they
    /// contradict (a configured holiday the file makes a working day, a configured extra working day the file makes a
    /// holiday) neither can be trusted: a start-up error naming both. A configured extra working day keeps its own hours.
    /// </summary>
    private void MergeFile(CalendarFileDays file, Dictionary<IsoDayOfWeek, IReadOnlyList<OpeningRange>> week, HashSet<LocalDate> holidays,
        Dictionary<LocalDate, string> holidayKeys, Dictionary<LocalDate, IReadOnlyList<OpeningRange>> extra, List<string> notes)
    {
        const string fileKey = Section + ":HolidaysFile";
        foreach (var date in file.Holidays)
        {
            if (extra.ContainsKey(date))
            {
                var text = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                throw new SupportConfigurationException($"{Section}:ExtraWorkingDays:{text}", ExtraWorkingDays.FirstOrDefault(e => ParseDateOrNull(e.Key) == date).Value,
                    $"{text} is a working day here but a holiday in {fileKey} ({file.Source}); keep it in one place");
            }

            holidays.Add(date);
        }

        if (file.SkippedTimedEvents > 0)
        {
            notes.Add($"{fileKey} ({file.Source}): {file.SkippedTimedEvents} event(s) with a time of day or for a shortened day were ignored; only all-day events are holidays or transferred working days.");
        }

        var hoursKey = $"{Section}:TransferredDayHours";
        var hours = string.IsNullOrWhiteSpace(TransferredDayHours)
            ? week.GetValueOrDefault(IsoDayOfWeek.Monday) ?? []
            : ParseRanges(hoursKey, TransferredDayHours);
        if (file.Workdays.Count == 0)
        {
            return;
        }

        if (hours.Count == 0)
        {
            throw new SupportConfigurationException(hoursKey, TransferredDayHours,
                $"{fileKey} ({file.Source}) has transferred working days but Monday has no hours to give them; set {hoursKey}, e.g. 09:00-18:00");
        }

        foreach (var date in file.Workdays)
        {
            if (holidayKeys.TryGetValue(date, out var key))
            {
                throw new SupportConfigurationException(key, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    $"a holiday here but a working day in {fileKey} ({file.Source}); keep it in one place");
            }

            extra.TryAdd(date, hours);
        }
    }

    private static LocalDate? ParseDateOrNull(string text) =>
        LocalDatePattern.Iso.Parse(text.Trim()) is { Success: true } result ? result.Value : null;

    public static DateTimeZone ParseZone(string? id)
    {
        var text = string.IsNullOrWhiteSpace(id) ? DefaultZone : id.Trim();
        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(text)
            ?? throw new SupportConfigurationException(ZoneKey, id,
                "unknown time zone; use an IANA zone id such as Europe/Moscow or Asia/Yekaterinburg");
    }

    private static IReadOnlyList<OpeningRange> ParseRanges(string key, string? value) =>
        OpeningRange.TryParseList(value, out var ranges, out var problem)
            ? ranges
            : throw new SupportConfigurationException(key, value, problem);

    private static LocalDate ParseDate(string key, string? text)
    {
        var result = LocalDatePattern.Iso.Parse(text?.Trim() ?? string.Empty);
        return result.Success
            ? result.Value
            : throw new SupportConfigurationException(key, text, "expected a date like 2027-01-01");
    }
}
