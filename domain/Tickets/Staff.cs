namespace ChatSupport.Domain.Tickets;

public enum StaffRole
{
    Engineer,
    Manager,
}

/// <summary>A support engineer or manager (configuration <c>Support:Staff</c>). Managers can do everything engineers can.</summary>
public sealed record StaffMember(string Name, StaffRole Role, string UserId, Localization.Language Language = Localization.Language.Ru)
{
    public bool IsManager => Role == StaffRole.Manager;
}

/// <summary>Who did something to a ticket, for its history.</summary>
public sealed record Actor(ActorKind Kind, string Name, string? Id = null)
{
    /// <summary>The bot itself (the name is a placeholder: the texts name the system in the reader's language).</summary>
    public static readonly Actor System = new(ActorKind.System, "System");

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
