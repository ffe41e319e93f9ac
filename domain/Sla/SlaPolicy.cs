using NodaTime;

namespace ChatSupport.Domain.Sla;

/// <summary>
/// The regulation's deadlines (RULES.md), computed from instants passed in. Pure: no clock reads.
/// </summary>
public sealed class SlaPolicy(SupportCalendar calendar, SlaTerms terms)
{
    public SlaPolicy(SupportCalendar calendar)
        : this(calendar, SlaTerms.Regulation)
    {
    }

    public SupportCalendar Calendar { get; } = calendar;

    public SlaTerms Terms { get; } = terms;

    /// <summary>Registration deadline: Received + 1 support hour.</summary>
    public Deadline RegistrationDeadline(Instant received) =>
        Deadline.Exact(Calendar.AddSupportTime(received, Terms.RegistrationWithin));

    /// <summary>
    /// Reaction deadline from the start of a reaction window: the registration moment, or the
    /// reopening moment for a reopened ticket. Level 1 counts support hours; levels 2 and 3 are
    /// calendar days in the provider's zone, whatever the schedule says.
    /// </summary>
    public Deadline ReactionDeadline(PriorityLevel level, Instant windowStart) => level switch
    {
        PriorityLevel.Critical => Deadline.Exact(Calendar.AddSupportTime(windowStart, Terms.Level1Reaction)),
        PriorityLevel.Medium => Deadline.EndOf(Calendar.DateOf(windowStart).PlusDays(Terms.Level2Days), Calendar),
        PriorityLevel.Low => Deadline.EndOf(Calendar.DateOf(windowStart).PlusDays(Terms.Level3Days), Calendar),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown priority level."),
    };

    /// <summary>
    /// Where an instant stands inside a reaction window, from 0 (window start) to 1 (deadline) and beyond.
    /// Level 1 measures support time, so a closed night does not use the window up; levels 2 and 3 are
    /// calendar time.
    /// </summary>
    public double WindowFraction(PriorityLevel level, Instant windowStart, Deadline deadline, Instant at)
    {
        var end = deadline.At;
        if (level == PriorityLevel.Critical)
        {
            var total = Calendar.SupportTimeBetween(windowStart, end);
            return total <= Duration.Zero ? 1 : Calendar.SupportTimeBetween(windowStart, at) / total;
        }

        var span = end - windowStart;
        return span <= Duration.Zero ? 1 : (at - windowStart) / span;
    }

    /// <summary>
    /// The instant at <paramref name="fraction"/> of a reaction window, measured up to the deadline's second
    /// (0.5 of a 4-hour window is exactly 2 hours in); 1 and beyond give the first overdue second and later.
    /// Level 1 measures support time, levels 2 and 3 calendar time — the inverse of <see cref="WindowFraction"/>.
    /// </summary>
    public Instant WindowPoint(PriorityLevel level, Instant windowStart, Deadline deadline, double fraction)
    {
        var end = deadline.At;
        if (level == PriorityLevel.Critical)
        {
            // Support hours on both sides of the deadline: 150% of a window is half a window more of support time.
            var total = Calendar.SupportTimeBetween(windowStart, end);
            return fraction >= 1
                ? Calendar.AddSupportTime(end + Duration.FromSeconds(1), total * (fraction - 1))
                : Calendar.AddSupportTime(windowStart, total * Math.Max(0, fraction));
        }

        if (fraction >= 1)
        {
            return end + Duration.FromSeconds(1) + ((end - windowStart) * (fraction - 1));
        }

        return windowStart + ((end - windowStart) * Math.Max(0, fraction));
    }

    /// <summary>Registration SLA: Registered − Received within the registration window, in support hours.</summary>
    public bool RegistrationMet(Instant received, Instant registered) =>
        RegistrationDeadline(received).IsMetBy(registered);
}
