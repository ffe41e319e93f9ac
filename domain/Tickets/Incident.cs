using NodaTime;

namespace ChatSupport.Domain.Tickets;

/// <summary>
/// A platform-wide failure the desk knows about (<c>/incident open</c>): customers' tickets about it are linked to it,
/// share one card in the duty chat and hear its news together. It never answers for them: each linked ticket keeps
/// its own registration, reaction window and history — taking the incident takes each waiting ticket (each reaction
/// recorded), closing it resolves each. One incident is open at a time (the database keeps it so across replicas).
/// </summary>
public sealed class Incident
{
    /// <summary>The longest title kept (it is shown on the card and to customers).</summary>
    public const int TitleMax = 200;

    /// <summary>The longest news or closing text (one Telegram message with the ticket line around it).</summary>
    public const int TextMax = 3500;

    private Incident()
    {
        Title = string.Empty;
        OpenedByName = string.Empty;
    }

    /// <summary>The incident's number (№1, №2 …), never reused.</summary>
    public long Id { get; private set; }

    public string Title { get; private set; }

    public Instant OpenedAt { get; private set; }

    public string OpenedById { get; private set; } = string.Empty;

    public string OpenedByName { get; private set; }

    /// <summary>Who took it into work last (<c>/incident claim</c> or the card's button); null until someone did.</summary>
    public string? HolderId { get; private set; }

    public string? HolderName { get; private set; }

    /// <summary>How many news messages went to the customers.</summary>
    public int UpdatesSent { get; private set; }

    public Instant? LastUpdateAt { get; private set; }

    /// <summary>When a ticket last joined or left it (every such change moves the row's version: a join and a close
    /// committed at once on two replicas conflict, and the later one is handled again from the fresh state).</summary>
    public Instant? TicketsChangedAt { get; private set; }

    /// <summary>Counts the closing questions asked: a button answers only the question it was shown under.</summary>
    public int CloseQuestion { get; private set; }

    /// <summary>The closing text asked about (<c>/incident close</c>), waiting for «Да, закрыть»; null otherwise.</summary>
    public string? PendingClose { get; private set; }

    public string? PendingCloseById { get; private set; }

    public Instant? ClosedAt { get; private set; }

    public string? ClosedByName { get; private set; }

    public string? Summary { get; private set; }

    /// <summary>1 while open, null once closed: a unique column, so the database refuses a second open incident.</summary>
    public int? OpenSlot { get; private set; }

    /// <summary>Optimistic concurrency: two people closing it at once — one wins.</summary>
    public int Version { get; private set; }

    public bool IsOpen => ClosedAt is null;

    /// <summary>The title as given, trimmed; null when it is empty or too long.</summary>
    public static string? ValidTitle(string? title) =>
        string.IsNullOrWhiteSpace(title) || title.Trim().Length > TitleMax ? null : string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public static Incident Open(string title, StaffMember by, Instant at) => new()
    {
        Title = ValidTitle(title) ?? throw new ArgumentException($"An incident's title is 1–{TitleMax} characters.", nameof(title)),
        OpenedAt = at,
        OpenedById = by.UserId,
        OpenedByName = by.Name,
        OpenSlot = 1,
    };

    /// <summary>Someone takes the incident into work: they are its holder (the tickets are claimed one by one by the caller).</summary>
    public void Take(StaffMember by)
    {
        EnsureOpen();
        HolderId = by.UserId;
        HolderName = by.Name;
    }

    public void RecordUpdate(Instant at)
    {
        EnsureOpen();
        UpdatesSent++;
        LastUpdateAt = at;
    }

    /// <summary>A ticket joined or left the incident.</summary>
    public void NoteTicketsChanged(Instant at) => TicketsChangedAt = at;

    /// <summary>Asks before closing: the text is kept until the question is answered; returns the question's number.</summary>
    public int AskToClose(string text, StaffMember by)
    {
        EnsureOpen();
        PendingClose = text;
        PendingCloseById = by.UserId;
        return ++CloseQuestion;
    }

    public void CancelClose()
    {
        PendingClose = null;
        PendingCloseById = null;
    }

    /// <summary>Closes it with the text asked about; returns that text.</summary>
    public string Close(StaffMember by, Instant at)
    {
        EnsureOpen();
        var text = PendingClose ?? throw new InvalidOperationException($"Incident {Id} has no closing text asked about.");
        Summary = text;
        ClosedAt = at;
        ClosedByName = by.Name;
        OpenSlot = null;
        CancelClose();
        return text;
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException($"Incident {Id} is closed.");
        }
    }
}
