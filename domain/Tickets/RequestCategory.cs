namespace ChatSupport.Domain.Tickets;

/// <summary>The regulation's scope of support: what a request can be about (RULES.md, "Scope of support").</summary>
public enum RequestCategory
{
    /// <summary>Диагностика проблем в работе платформы.</summary>
    Diagnostics = 1,

    /// <summary>Технические консультации по устранению неисправностей в работе платформы.</summary>
    FaultConsultation = 2,

    /// <summary>Технические консультации по вопросам функционирования и восстановления работоспособности платформы.</summary>
    OperationConsultation = 3,

    /// <summary>Доступ к обновлениям и исправлениям, технические консультации по установке обновлений.</summary>
    Updates = 4,
}

/// <summary>How a ticket's level was chosen.</summary>
public enum LevelChoice
{
    /// <summary>The customer pressed a level button.</summary>
    Customer,

    /// <summary>The customer answered the two questions and accepted the proposed level.</summary>
    Guided,

    /// <summary>The registration hour registered an abandoned dialogue without a level (level 3, needs triage).</summary>
    Triage,

    /// <summary>An engineer changed it.</summary>
    Engineer,
}

public enum TicketStatus
{
    Registered,
    InProgress,
    Resolved,
    Reopened,
    Closed,

    /// <summary>Held, and waiting for the customer's answer to the holder's question (workflow: the reaction clock stopped at the claim).</summary>
    AwaitingCustomer,
}
