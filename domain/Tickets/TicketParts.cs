using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Sla;
using NodaTime;

namespace ChatSupport.Domain.Tickets;

/// <summary>What the intake dialogue hands over for registration.</summary>
public sealed record TicketDraft(
    string Organisation,
    RequestCategory? Category,
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
