using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using NodaTime;
using NodaTime.Text;

namespace ChatSupport.Tests.Domain.Sla;

/// <summary>Builders for SLA tests: instants written as people read them, in a named zone.</summary>
internal static class SlaTestData
{
    public static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    public static SlaPolicy Policy24x7(DateTimeZone? zone = null) => new(new AlwaysOpenCalendar(zone ?? Moscow));

    /// <summary>A local time in the zone, which must exist exactly once ("2026-11-25 18:30" or with seconds).</summary>
    public static Instant At(string local, DateTimeZone? zone = null)
    {
        var pattern = local.Length > 16
            ? LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss")
            : LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm");
        return (zone ?? Moscow).AtStrictly(pattern.Parse(local).Value).ToInstant();
    }

    /// <summary>The deadline in machine form, for compact expectations.</summary>
    public static string Machine(Deadline deadline, DateTimeZone? zone = null) => new SupportTimeFormat(zone ?? Moscow).Machine(deadline.At);

    /// <summary>
    /// The office calendar of the tests: Mon–Fri 09:00-18:00 with a lunch break on Friday,
    /// Saturday and Sunday off; a holiday on Mon 2026-12-07; Sat 2026-12-12 moved into a working day 10:00-15:00.
    /// </summary>
    public static WeeklyScheduleCalendar Office(DateTimeZone? zone = null) => (WeeklyScheduleCalendar)new CalendarSettings
    {
        TimeZone = (zone ?? Moscow).Id,
        Mode = "Schedule",
        Week = new Dictionary<string, string?>
        {
            ["Monday"] = "09:00-18:00",
            ["Tuesday"] = "09:00-18:00",
            ["Wednesday"] = "09:00-18:00",
            ["Thursday"] = "09:00-18:00",
            ["Friday"] = "09:00-13:00,14:00-18:00",
            ["Saturday"] = "",
            ["Sunday"] = null,
        },
        Holidays = ["2026-12-07"],
        ExtraWorkingDays = new Dictionary<string, string?> { ["2026-12-12"] = "10:00-15:00" },
    }.Build(out _);
}
