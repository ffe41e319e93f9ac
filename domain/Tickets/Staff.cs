namespace ChatSupport.Domain.Tickets;

public enum StaffRole
{
    Engineer,
    Manager,
}

/// <summary>A support engineer or manager (configuration <c>Support:Staff</c>). Managers can do everything engineers can.</summary>
public sealed record StaffMember(string Name, StaffRole Role, string UserId)
{
    public bool IsManager => Role == StaffRole.Manager;
}

/// <summary>Who did something to a ticket, for its history.</summary>
public sealed record Actor(ActorKind Kind, string Name, string? Id = null)
{
    public static readonly Actor System = new(ActorKind.System, "Система");

    public static Actor Of(StaffMember staff) => new(staff.IsManager ? ActorKind.Manager : ActorKind.Engineer, staff.Name, staff.UserId);

    public static Actor Customer(CustomerSnapshot customer) => new(ActorKind.Customer, customer.Name, customer.UserId);
}

public enum ActorKind
{
    Customer,
    Engineer,
    Manager,
    System,
}

/// <summary>An action the ticket's rules do not allow now; the text says why, in both languages.</summary>
public sealed class TicketActionException(string ru, string en) : Exception(en)
{
    public string Ru { get; } = ru;

    public string En { get; } = en;

    public string In(Localization.Language language) => language == Localization.Language.En ? En : Ru;
}
