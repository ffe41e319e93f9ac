using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Sla;
using NodaTime;
using Stateless;

namespace ChatSupport.Domain.Tickets;

/// <summary>Who the customer is at the moment the ticket was registered (kept on the ticket as it was).</summary>
public sealed record CustomerSnapshot(long CustomerId, ChannelKind Channel, string UserId, string ChatId, string Name, string? Username, string Organisation);

/// <summary>
/// A registered request. Its number is human (<c>#12</c>), never reused; its reaction deadline follows
/// the regulation from the registration (or reopening) moment. Every state change goes through the
/// lifecycle machine (<see cref="Lifecycle"/>) and leaves an event in the ticket's history.
/// </summary>
public sealed class Ticket
{
    private readonly List<TicketAttachment> _attachments = [];
    private readonly List<TicketMessage> _messages = [];
    private readonly List<TicketEvent> _events = [];
    private readonly List<ReactionWindow> _windows = [];
    private StateMachine<TicketStatus, TicketTrigger>? _lifecycle;

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

    public RequestCategory Category { get; private set; }

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

    /// <summary>Optimistic concurrency: two engineers changing the same ticket at once — the database lets one win.</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<TicketAttachment> Attachments => _attachments;

    public IReadOnlyCollection<TicketMessage> Messages => _messages;

    /// <summary>History. Only the events added in this unit of work unless loaded.</summary>
    public IReadOnlyCollection<TicketEvent> Events => _events;

    public IReadOnlyCollection<ReactionWindow> Windows => _windows;

    public bool IsOpen => Status != TicketStatus.Closed;

    /// <summary>Waiting in the queue for an engineer.</summary>
    public bool IsWaiting => Status is TicketStatus.Registered or TicketStatus.Reopened;

