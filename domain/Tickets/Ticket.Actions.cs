using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Escalation;
using ChatSupport.Domain.Sla;
using NodaTime;

namespace ChatSupport.Domain.Tickets;

/// <summary>What people do to a ticket: each action asks the lifecycle first, then changes the ticket and writes its history line.</summary>
public sealed partial class Ticket
{
    /// <summary>
    /// An engineer takes the ticket. The first claim in a reaction window ends it: returns that window
    /// (met or breached); null when the window was already reacted to (a claim after a release).
    /// </summary>
    public ReactionWindow? Claim(StaffMember by, Instant at)
    {
        Fire(TicketAction.Claim, by);
        HolderId = by.UserId;
        HolderName = by.Name;
        AssigneeId = null;
        AssigneeName = null;
        var window = CurrentWindow;
        ReactionWindow? ended = null;
        if (window.IsOpen)
        {
            window.Claim(by, at);
            ReactedAt = at;
            ended = window;
        }

        _events.Add(new TicketEvent(TicketEventKind.Claimed, Actor.Of(by), at, ended is null
            ? new TicketEventData { Reaction = ReactionOutcome.AlreadyRecorded }
            : ended.Met == true
                ? new TicketEventData { Reaction = ReactionOutcome.Met }
                : new TicketEventData { Reaction = ReactionOutcome.Late, LateSeconds = (long)ended.Deadline.OverdueAt(at).TotalSeconds }));
        return ended;
    }

    /// <summary>
    /// A manager gives the ticket to <paramref name="assignee"/>. A waiting ticket stays waiting, assigned: the regulation's
    /// reaction is an engineer taking it into work, so it is recorded when the assignee confirms (claims), and the
    /// escalation pings go on until then. A held ticket passes to the assignee at once (its reaction was recorded); the
    /// previous holder is returned. Refused for a resolved or closed ticket, or one the assignee already has.
    /// </summary>
    public string? Assign(StaffMember assignee, StaffMember by, Instant at)
    {
        if (!IsOpen || HolderId == assignee.UserId || (IsWaiting && AssigneeId == assignee.UserId))
        {
            throw new TicketActionException(new TicketRefusal(HolderId == assignee.UserId || AssigneeId == assignee.UserId ? RefusalReason.SameHolder : RefusalReason.NotNow, Number, TicketAction.Assign, Status, assignee.Name));
        }

        string? previous = null;
        if (IsWaiting)
        {
            AssigneeId = assignee.UserId;
            AssigneeName = assignee.Name;
        }
        else
        {
            previous = HolderName;
            HolderId = assignee.UserId;
            HolderName = assignee.Name;
        }

        _events.Add(new TicketEvent(TicketEventKind.Assigned, Actor.Of(by), at, new TicketEventData { Assignee = assignee.Name, Holder = previous }));
        return previous;
    }

    /// <summary>
    /// Links the open ticket to an open incident (by staff, or by the customer: <paramref name="by"/> null). Its own
    /// reaction window and history go on untouched. False when it already is in this incident; refused when closed.
    /// </summary>
    public bool LinkIncident(Incident incident, StaffMember? by, Instant at)
    {
        if (!IsOpen || !incident.IsOpen)
        {
            throw new TicketActionException(new TicketRefusal(RefusalReason.NotNow, Number, TicketAction.LinkIncident, Status, HolderName));
        }

        if (IncidentId == incident.Id)
        {
            return false;
        }

        IncidentId = incident.Id;
        _events.Add(new TicketEvent(TicketEventKind.IncidentLinked, by is null ? Actor.Customer(Customer) : Actor.Of(by), at, new TicketEventData { Incident = incident.Id }));
        return true;
    }

    /// <summary>Takes the ticket out of its incident (staff; <paramref name="by"/> null: the system, the customer reopened it). False when it was in none.</summary>
    public bool UnlinkIncident(StaffMember? by, Instant at)
    {
        if (IncidentId is not { } incident)
        {
            return false;
        }

        IncidentId = null;
        _events.Add(new TicketEvent(TicketEventKind.IncidentUnlinked, by is null ? Actor.System : Actor.Of(by), at, new TicketEventData { Incident = incident }));
        return true;
    }

    /// <summary>The incident's news to this ticket's customer: stored as the engineer's message (whoever holds the ticket), in any open state.</summary>
    public TicketMessage AddIncidentNews(StaffMember by, string text, Instant at)
    {
        if (!IsOpen || IncidentId is not { } incident)
        {
            throw new TicketActionException(new TicketRefusal(RefusalReason.NotNow, Number, TicketAction.Reply, Status, HolderName));
        }

        var message = new TicketMessage(TicketAuthor.Engineer, by.Name, text, [], at);
        _messages.Add(message);
        _events.Add(new TicketEvent(TicketEventKind.IncidentNews, Actor.Of(by), at, Said(text, []) with { Incident = incident }));
        return message;
    }

