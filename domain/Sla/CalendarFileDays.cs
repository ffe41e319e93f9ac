using NodaTime;

namespace ChatSupport.Domain.Sla;

/// <summary>What a production-calendar file says: its holidays and its transferred working days, by date.</summary>
/// <param name="Source">The file, for messages that must name it.</param>
/// <param name="SkippedTimedEvents">Events with a time of day (not whole days), ignored.</param>
public sealed record CalendarFileDays(string Source, IReadOnlyList<LocalDate> Holidays, IReadOnlyList<LocalDate> Workdays, int SkippedTimedEvents);

/// <summary>Whether the known holidays reach far enough ahead to compute deadlines with.</summary>
public static class CalendarCoverage
{
    /// <summary>How far ahead the holidays must be known.</summary>
    public const int HorizonDays = 60;

    /// <summary>
    /// The year whose holidays are missing: the year the next <see cref="HorizonDays"/> days end in, when not one
    /// holiday is listed for it — and null when they are (or when today's own year is the one and it has some).
    /// </summary>
    public static int? MissingYear(IEnumerable<LocalDate> holidays, LocalDate today)
    {
        var year = today.PlusDays(HorizonDays).Year;
        return holidays.Any(h => h.Year == year) ? null : year;
    }
}