    private StateMachine<TicketStatus, TicketTrigger> Lifecycle => _lifecycle ??= CreateLifecycle();

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
            $"уровень {(int)draft.Level}" + (ticket.NeedsTriage ? ", требует уточнения" : string.Empty)));
        return ticket;
    }

    public bool CanClaim => Lifecycle.CanFire(TicketTrigger.Claim);

    /// <summary>
    /// An engineer takes the ticket. The first claim in a reaction window ends it: returns that window
    /// (met or breached); null when the window was already reacted to (a claim after a release).
    /// </summary>
    public ReactionWindow? Claim(StaffMember by, Instant at)
    {
        if (!CanClaim)
        {
            throw Status == TicketStatus.InProgress
                ? new TicketActionException($"Заявку #{Number} уже взял {HolderName}.", $"Request #{Number} is already taken by {HolderName}.")
                : Refuse("взять в работу", "claim");
        }

        Lifecycle.Fire(TicketTrigger.Claim);
        HolderId = by.UserId;
        HolderName = by.Name;
        var window = CurrentWindow;
        ReactionWindow? ended = null;
        if (window.IsOpen)
        {
            window.Claim(by, at);
            ReactedAt = at;
            ended = window;
        }

        var sla = ended is null ? "реакция уже учтена"
            : ended.Met == true ? "реакция в срок" : $"реакция с опозданием на {Sla.SupportTimeFormat.Span(ended.Deadline.OverdueAt(at))}";
        _events.Add(new TicketEvent(TicketEventKind.Claimed, Actor.Of(by), at, sla));
        return ended;
    }

    /// <summary>Back to the queue; the reaction already recorded stays.</summary>
    public void Release(StaffMember by, string? reason, Instant at)
    {
        RequireHolderOrManager(by, "вернуть в очередь", "release");
        Fire(TicketTrigger.Release, "вернуть в очередь", "release");
        _events.Add(new TicketEvent(TicketEventKind.Released, Actor.Of(by), at, $"от {HolderName}{Reason(reason)}"));
        HolderId = null;
        HolderName = null;
    }

    /// <summary>
    /// Changes the level. An open reaction window gets its deadline recomputed from its start (the original
    /// registration, or the reopening); returns whether the deadline changed.
    /// </summary>
    public bool ChangeLevel(PriorityLevel level, string reason, StaffMember by, Instant at, SlaPolicy policy)
    {
        if (!Lifecycle.CanFire(TicketTrigger.ChangeLevel))
        {
            throw Refuse("изменить уровень", "change the level of");
        }

        if (Status == TicketStatus.InProgress)
        {
            RequireHolderOrManager(by, "изменить уровень", "change the level of");
        }

        if (level == Level)
        {
            throw new TicketActionException($"У заявки #{Number} уже уровень {(int)level}.", $"Request #{Number} already has level {(int)level}.");
        }

        var old = Level;
        Level = level;
        LevelChoice = LevelChoice.Engineer;
        NeedsTriage = false;
        var window = CurrentWindow;
        var recomputed = window.IsOpen;
        if (recomputed)
        {
            ReactionDeadline = policy.ReactionDeadline(level, window.Start);
            window.Reset(level, ReactionDeadline);
        }

        _events.Add(new TicketEvent(TicketEventKind.LevelChanged, Actor.Of(by), at, $"{(int)old} → {(int)level}{Reason(reason)}"));
        return recomputed;
    }

    /// <summary>An engineer's message to the customer, stored before it is sent.</summary>
    public TicketMessage AddEngineerReply(StaffMember by, string? text, IReadOnlyList<AttachmentRef> attachments, Instant at)
    {
        if (Status is not (TicketStatus.InProgress or TicketStatus.Resolved))
        {
            throw Status is TicketStatus.Registered or TicketStatus.Reopened
                ? new TicketActionException($"Сначала возьмите заявку #{Number} в работу: /claim {Number}", $"Take request #{Number} first: /claim {Number}")
                : Refuse("ответить по", "reply to");
        }

        RequireHolderOrManager(by, "ответить по", "reply to");
        var message = new TicketMessage(TicketAuthor.Engineer, by.Name, text ?? string.Empty, attachments, at);
        _messages.Add(message);
        _attachments.AddRange(attachments.Select(a => new TicketAttachment(a, TicketAuthor.Engineer, at)));
        _events.Add(new TicketEvent(TicketEventKind.EngineerMessage, Actor.Of(by), at, Preview(text, attachments)));
        return message;
    }

    /// <summary>An internal note: never shown to the customer.</summary>
    public TicketMessage AddNote(StaffMember by, string text, Instant at)
    {
        var message = new TicketMessage(TicketAuthor.Internal, by.Name, text, [], at);
        _messages.Add(message);
        _events.Add(new TicketEvent(TicketEventKind.Note, Actor.Of(by), at, Preview(text, [])));
        return message;
    }

    /// <summary>A message the customer sent about this ticket after it was registered.</summary>
    public TicketMessage AddCustomerComment(string? text, IReadOnlyList<AttachmentRef> attachments, Instant at)
    {
        if (!IsOpen)
        {
            throw Refuse("дописать в", "add to");
        }

        var message = new TicketMessage(TicketAuthor.Customer, Customer.Name, text ?? string.Empty, attachments, at);
        _messages.Add(message);
        _attachments.AddRange(attachments.Select(a => new TicketAttachment(a, TicketAuthor.Customer, at)));
        _events.Add(new TicketEvent(TicketEventKind.CustomerMessage, Actor.Customer(Customer), at, Preview(text, attachments)));
        return message;
    }

    public void Resolve(StaffMember by, string? summary, Instant at)
    {
        if (Status != TicketStatus.InProgress)
        {
            throw Status is TicketStatus.Registered or TicketStatus.Reopened
                ? new TicketActionException($"Сначала возьмите заявку #{Number} в работу: /claim {Number}", $"Take request #{Number} first: /claim {Number}")
                : Refuse("решить", "resolve");
        }

        RequireHolderOrManager(by, "решить", "resolve");
        Lifecycle.Fire(TicketTrigger.Resolve);
        ResolvedAt = at;
        _events.Add(new TicketEvent(TicketEventKind.Resolved, Actor.Of(by), at, summary ?? string.Empty));
    }

    /// <summary>The customer confirms the problem is solved.</summary>
    public void Confirm(Instant at)
    {
        Fire(TicketTrigger.Confirm, "закрыть", "close");
        ClosedAt = at;
        _events.Add(new TicketEvent(TicketEventKind.Confirmed, Actor.Customer(Customer), at, "проблема решена"));
        _events.Add(new TicketEvent(TicketEventKind.Closed, Actor.Customer(Customer), at, "по подтверждению клиента"));
    }

    /// <summary>The customer says the problem is not solved: a new reaction window from now, at the current level.</summary>
    public ReactionWindow Reopen(Instant at, SlaPolicy policy)
    {
        Fire(TicketTrigger.Reopen, "открыть снова", "reopen");
        ReopenCount++;
        HolderId = null;
        HolderName = null;
        ResolvedAt = null;
        ReactionWindowStart = at;
        ReactionDeadline = policy.ReactionDeadline(Level, at);
        ReactedAt = null;
        var window = new ReactionWindow(_windows.Count == 0 ? ReopenCount + 1 : _windows.Max(w => w.Sequence) + 1, at, Level, ReactionDeadline);
        _windows.Add(window);
        _events.Add(new TicketEvent(TicketEventKind.Reopened, Actor.Customer(Customer), at, $"новое окно реакции, уровень {(int)Level}"));
        return window;
    }

    /// <summary>No answer to «Проблема решена?» for the configured days: closes by itself.</summary>
    public bool AutoCloseIfDue(Instant now, Duration after)
    {
        if (Status != TicketStatus.Resolved || ResolvedAt is not { } resolved || now < resolved + after)
        {
            return false;
        }

        Lifecycle.Fire(TicketTrigger.AutoClose);
        ClosedAt = now;
        _events.Add(new TicketEvent(TicketEventKind.Closed, Actor.System, now, $"без ответа клиента {after.Days} дн."));
        return true;
    }

    /// <summary>Records an escalation or a delivery problem in the history.</summary>
    public void Record(TicketEventKind kind, Actor actor, Instant at, string details) =>
        _events.Add(new TicketEvent(kind, actor, at, details));

    public bool IsHeldBy(StaffMember staff) => HolderId == staff.UserId;

    private ReactionWindow CurrentWindow => _windows.MaxBy(w => w.Sequence)
        ?? throw new InvalidOperationException($"Ticket #{Number} has no reaction window loaded.");

    private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? string.Empty : $": {reason.Trim()}";

    private static string Preview(string? text, IReadOnlyList<AttachmentRef> attachments) =>
        Localization.Texts.Preview(text ?? string.Empty, 200) + (attachments.Count > 0 ? $" [{Localization.Texts.Files(attachments.Count, Localization.Language.Ru)}]" : string.Empty);

    private void RequireHolderOrManager(StaffMember by, string ru, string en)
    {
        if (!by.IsManager && HolderId is not null && HolderId != by.UserId)
        {
            throw new TicketActionException(
                $"Заявку #{Number} ведёт {HolderName}: {ru} её может только он или менеджер.",
                $"Request #{Number} is held by {HolderName}: only they or a manager can {en} it.");
        }
    }

    private void Fire(TicketTrigger trigger, string ru, string en)
    {
        if (!Lifecycle.CanFire(trigger))
        {
            throw Refuse(ru, en);
        }

        Lifecycle.Fire(trigger);
    }

    private TicketActionException Refuse(string ru, string en) => new(
        $"Заявку #{Number} нельзя {ru} — она {Localization.Texts.StatusName(Status, Localization.Language.Ru)}.",
        $"Request #{Number} cannot {en} it now — it is {Localization.Texts.StatusName(Status, Localization.Language.En)}.");

    private StateMachine<TicketStatus, TicketTrigger> CreateLifecycle()
    {
        var machine = new StateMachine<TicketStatus, TicketTrigger>(() => Status, s => Status = s);
        machine.Configure(TicketStatus.Registered)
            .Permit(TicketTrigger.Claim, TicketStatus.InProgress)
            .PermitReentry(TicketTrigger.ChangeLevel);
        machine.Configure(TicketStatus.Reopened)
            .Permit(TicketTrigger.Claim, TicketStatus.InProgress)
            .PermitReentry(TicketTrigger.ChangeLevel);
        machine.Configure(TicketStatus.InProgress)
            .PermitDynamic(TicketTrigger.Release, () => ReopenCount > 0 ? TicketStatus.Reopened : TicketStatus.Registered)
            .Permit(TicketTrigger.Resolve, TicketStatus.Resolved)
            .PermitReentry(TicketTrigger.ChangeLevel);
        machine.Configure(TicketStatus.Resolved)
            .Permit(TicketTrigger.Confirm, TicketStatus.Closed)
            .Permit(TicketTrigger.Reopen, TicketStatus.Reopened)
            .Permit(TicketTrigger.AutoClose, TicketStatus.Closed);
        machine.Configure(TicketStatus.Closed);
        return machine;
    }

    /// <summary>The lifecycle's diagram (Mermaid), from the configured machine.</summary>
    public static string LifecycleDiagram() => Stateless.Graph.MermaidGraph.Format(new Ticket().CreateLifecycle().GetInfo());
}

