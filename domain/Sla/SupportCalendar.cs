using NodaTime;

namespace ChatSupport.Domain.Sla;

/// <summary>
/// When support is given, in the provider's time zone. Durations "in support hours" count only
/// time inside opening hours; the calendar is pure and takes every instant as an argument.
/// </summary>
public abstract class SupportCalendar
{
    protected SupportCalendar(DateTimeZone zone) => Zone = zone;

    /// <summary>The provider's zone: calendar days, end-of-day deadlines and human dates use it.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>A short description for logs and the start-up banner.</summary>
    public abstract string Describe();

    /// <summary>
    /// Adds <paramref name="supportTime"/> of support hours to <paramref name="start"/>. Counting starts
    /// at <paramref name="start"/>, or at the next opening when it falls outside support hours. A count
    /// that ends exactly at a closing moment ends there, not at the next opening.
    /// </summary>
    public abstract Instant AddSupportTime(Instant start, Duration supportTime);

    /// <summary>How much support time lies between two instants (zero when <paramref name="to"/> is not later).</summary>
    public abstract Duration SupportTimeBetween(Instant from, Instant to);

    public abstract bool IsOpen(Instant instant);

    /// <summary>The calendar day of an instant in the provider's zone.</summary>
    public LocalDate DateOf(Instant instant) => instant.InZone(Zone).Date;

    /// <summary>"The end of day D": the last second of D in the provider's zone (D 23:59:59 on a normal day).</summary>
    public Instant EndOfDay(LocalDate date) => Zone.AtStartOfDay(date.PlusDays(1)).ToInstant() - Duration.FromSeconds(1);
}

/// <summary>Support around the clock: support time is plain elapsed time (4 h is 4 real hours, across DST too).</summary>
public sealed class AlwaysOpenCalendar(DateTimeZone zone) : SupportCalendar(zone)
{
    public override string Describe() => $"24x7 in {Zone.Id}";

    public override Instant AddSupportTime(Instant start, Duration supportTime) =>
        supportTime < Duration.Zero ? throw new ArgumentOutOfRangeException(nameof(supportTime)) : start + supportTime;

    public override Duration SupportTimeBetween(Instant from, Instant to) => to > from ? to - from : Duration.Zero;

    public override bool IsOpen(Instant instant) => true;
}
