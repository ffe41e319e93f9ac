using NodaTime;

namespace ChatSupport.Domain.Digest;

/// <summary>
/// When the daily digest goes out: at a local time of day in the provider's zone (TZDB, as every deadline), about
/// the day before. A time a DST change skips moves forward by the gap; a repeated one takes its first occurrence.
/// </summary>
public sealed record DigestSchedule(DateTimeZone Zone, LocalTime At)
{
    /// <summary>The first run strictly after <paramref name="after"/>.</summary>
    public Instant NextRun(Instant after)
    {
        var date = after.InZone(Zone).Date;
        for (var day = date.PlusDays(-1); ; day = day.PlusDays(1))
        {
            var run = RunOn(day);
            if (run > after)
            {
                return run;
            }
        }
    }

    /// <summary>The run on a local date (about the date before it).</summary>
    public Instant RunOn(LocalDate date) => Zone.AtLeniently(date + At).ToInstant();

    /// <summary>The day whose digest is due at <paramref name="now"/>: yesterday once today's run time has come, else the day before.</summary>
    public LocalDate LastDueDay(Instant now)
    {
        var today = now.InZone(Zone).Date;
        return now >= RunOn(today) ? today.PlusDays(-1) : today.PlusDays(-2);
    }
}
