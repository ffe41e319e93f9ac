using ChatSupport.Domain.Escalation;

namespace ChatSupport.Domain.Tickets;

/// <summary>How the first claim of a reaction window stood against its deadline.</summary>
public enum ReactionOutcome
{
    Met,
    Late,

    /// <summary>A claim after a release: the window's reaction was already recorded.</summary>
    AlreadyRecorded,
}

public enum CloseReason
{
    /// <summary>The customer confirmed the problem is solved.</summary>
    Confirmed,

    /// <summary>No answer to «Проблема решена?» for the configured days.</summary>
    NoAnswer,

    /// <summary>No answer to the holder's question for <c>Support:Waiting:CloseAfter</c>.</summary>
    QuestionUnanswered,
}

/// <summary>Why a ticket's personal data was erased.</summary>
public enum ErasureReason
{
    /// <summary>The customer asked (/forget).</summary>
    CustomerRequest,

    /// <summary>The operator's <c>erase --customer</c> (a request by letter, by phone, from a regulator).</summary>
    Operator,

    /// <summary><c>Support:Retention:MessagesDays</c> after the ticket closed.</summary>
    Retention,
}

/// <summary>
/// What a history line records, as facts (levels, durations, names, the text people typed) rather than words: the
/// texts render it in the reader's language. Stored as JSON; fields a kind does not use stay null.
/// </summary>
public sealed record TicketEventData
{
    public static readonly TicketEventData None = new();

    /// <summary>Registered, Reopened: the level; LevelChanged: the new level.</summary>
    public int? Level { get; init; }

    /// <summary>LevelChanged: the level before.</summary>
    public int? PreviousLevel { get; init; }

    /// <summary>Registered: registered by the registration hour, to be checked by an engineer.</summary>
    public bool? NeedsTriage { get; init; }

    public ReactionOutcome? Reaction { get; init; }

    /// <summary>Claimed late, or an escalation fired late: by how many seconds.</summary>
    public long? LateSeconds { get; init; }

    /// <summary>Released: who held it.</summary>
    public string? Holder { get; init; }

    /// <summary>What a person wrote: a reason, a summary, a message (its first 200 characters).</summary>
    public string? Text { get; init; }

    /// <summary>Files that came with a message.</summary>
    public int? Files { get; init; }

    /// <summary>Escalated: the step as configured (<c>50%</c>, <c>-0:30:00</c>).</summary>
    public string? Step { get; init; }

    /// <summary>Escalated: a repeat after the breach.</summary>
    public bool? Repeat { get; init; }

    /// <summary>Escalated: where the ping went.</summary>
    public EscalationTarget? To { get; init; }

    public CloseReason? Closed { get; init; }

    /// <summary>Closed without an answer: after how many days (lines written before the wait was configurable).</summary>
    public int? Days { get; init; }

    /// <summary>Closed without an answer: after how long.</summary>
    public long? WaitedSeconds { get; init; }

    /// <summary>Undeliverable: the messenger, and what it answered.</summary>
    public string? Channel { get; init; }

    public string? Error { get; init; }

    /// <summary>SatisfactionRated: the score, 1–5.</summary>
    public int? Score { get; init; }

    /// <summary>Assigned: to whom (the holder before, if any, in <see cref="Holder"/>).</summary>
    public string? Assignee { get; init; }

    /// <summary>PersonalDataErased: why.</summary>
    public ErasureReason? Erasure { get; init; }

    /// <summary>The incident's number (linked, unlinked, its news).</summary>
    public long? Incident { get; init; }
}
