using ChatSupport.Domain.Localization;

namespace ChatSupport.Domain.Buttons;

/// <summary>
/// What a button does when pressed: one record per action. <see cref="ButtonCodec"/> turns it into the few bytes a
/// messenger carries back (Telegram's callback_data, MAX's payload) and reads them — today's and older formats alike.
/// </summary>
public abstract record ButtonAction
{
    /// <summary>Only staff may press it (the duty card's buttons); anyone else is refused politely.</summary>
    public virtual bool IsStaffOnly => false;
}

/// <summary>The customer's main menu.</summary>
public enum MenuItem
{
    NewRequest,
    MyRequests,
    Help,
}

public sealed record MenuAction(MenuItem Item) : ButtonAction;

/// <summary>A page of the customer's ticket list (0 is the newest).</summary>
public sealed record TicketsPageAction(int Page) : ButtonAction;

/// <summary>The customer opens one of their tickets.</summary>
public sealed record ShowTicketAction(int Number) : ButtonAction;

public sealed record LanguageAction(Language Language) : ButtonAction;

/// <summary>The customer's held message goes to this ticket (they have several open).</summary>
public sealed record AttachCommentAction(int Number) : ButtonAction;

/// <summary>«Проблема решена?»: yes closes the ticket, no reopens it.</summary>
public sealed record ConfirmAction(int Number, bool Solved) : ButtonAction;

/// <summary>A button of the intake dialogue, shown at step <paramref name="Seq"/> (an older step's button is stale).</summary>
public sealed record IntakeAction(int Seq, IntakeKey Key, int Value = 0) : ButtonAction;

/// <summary>The duty card's «Взять в работу».</summary>
public sealed record ClaimAction(int Number) : ButtonAction
{
    public override bool IsStaffOnly => true;
}

/// <summary>The duty card's «Подробнее»: the whole ticket in the staff member's private chat.</summary>
public sealed record DetailsAction(int Number) : ButtonAction
{
    public override bool IsStaffOnly => true;
}

/// <summary>«Ждать ответа клиента» under «Отправлено клиенту»: the ticket waits for the answer to what was just sent.</summary>
public sealed record WaitAction(int Number) : ButtonAction
{
    public override bool IsStaffOnly => true;
}

/// <summary>The customer's score (1–5) for a closed ticket.</summary>
public sealed record RateAction(int Number, int Score) : ButtonAction;

/// <summary>What an intake button does; <see cref="IntakeAction.Value"/> carries the choice where there is one.</summary>
public enum IntakeKey
{
    Cancel,
    Done,
    Clear,
    AcceptProposal,
    Register,
    Guide,
    Edit,
    Back,
    EditOrganisation,
    EditCategory,
    EditDescription,
    EditLevel,

    /// <summary>Value: the category, 1–4.</summary>
    Category,

    /// <summary>Value: the level, 1–3.</summary>
    Level,

    /// <summary>Value: the guide's first answer, 1–4.</summary>
    Software,

    /// <summary>Value: 1 when another way exists, 0 when not.</summary>
    Alternative,
}

/// <summary>/forget's question answered: erase my personal data now (true), or keep it (false).</summary>
public sealed record ForgetAction(bool Erase) : ButtonAction;

/// <summary>A manager picked the engineer to assign ticket <see cref="Number"/> to (from /assign N's list).</summary>
public sealed record AssignAction(int Number, string UserId) : ButtonAction
{
    public override bool IsStaffOnly => true;
}

/// <summary>The assignee's «Не могу взять» under an assignment: the ticket waits for anyone again.</summary>
public sealed record DeclineAssignmentAction(int Number) : ButtonAction
{
    public override bool IsStaffOnly => true;
}

/// <summary>The incident card's «Взять сбой»: the incident and each of its waiting tickets into work.</summary>
public sealed record IncidentClaimAction(long Incident) : ButtonAction
{
    public override bool IsStaffOnly => true;
}

/// <summary>«Закрыть сбой?» (question <see cref="Question"/>) answered: resolve every linked ticket with the text asked about (true), or not (false).</summary>
public sealed record IncidentCloseAction(long Incident, int Question, bool Close) : ButtonAction
{
    public override bool IsStaffOnly => true;
}

/// <summary>The customer's «Моя заявка — об этом сбое»: ticket <see cref="Number"/> joins the incident.</summary>
public sealed record IncidentJoinAction(int Number, long Incident) : ButtonAction;