    /// <summary>
    /// The assignee cannot take the waiting ticket (busy, off sick, not their field): the assignment ends and the ticket
    /// waits for anyone, its pings going on. False when it is not (or no longer) assigned to them.
    /// </summary>
    public bool DeclineAssignment(StaffMember by, Instant at)
    {
        if (!IsWaiting || AssigneeId != by.UserId)
        {
            return false;
        }

        AssigneeId = null;
        AssigneeName = null;
        _events.Add(new TicketEvent(TicketEventKind.AssignmentDeclined, Actor.Of(by), at, new TicketEventData { Assignee = by.Name }));
        return true;
    }

    /// <summary>Back to the queue; the reaction already recorded stays.</summary>
    public void Release(StaffMember by, string? reason, Instant at)
    {
        var holder = HolderName;
        Fire(TicketAction.Release, by);
        _events.Add(new TicketEvent(TicketEventKind.Released, Actor.Of(by), at, new TicketEventData { Holder = holder, Text = Trimmed(reason) }));
        HolderId = null;
        HolderName = null;
    }

    /// <summary>
    /// Changes the level. An open reaction window gets its deadline recomputed from its start (the original
    /// registration, or the reopening); returns whether the deadline changed.
    /// </summary>
    public bool ChangeLevel(PriorityLevel level, string reason, StaffMember by, Instant at, SlaPolicy policy)
    {
        // The state and the holder are asked first, as for any change; only an allowed change to the same level is refused as such.
        var lifecycle = Lifecycle;
        if (level == Level && lifecycle.CanFire(_byStaff[TicketAction.ChangeLevel], by))
        {
            throw new TicketActionException(new TicketRefusal(RefusalReason.SameLevel, Number, TicketAction.ChangeLevel, Status, HolderName, level));
        }

        Fire(TicketAction.ChangeLevel, by);
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

        _events.Add(new TicketEvent(TicketEventKind.LevelChanged, Actor.Of(by), at, new TicketEventData { PreviousLevel = (int)old, Level = (int)level, Text = Trimmed(reason) }));
        return recomputed;
    }

    /// <summary>
    /// The customer asks for another level while the ticket waits for an engineer (a letter answering the
    /// acknowledgement with «уровень 1»): the waiting window's deadline is recomputed from its start, as an engineer's
    /// change would. Once an engineer holds the ticket only they change it; false then, and when nothing would change.
    /// </summary>
    public bool ChangeLevelByCustomer(PriorityLevel level, Instant at, SlaPolicy policy)
    {
        if (!IsWaiting || level == Level)
        {
            return false;
        }

        var old = Level;
        Level = level;
        LevelChoice = LevelChoice.Customer;
        var window = CurrentWindow;
        ReactionDeadline = policy.ReactionDeadline(level, window.Start);
        window.Reset(level, ReactionDeadline);
        _events.Add(new TicketEvent(TicketEventKind.LevelChanged, Actor.Customer(Customer), at, new TicketEventData { PreviousLevel = (int)old, Level = (int)level }));
        return true;
    }

    /// <summary>An engineer's message to the customer, stored before it is sent.</summary>
    public TicketMessage AddEngineerReply(StaffMember by, string? text, IReadOnlyList<AttachmentRef> attachments, Instant at)
    {
        Fire(TicketAction.Reply, by);
        var message = new TicketMessage(TicketAuthor.Engineer, by.Name, text ?? string.Empty, attachments, at);
        _messages.Add(message);
        _attachments.AddRange(attachments.Select(a => new TicketAttachment(a, TicketAuthor.Engineer, at)));
        _events.Add(new TicketEvent(TicketEventKind.EngineerMessage, Actor.Of(by), at, Said(text, attachments)));
        return message;
    }

    /// <summary>An internal note: never shown to the customer; any staff member may add one, whatever the state.</summary>
    public TicketMessage AddNote(StaffMember by, string text, Instant at)
    {
        var message = new TicketMessage(TicketAuthor.Internal, by.Name, text, [], at);
        _messages.Add(message);
        _events.Add(new TicketEvent(TicketEventKind.Note, Actor.Of(by), at, Said(text, [])));
        return message;
    }

