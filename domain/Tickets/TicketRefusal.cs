using ChatSupport.Domain.Sla;

namespace ChatSupport.Domain.Tickets;

/// <summary>What someone tried to do to a ticket.</summary>
public enum TicketAction
{
    Claim,
    Release,
    ChangeLevel,
    Reply,
    Comment,
    Resolve,
    Confirm,
    Reopen,

    /// <summary>The system closes a resolved ticket nobody confirmed.</summary>
    AutoClose,

    /// <summary>The holder asks the customer a question and waits for the answer («ждёт ответа клиента»).</summary>
    AskCustomer,

    /// <summary>The system closes a ticket whose question the customer never answered.</summary>
    CloseUnanswered,

    /// <summary>A manager gives the ticket to an engineer (<c>/assign</c>, <c>/reassign</c>).</summary>
    Assign,

    /// <summary>Staff or the customer link the ticket to an incident.</summary>
    LinkIncident,
}

public enum RefusalReason
{
    /// <summary>Someone else already took it.</summary>
    AlreadyTaken,

    /// <summary>It waits in the queue: take it first.</summary>
    ClaimFirst,

    /// <summary>Another engineer holds it; only they or a manager may.</summary>
    HeldByOther,

    /// <summary>The level asked for is the level it has.</summary>
    SameLevel,

    /// <summary>Assigned to the engineer who already has it (holds it, or it waits for their confirmation).</summary>
    SameHolder,

    /// <summary>Not in its present state (closed, already resolved …).</summary>
    NotNow,
}

/// <summary>Why a ticket refused an action: the facts, which the texts turn into words in the reader's language.</summary>
public sealed record TicketRefusal(RefusalReason Reason, int Number, TicketAction Action, TicketStatus Status, string? Holder = null, PriorityLevel? Level = null);

/// <summary>An action the ticket's rules do not allow now.</summary>
public sealed class TicketActionException(TicketRefusal refusal)
    : Exception($"{refusal.Action} refused for #{refusal.Number} ({refusal.Status}): {refusal.Reason}")
{
    public TicketRefusal Refusal { get; } = refusal;
}
