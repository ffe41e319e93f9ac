using NodaTime;

namespace ChatSupport.Domain.Sla;

/// <summary>
/// A promise's due moment. Either an exact instant (level 1, registration) or the end of a
/// calendar day in the provider's zone (levels 2 and 3), which people read differently
/// («до конца 26.11.2026»). Deadlines are whole seconds: a deadline is met when the second
/// of the event is no later than the deadline's second.
/// </summary>
public sealed record Deadline
{
    private Deadline(Instant at, LocalDate? endOfDay)
    {
        At = at;
        EndOfDay = endOfDay;
    }

    /// <summary>The last second that still meets the deadline.</summary>
    public Instant At { get; }

    /// <summary>Set when the deadline is "the end of this calendar day".</summary>
    public LocalDate? EndOfDay { get; }

    public static Deadline Exact(Instant at) => new(TruncateToSecond(at), null);

    public static Deadline EndOf(LocalDate day, SupportCalendar calendar) => new(calendar.EndOfDay(day), day);

    /// <summary>A deadline as it was stored.</summary>
    public static Deadline Restore(Instant at, LocalDate? endOfDay) => new(TruncateToSecond(at), endOfDay);

    /// <summary>Whether an event at <paramref name="when"/> (a claim, a registration) keeps the promise.</summary>
    public bool IsMetBy(Instant when) => TruncateToSecond(when) <= At;

    /// <summary>By how much an event at <paramref name="when"/> is late; zero when met.</summary>
    public Duration OverdueAt(Instant when) =>
        IsMetBy(when) ? Duration.Zero : TruncateToSecond(when) - At;

    /// <summary>Time left until the deadline passes; negative once overdue.</summary>
    public Duration RemainingAt(Instant now) => At + Duration.FromSeconds(1) - now;

    internal static Instant TruncateToSecond(Instant instant) => Instant.FromUnixTimeSeconds(instant.ToUnixTimeSeconds());
}