    /// <summary>
    /// A message the customer sent about this ticket after it was registered. Returns true when it answers the holder's
    /// question: the ticket is back in progress with them. A message that cannot be an answer (an automatic reply to a
    /// letter: <paramref name="answers"/> false) is stored and the wait goes on.
    /// </summary>
    public bool AddCustomerComment(string? text, IReadOnlyList<AttachmentRef> attachments, Instant at, bool answers = true)
    {
        var waited = Status == TicketStatus.AwaitingCustomer && answers ? AwaitingSince : null;
        if (Status != TicketStatus.AwaitingCustomer || answers)
        {
            Lifecycle.Fire(TicketAction.Comment);
        }

        var message = new TicketMessage(TicketAuthor.Customer, Customer.Name, text ?? string.Empty, attachments, at);
        _messages.Add(message);
        _attachments.AddRange(attachments.Select(a => new TicketAttachment(a, TicketAuthor.Customer, at)));
        _events.Add(new TicketEvent(TicketEventKind.CustomerMessage, Actor.Customer(Customer), at, Said(text, attachments)));
        if (waited is { } since)
        {
            _events.Add(new TicketEvent(TicketEventKind.CustomerAnswered, Actor.Customer(Customer), at,
                new TicketEventData { Holder = HolderName, WaitedSeconds = (long)(at - since).TotalSeconds }));
            return true;
        }

        return false;
    }

    /// <summary>
    /// The holder asks the customer (the question goes to them as the engineer's message) and the ticket waits for the
    /// answer. Without a question it waits for the answer to what the holder last wrote (the button under «Отправлено
    /// клиенту»). Asking again restarts the wait. Returns the question's message, or null when there was none.
    /// </summary>
    public TicketMessage? AskCustomer(StaffMember by, string? question, Instant at)
    {
        Fire(TicketAction.AskCustomer, by);
        AwaitingSince = at;
        AwaitingRemindedAt = null;
        TicketMessage? message = null;
        if (Trimmed(question) is { } asked)
        {
            message = new TicketMessage(TicketAuthor.Engineer, by.Name, asked, [], at);
            _messages.Add(message);
        }

        _events.Add(new TicketEvent(TicketEventKind.AskedCustomer, Actor.Of(by), at, Said(question, [])));
        return message;
    }

    /// <summary>The customer has not answered for <paramref name="after"/>: reminded once per wait. True when the reminder is due now.</summary>
    public bool RemindCustomerIfDue(Instant now, Duration after)
    {
        if (Status != TicketStatus.AwaitingCustomer || AwaitingSince is not { } since || AwaitingRemindedAt is not null || now < since + after)
        {
            return false;
        }

        AwaitingRemindedAt = now;
        _events.Add(new TicketEvent(TicketEventKind.CustomerReminded, Actor.System, now, new TicketEventData { WaitedSeconds = (long)(now - since).TotalSeconds }));
        return true;
    }

    /// <summary>No answer to the holder's question for <paramref name="after"/>: the ticket closes. True when it closed now.</summary>
    public bool CloseIfUnanswered(Instant now, Duration after)
    {
        if (Status != TicketStatus.AwaitingCustomer || AwaitingSince is not { } since || now < since + after)
        {
            return false;
        }

        Lifecycle.Fire(TicketAction.CloseUnanswered);
        ClosedAt = now;
        _events.Add(new TicketEvent(TicketEventKind.Closed, Actor.System, now, new TicketEventData { Closed = CloseReason.QuestionUnanswered, WaitedSeconds = (long)(now - since).TotalSeconds }));
        return true;
    }

    public void Resolve(StaffMember by, string? summary, Instant at)
    {
        Fire(TicketAction.Resolve, by);
        ResolvedAt = at;
        _events.Add(new TicketEvent(TicketEventKind.Resolved, Actor.Of(by), at, new TicketEventData { Text = Trimmed(summary) }));
    }

    /// <summary>The customer confirms the problem is solved.</summary>
    public void Confirm(Instant at)
    {
        Lifecycle.Fire(TicketAction.Confirm);
        ClosedAt = at;
        _events.Add(new TicketEvent(TicketEventKind.Confirmed, Actor.Customer(Customer), at, TicketEventData.None));
        _events.Add(new TicketEvent(TicketEventKind.Closed, Actor.Customer(Customer), at, new TicketEventData { Closed = CloseReason.Confirmed }));
    }

    /// <summary>The customer says the problem is not solved: a new reaction window from now, at the current level.</summary>
    public ReactionWindow Reopen(Instant at, SlaPolicy policy)
    {
        Lifecycle.Fire(TicketAction.Reopen);
        // Not solved for this customer: it is their own problem now, with its own card and claim.
        UnlinkIncident(null, at);
        ReopenCount++;
        HolderId = null;
        HolderName = null;
        ResolvedAt = null;
        ReactionWindowStart = at;
        ReactionDeadline = policy.ReactionDeadline(Level, at);
        ReactedAt = null;
        var window = new ReactionWindow(_windows.Count == 0 ? ReopenCount + 1 : _windows.Max(w => w.Sequence) + 1, at, Level, ReactionDeadline);
        _windows.Add(window);
        _events.Add(new TicketEvent(TicketEventKind.Reopened, Actor.Customer(Customer), at, new TicketEventData { Level = (int)Level }));
        return window;
    }

