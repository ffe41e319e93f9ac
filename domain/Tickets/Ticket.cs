using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Escalation;
using ChatSupport.Domain.Sla;
using NodaTime;
using Stateless;

namespace ChatSupport.Domain.Tickets;

/// <summary>
/// A registered request. Its number is human (<c>#12</c>), never reused; its reaction deadline follows
/// the regulation from the registration (or reopening) moment. Every action goes through the lifecycle machine
/// (<see cref="Lifecycle"/>), which alone decides what is allowed — an action it does not take becomes a
/// <see cref="TicketRefusal"/> — and every change leaves an event in the ticket's history.
/// </summary>
public sealed partial class Ticket
{
    private const string HolderOrManager = "the holder or a manager";

    private readonly List<TicketAttachment> _attachments = [];
    private readonly List<TicketMessage> _messages = [];
    private readonly List<TicketEvent> _events = [];
    private readonly List<ReactionWindow> _windows = [];
    private readonly Dictionary<TicketAction, StateMachine<TicketStatus, TicketAction>.TriggerWithParameters<StaffMember>> _byStaff = [];
    private StateMachine<TicketStatus, TicketAction>? _lifecycle;

    private Ticket()
    {
        Customer = null!;
        Description = string.Empty;
        ReactionDeadline = null!;
    }

    public long Id { get; private set; }

    public int Number { get; private set; }

    /// <summary>The customer's id (also inside <see cref="Customer"/>), kept as a column for lookups.</summary>
    public long CustomerId { get; private set; }

    public CustomerSnapshot Customer { get; private set; }

    /// <summary>The regulation's category; null when the customer did not say (a letter whose subject names none).</summary>
    public RequestCategory? Category { get; private set; }

    public string Description { get; private set; }

    public PriorityLevel Level { get; private set; }

    public LevelChoice LevelChoice { get; private set; }

    /// <summary>Registered by the registration hour without the customer's confirmation; an engineer should check the details.</summary>
    public bool NeedsTriage { get; private set; }

    public Instant Received { get; private set; }

    public Instant Registered { get; private set; }

    /// <summary>Start of the current reaction window: the registration, or the last reopening.</summary>
    public Instant ReactionWindowStart { get; private set; }

    /// <summary>The current window's deadline (a column, so the queue sorts by it).</summary>
    public Deadline ReactionDeadline { get; private set; }

    /// <summary>When the current window was reacted to (first claim), if it was.</summary>
    public Instant? ReactedAt { get; private set; }

    public TicketStatus Status { get; private set; }

    public string? HolderId { get; private set; }

    public string? HolderName { get; private set; }

    public Instant? ResolvedAt { get; private set; }

    public Instant? ClosedAt { get; private set; }

    public int ReopenCount { get; private set; }

    /// <summary>Since when the ticket waits for the customer's answer (null unless <see cref="TicketStatus.AwaitingCustomer"/>).</summary>
    public Instant? AwaitingSince { get; private set; }

    /// <summary>When the customer was reminded of the unanswered question (once per wait).</summary>
    public Instant? AwaitingRemindedAt { get; private set; }

    /// <summary>When the customer was asked to rate the support (once, when the ticket closed).</summary>
    public Instant? SatisfactionAskedAt { get; private set; }

    /// <summary>The customer's score, 1–5 (CSAT).</summary>
    public int? SatisfactionScore { get; private set; }

    public Instant? SatisfactionAt { get; private set; }

    /// <summary>The customer's words on the score (their next message within <see cref="SatisfactionCommentWindow"/>).</summary>
    public string? SatisfactionComment { get; private set; }

    /// <summary>A manager assigned the waiting ticket to this engineer, who has not confirmed yet («Беру»).</summary>
    public string? AssigneeId { get; private set; }

    public string? AssigneeName { get; private set; }

    /// <summary>The platform-wide incident this ticket is part of (its card is the incident's then); null when none.</summary>
    public long? IncidentId { get; private set; }

    /// <summary>When the customer's personal data was erased from this ticket (152-ФЗ); null while it is kept.</summary>
    public Instant? ErasedAt { get; private set; }

    /// <summary>Optimistic concurrency: two engineers changing the same ticket at once — the database lets one win.</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<TicketAttachment> Attachments => _attachments;

    public IReadOnlyCollection<TicketMessage> Messages => _messages;

    /// <summary>History. Only the events added in this unit of work unless loaded.</summary>
    public IReadOnlyCollection<TicketEvent> Events => _events;

    public IReadOnlyCollection<ReactionWindow> Windows => _windows;

    /// <summary>Not closed. (The status lists are what queries use too: one definition of each.)</summary>
    public static readonly IReadOnlyList<TicketStatus> OpenStatuses = [TicketStatus.Registered, TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.Reopened, TicketStatus.AwaitingCustomer];

    /// <summary>Waiting in the queue for an engineer.</summary>
    public static readonly IReadOnlyList<TicketStatus> WaitingStatuses = [TicketStatus.Registered, TicketStatus.Reopened];

    /// <summary>Someone works on it (in progress, waiting for the customer's answer, or resolved and waiting for the customer's word).</summary>
    public static readonly IReadOnlyList<TicketStatus> HeldStatuses = [TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.AwaitingCustomer];

    public bool IsOpen => OpenStatuses.Contains(Status);

    public bool IsWaiting => WaitingStatuses.Contains(Status);

    public bool IsHeld => HeldStatuses.Contains(Status);

    public bool CanClaim => Lifecycle.CanFire(TicketAction.Claim);

    private StateMachine<TicketStatus, TicketAction> Lifecycle => _lifecycle ??= CreateLifecycle();

    public static Ticket Register(int number, CustomerSnapshot customer, TicketDraft draft, Instant registered, SlaPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        var deadline = policy.ReactionDeadline(draft.Level, registered);
        var ticket = new Ticket
        {
            Number = number,
            CustomerId = customer.CustomerId,
            Customer = customer,
            Category = draft.Category,
            Description = draft.Description,
            Level = draft.Level,
            LevelChoice = draft.LevelChoice,
            NeedsTriage = draft.Unconfirmed || draft.LevelChoice == LevelChoice.Triage,
            Received = draft.Received,
            Registered = registered,
            ReactionWindowStart = registered,
            ReactionDeadline = deadline,
            Status = TicketStatus.Registered,
        };
        ticket._windows.Add(new ReactionWindow(1, registered, draft.Level, deadline));
        ticket._attachments.AddRange(draft.Attachments.Select(a => new TicketAttachment(a, TicketAuthor.Customer, registered)));
        ticket._events.Add(new TicketEvent(TicketEventKind.Registered, ticket.NeedsTriage ? Actor.System : Actor.Customer(customer), registered,
            new TicketEventData { Level = (int)draft.Level, NeedsTriage = ticket.NeedsTriage ? true : null }));
        return ticket;
    }

    private ReactionWindow CurrentWindow => _windows.MaxBy(w => w.Sequence)
        ?? throw new InvalidOperationException($"Ticket #{Number} has no reaction window loaded.");

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static TicketEventData Said(string? text, IReadOnlyList<AttachmentRef> attachments) => new()
    {
        Text = Trimmed(Localization.Texts.Preview(text ?? string.Empty, 200)),
        Files = attachments.Count > 0 ? attachments.Count : null,
    };
}