public enum TicketTrigger
{
    Claim,
    Release,
    ChangeLevel,
    Resolve,
    Confirm,
    Reopen,
    AutoClose,
}

/// <summary>What the intake dialogue hands over for registration.</summary>
public sealed record TicketDraft(
    string Organisation,
    RequestCategory Category,
    string Description,
    IReadOnlyList<AttachmentRef> Attachments,
    PriorityLevel Level,
    LevelChoice LevelChoice,
    Instant Received)
{
    /// <summary>Registered by the registration hour: the customer never confirmed the summary, so an engineer should check it.</summary>
    public bool Unconfirmed { get; init; }
}

public enum TicketAuthor
{
    Customer,
    Engineer,
    System,

    /// <summary>An internal note: never shown to the customer.</summary>
    Internal,
}

public sealed class TicketAttachment
{
    private TicketAttachment()
    {
        File = null!;
    }

    public TicketAttachment(AttachmentRef file, TicketAuthor author, Instant added)
    {
        File = file;
        Author = author;
        Added = added;
    }

    public long Id { get; private set; }

    public AttachmentRef File { get; private set; }

    public TicketAuthor Author { get; private set; }

    public Instant Added { get; private set; }
}

public sealed class TicketMessage
{
    private TicketMessage()
    {
        AuthorName = string.Empty;
        Text = string.Empty;
        Attachments = [];
    }

    public TicketMessage(TicketAuthor author, string authorName, string text, IReadOnlyList<AttachmentRef> attachments, Instant at)
    {
        Author = author;
        AuthorName = authorName;
        Text = text;
        Attachments = attachments;
        At = at;
    }

    public long Id { get; private set; }

    public TicketAuthor Author { get; private set; }

    public string AuthorName { get; private set; }

    public string Text { get; private set; }

    public IReadOnlyList<AttachmentRef> Attachments { get; private set; }

    public Instant At { get; private set; }

    public bool VisibleToCustomer => Author is TicketAuthor.Customer or TicketAuthor.Engineer;
}