    /// <summary>No answer to «Проблема решена?» for the configured time: closes by itself.</summary>
    public bool AutoCloseIfDue(Instant now, Duration after)
    {
        if (!Lifecycle.CanFire(TicketAction.AutoClose) || ResolvedAt is not { } resolved || now < resolved + after)
        {
            return false;
        }

        Lifecycle.Fire(TicketAction.AutoClose);
        ClosedAt = now;
        _events.Add(new TicketEvent(TicketEventKind.Closed, Actor.System, now, new TicketEventData { Closed = CloseReason.NoAnswer, WaitedSeconds = (long)after.TotalSeconds }));
        return true;
    }

    /// <summary>How long after the score the customer's next message is taken as its comment.</summary>
    public static readonly Duration SatisfactionCommentWindow = Duration.FromMinutes(10);

    /// <summary>The longest comment kept on a score.</summary>
    public const int SatisfactionCommentMax = 1000;

    /// <summary>Closed: the customer is asked to rate the support, once. True when they should be asked now.</summary>
    public bool AskSatisfaction(Instant at)
    {
        if (Status != TicketStatus.Closed || SatisfactionAskedAt is not null)
        {
            return false;
        }

        SatisfactionAskedAt = at;
        _events.Add(new TicketEvent(TicketEventKind.SatisfactionAsked, Actor.System, at, TicketEventData.None));
        return true;
    }

    /// <summary>The customer's score (1–5): kept once; a second press changes nothing. True when it was recorded now.</summary>
    public bool Rate(int score, Instant at)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(score, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 5);
        if (SatisfactionAskedAt is null || SatisfactionScore is not null)
        {
            return false;
        }

        SatisfactionScore = score;
        SatisfactionAt = at;
        _events.Add(new TicketEvent(TicketEventKind.SatisfactionRated, Actor.Customer(Customer), at, new TicketEventData { Score = score }));
        return true;
    }

    /// <summary>The customer's words on their score, within <see cref="SatisfactionCommentWindow"/> of it, once. True when kept.</summary>
    public bool CommentSatisfaction(string? text, Instant at)
    {
        var comment = Trimmed(text);
        // An erased ticket takes no new words of the customer's (a score is a number; a comment is personal data).
        if (comment is null || SatisfactionAt is not { } rated || at > rated + SatisfactionCommentWindow || SatisfactionComment is not null || ErasedAt is not null)
        {
            return false;
        }

        SatisfactionComment = Localization.Texts.SafeCut(comment, SatisfactionCommentMax);
        _events.Add(new TicketEvent(TicketEventKind.SatisfactionCommented, Actor.Customer(Customer), at, new TicketEventData { Text = Localization.Texts.Preview(comment, 200) }));
        return true;
    }

    /// <summary>A score a manager should hear about at once.</summary>
    public bool HasLowScore => SatisfactionScore is 1 or 2;

    /// <summary>An escalation ping went out about this ticket.</summary>
    public void RecordEscalation(string step, bool repeat, EscalationTarget to, Duration late, Instant at) =>
        _events.Add(new TicketEvent(TicketEventKind.Escalated, Actor.System, at, new TicketEventData
        {
            Step = step,
            Repeat = repeat ? true : null,
            To = to,
            LateSeconds = late > Duration.Zero ? (long)late.TotalSeconds : null,
        }));

    /// <summary>The customer's messenger refused the bot's messages.</summary>
    public void RecordUndeliverable(string channel, string error, Instant at) =>
        _events.Add(new TicketEvent(TicketEventKind.Undeliverable, Actor.System, at, new TicketEventData { Channel = channel, Error = error }));

    public bool IsHeldBy(StaffMember staff) => HolderId == staff.UserId;

    /// <summary>
    /// Records that the customer's personal data was erased from this closed ticket (the database has erased it): the
    /// history says when and why, never what. A second erasure of an erased ticket records nothing.
    /// </summary>
    public void RecordErasure(Instant at, ErasureReason reason)
    {
        if (Status != TicketStatus.Closed)
        {
            throw new InvalidOperationException($"Ticket #{Number} is {Status}: personal data is erased from closed tickets only.");
        }

        if (ErasedAt is not null)
        {
            return;
        }

        ErasedAt = at;
        var by = reason == ErasureReason.CustomerRequest ? new Actor(ActorKind.Customer, Anonymised.Text) : Actor.System;
        _events.Add(new TicketEvent(TicketEventKind.PersonalDataErased, by, at, new TicketEventData { Erasure = reason }));
    }
}
