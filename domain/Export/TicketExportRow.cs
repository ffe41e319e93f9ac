using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Export;

/// <summary>A level change in a ticket's history: from, to, when.</summary>
public sealed record LevelChange(int From, int To, Instant At);

/// <summary>
/// One ticket as a manager's export has it: who and what, the levels it went through, the registration's reaction window
/// (deadline, first claim, met or breached), who holds it, when resolved and closed, the customer's score.
/// </summary>
public sealed record TicketExportRow(
    int Number,
    ChannelKind Channel,
    string Organisation,
    string Customer,
    RequestCategory? Category,
    PriorityLevel Level,
    IReadOnlyList<LevelChange> LevelChanges,
    TicketStatus Status,
    Instant Received,
    Instant Registered,
    Deadline? ReactionDeadline,
    Instant? Claimed,
    string? Holder,
    Instant? Resolved,
    Instant? Closed,
    int Reopened,
    int? Score,
    string? ScoreComment)
{
    /// <summary>The registration's reaction: met, breached (claimed late, or unclaimed past the deadline at <paramref name="now"/>), or still pending.</summary>
    public ReactionOutcome? Reaction(Instant now) => ReactionDeadline is not { } deadline ? null
        : Claimed is { } claimed ? deadline.IsMetBy(claimed) ? ReactionOutcome.Met : ReactionOutcome.Late
        : deadline.IsMetBy(now) ? null : ReactionOutcome.Late;
}
