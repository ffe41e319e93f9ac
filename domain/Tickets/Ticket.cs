using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Sla;
using NodaTime;

namespace ChatSupport.Domain.Tickets;

/// <summary>Who the customer is at the moment the ticket was registered (kept on the ticket as it was).</summary>
public sealed record CustomerSnapshot(long CustomerId, ChannelKind Channel, string UserId, string ChatId, string Name, string? Username, string Organisation);

/// <summary>
/// A registered request. Its number is human (<c>#12</c>), never reused; its reaction deadline follows
/// the regulation from the registration (or reopening) moment.
/// </summary>
public sealed class Ticket
{
    private readonly List<TicketAttachment> _attachments = [];
    private readonly List<TicketMessage> _messages = [];

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

    public Deadline ReactionDeadline { get; private set; }

    public TicketStatus Status { get; private set; }

    public IReadOnlyCollection<TicketAttachment> Attachments => _attachments;

    public IReadOnlyCollection<TicketMessage> Messages => _messages;

    public bool IsOpen => Status != TicketStatus.Closed;

    public static Ticket Register(int number, CustomerSnapshot customer, TicketDraft draft, Instant registered, SlaPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        var ticket = new Ticket
        {
            Number = number,
            CustomerId = customer.CustomerId,
            Customer = customer,
            Category = draft.Category,
            Description = draft.Description,
            Level = draft.Level,
            LevelChoice = draft.LevelChoice,
            NeedsTriage = draft.LevelChoice == LevelChoice.Triage,
            Received = draft.Received,
            Registered = registered,
            ReactionWindowStart = registered,
            ReactionDeadline = policy.ReactionDeadline(draft.Level, registered),
            Status = TicketStatus.Registered,
        };
        ticket._attachments.AddRange(draft.Attachments.Select(a => new TicketAttachment(a, TicketAuthor.Customer, registered)));
        return ticket;
    }

    /// <summary>A message the customer sent about this ticket after it was registered.</summary>
    public TicketMessage AddCustomerComment(string? text, IReadOnlyList<AttachmentRef> attachments, Instant at)
    {
        var message = new TicketMessage(TicketAuthor.Customer, Customer.Name, text ?? string.Empty, attachments, at);
        _messages.Add(message);
        _attachments.AddRange(attachments.Select(a => new TicketAttachment(a, TicketAuthor.Customer, at)));
        return message;
    }
}

/// <summary>What the intake dialogue hands over for registration.</summary>
public sealed record TicketDraft(
    string Organisation,
    RequestCategory Category,
    string Description,
    IReadOnlyList<AttachmentRef> Attachments,
    PriorityLevel Level,
    LevelChoice LevelChoice,
    Instant Received);

public enum TicketAuthor
{
    Customer,
    Engineer,
    System,
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
}
