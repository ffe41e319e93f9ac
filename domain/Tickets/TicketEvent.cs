using NodaTime;

namespace ChatSupport.Domain.Tickets;

public enum TicketEventKind
{
    Registered,
    Claimed,
    Released,
    LevelChanged,
    CustomerMessage,
    EngineerMessage,
    Note,
    Resolved,
    Confirmed,
    Reopened,
    Closed,
    Escalated,
    Undeliverable,

    /// <summary>The holder asked the customer and waits for the answer.</summary>
    AskedCustomer,

    /// <summary>The customer answered: back in progress with the holder.</summary>
    CustomerAnswered,

    /// <summary>No answer for the reminder time: the customer was reminded once.</summary>
    CustomerReminded,

    /// <summary>Closed: the customer was asked once to rate the support (1–5).</summary>
    SatisfactionAsked,

    /// <summary>The customer's score.</summary>
    SatisfactionRated,

    /// <summary>The customer's words on the score.</summary>
    SatisfactionCommented,

    /// <summary>The customer's personal data was erased from the ticket (why, never what).</summary>
    PersonalDataErased,

    /// <summary>A manager gave the ticket to an engineer: to confirm (a waiting ticket), or at once (a held one).</summary>
    Assigned,

    /// <summary>The assignee said they cannot take the ticket: it waits for anyone again.</summary>
    AssignmentDeclined,

    /// <summary>Linked to a platform-wide incident (by staff, or by the customer's button).</summary>
    IncidentLinked,

    /// <summary>Taken out of its incident (by staff, or because the customer reopened it).</summary>
    IncidentUnlinked,

    /// <summary>The incident's news went to the customer (the text is the ticket's message too).</summary>
    IncidentNews,
}

/// <summary>
/// One line of a ticket's history: what happened, who did it, when, and the facts of it (<see cref="Data"/>) — words
/// only when the line is read, in the reader's language. Append-only: nothing updates or deletes these.
/// </summary>
public sealed class TicketEvent
{
    private TicketEvent()
    {
        ActorName = string.Empty;
        Data = TicketEventData.None;
    }

    public TicketEvent(TicketEventKind kind, Actor actor, Instant at, TicketEventData data)
    {
        Kind = kind;
        ActorKind = actor.Kind;
        ActorName = actor.Name;
        ActorId = actor.Id;
        At = at;
        Data = data;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    public TicketEventKind Kind { get; private set; }

    public ActorKind ActorKind { get; private set; }

    public string ActorName { get; private set; }

    public string? ActorId { get; private set; }

    public Instant At { get; private set; }

    public TicketEventData Data { get; private set; }
}

/// <summary>
/// One reaction window: from registration (or a reopening) to the first claim. The digest measures
/// reactions per window; a ticket has one per registration and one per reopening.
/// </summary>
public sealed class ReactionWindow
{
    private ReactionWindow()
    {
        Deadline = null!;
    }

    public ReactionWindow(int sequence, Instant start, Sla.PriorityLevel level, Sla.Deadline deadline)
    {
        Sequence = sequence;
        Start = start;
        Level = level;
        Deadline = deadline;
    }

    public long Id { get; private set; }

    public long TicketId { get; private set; }

    /// <summary>1 for the registration's window, 2 after the first reopening, …</summary>
    public int Sequence { get; private set; }

    public Instant Start { get; private set; }

    public Sla.PriorityLevel Level { get; private set; }

    public Sla.Deadline Deadline { get; private set; }

    public Instant? ClaimedAt { get; private set; }

    public string? ClaimedBy { get; private set; }

    public string? ClaimedById { get; private set; }

    public bool IsOpen => ClaimedAt is null;

    /// <summary>Met when claimed no later than the deadline (to the second).</summary>
    public bool? Met => ClaimedAt is { } claimed ? Deadline.IsMetBy(claimed) : null;

    internal void Claim(StaffMember by, Instant at)
    {
        ClaimedAt = at;
        ClaimedBy = by.Name;
        ClaimedById = by.UserId;
    }

    internal void Reset(Sla.PriorityLevel level, Sla.Deadline deadline)
    {
        Level = level;
        Deadline = deadline;
    }
}
