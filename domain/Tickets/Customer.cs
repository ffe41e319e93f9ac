using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using NodaTime;

namespace ChatSupport.Domain.Tickets;

/// <summary>What the desk waits for from a customer outside the intake dialogue.</summary>
public enum CustomerAwaiting
{
    Nothing,

    /// <summary>/profile asked for a new organisation name.</summary>
    Organisation,

    /// <summary>A message arrived with several open tickets; the customer picks which one it is about.</summary>
    CommentTarget,

    /// <summary>The customer just rated a closed ticket: their next message (for a while) is the comment on the score.</summary>
    SatisfactionComment,
}

/// <summary>A person who writes to the desk from one messenger account. Identity is per channel.</summary>
public sealed class Customer
{
    private Customer()
    {
        UserId = ChatId = DisplayName = string.Empty;
    }

    public long Id { get; private set; }

    public ChannelKind Channel { get; private set; }

    public string UserId { get; private set; }

    public string ChatId { get; private set; }

    public string DisplayName { get; private set; }

    public string? Username { get; private set; }

    public string? Organisation { get; private set; }

    public Language Language { get; private set; }

    /// <summary>Set once the customer chose a language with /lang; the messenger's hint no longer applies.</summary>
    public bool LanguageChosen { get; private set; }

    public CustomerAwaiting Awaiting { get; private set; }

    /// <summary>A message held while the customer picks the ticket it belongs to.</summary>
    public PendingComment? PendingComment { get; private set; }

    /// <summary>The ticket whose score the next message comments on, and until when.</summary>
    public int? AwaitingTicket { get; private set; }

    public Instant? AwaitingUntil { get; private set; }

    /// <summary>When the privacy notice was shown (the consent record: 152-ФЗ); null before it was.</summary>
    public Instant? PrivacyNoticeAt { get; private set; }

    /// <summary>When the customer's personal data was last erased; a later message fills the profile again.</summary>
    public Instant? ErasedAt { get; private set; }

    public void PrivacyNoticeShown(Instant at) => PrivacyNoticeAt ??= at;

    /// <summary>Blocked by a manager (abuse): their messages are kept but reach no one.</summary>
    public Instant? BlockedAt { get; private set; }

    public string? BlockedBy { get; private set; }

    public string? BlockReason { get; private set; }

    /// <summary>When they were told, once, that support does not take their messages.</summary>
    public Instant? BlockNoticeAt { get; private set; }

    public bool IsBlocked => BlockedAt is not null;

    /// <summary>A manager blocks the customer; false when they were blocked already.</summary>
    public bool Block(string by, string? reason, Instant at)
    {
        if (IsBlocked)
        {
            return false;
        }

        BlockedAt = at;
        BlockedBy = by;
        BlockReason = reason;
        BlockNoticeAt = null;
        StopAwaiting();
        return true;
    }

    /// <summary>Lifted; false when they were not blocked.</summary>
    public bool Unblock()
    {
        if (!IsBlocked)
        {
            return false;
        }

        BlockedAt = null;
        BlockedBy = null;
        BlockReason = null;
        BlockNoticeAt = null;
        return true;
    }

    /// <summary>True the first time: the customer is to be told (once) that support does not take their messages.</summary>
    public bool TellBlockedOnce(Instant at)
    {
        if (BlockNoticeAt is not null)
        {
            return false;
        }

        BlockNoticeAt = at;
        return true;
    }

    public static Customer FirstSeen(ChannelKind channel, Sender sender, string chatId) => new()
    {
        Channel = channel,
        UserId = sender.UserId,
        ChatId = chatId,
        DisplayName = sender.DisplayName,
        Username = sender.Username,
        Language = LanguageHint(sender.LanguageCode),
    };

    /// <summary>Russian unless the messenger says the user reads English.</summary>
    public static Language LanguageHint(string? languageCode) =>
        languageCode is { Length: >= 2 } code && code.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Language.En : Language.Ru;

    /// <summary>Keeps the name, username and chat current; follows the messenger's language until one is chosen.</summary>
    public void Seen(Sender sender, string chatId)
    {
        DisplayName = sender.DisplayName;
        Username = sender.Username;
        ChatId = chatId;
        if (!LanguageChosen && sender.LanguageCode is not null)
        {
            Language = LanguageHint(sender.LanguageCode);
        }
    }

    public void ChooseLanguage(Language language)
    {
        Language = language;
        LanguageChosen = true;
    }

    public void SetOrganisation(string organisation)
    {
        Organisation = IntakeRules.NormaliseOrganisation(organisation)
            ?? throw new ArgumentException("An organisation name is 2 to 200 characters.", nameof(organisation));
        Awaiting = Awaiting == CustomerAwaiting.Organisation ? CustomerAwaiting.Nothing : Awaiting;
    }

    public void AwaitOrganisation()
    {
        StopAwaiting();
        Awaiting = CustomerAwaiting.Organisation;
    }

    public void HoldComment(PendingComment comment)
    {
        StopAwaiting();
        PendingComment = comment;
        Awaiting = CustomerAwaiting.CommentTarget;
    }

    public PendingComment? TakeComment()
    {
        var comment = PendingComment;
        StopAwaiting();
        return comment;
    }

    /// <summary>
    /// The profile's personal data erased (152-ФЗ): name, username, organisation, anything held. A customer known by an
    /// address (e-mail) loses it too — <paramref name="anonymousId"/> takes its place, and a later letter from the
    /// address starts a new profile; a messenger id stays, or the messenger could not reach them to confirm.
    /// </summary>
    public void Erase(Instant at, string? anonymousId)
    {
        StopAwaiting();
        DisplayName = Anonymised.Text;
        Username = null;
        Organisation = null;
        ErasedAt = at;
        if (anonymousId is not null)
        {
            UserId = ChatId = anonymousId;
        }
    }

    public void StopAwaiting()
    {
        Awaiting = CustomerAwaiting.Nothing;
        PendingComment = null;
        AwaitingTicket = null;
        AwaitingUntil = null;
    }

    /// <summary>The customer rated ticket <paramref name="number"/>: their next message until <paramref name="until"/> is its comment.</summary>
    public void AwaitSatisfactionComment(int number, Instant until)
    {
        if (Awaiting is CustomerAwaiting.CommentTarget or CustomerAwaiting.Organisation)
        {
            // A held message waits for its ticket, or /profile for a name: the score is kept, its comment window is not opened.
            return;
        }

        Awaiting = CustomerAwaiting.SatisfactionComment;
        PendingComment = null;
        AwaitingTicket = number;
        AwaitingUntil = until;
    }

    /// <summary>The ticket a message at <paramref name="now"/> comments the score of, if the customer is still within the window.</summary>
    public int? SatisfactionCommentFor(Instant now) =>
        Awaiting == CustomerAwaiting.SatisfactionComment && AwaitingUntil is { } until && now <= until ? AwaitingTicket : null;

    public CustomerSnapshot Snapshot(string organisation) => new(Id, Channel, UserId, ChatId, DisplayName, Username, organisation);
}

public sealed record PendingComment(string? Text, IReadOnlyList<AttachmentRef> Attachments);

/// <summary>Limits on what customers type, in one place.</summary>
public static class IntakeRules
{
    public const int OrganisationMin = 2;
    public const int OrganisationMax = 200;
    public const int DescriptionMaxChars = 20_000;
    public const int MaxAttachments = 30;

    /// <summary>The organisation as stored (trimmed, inner whitespace folded), or null if out of bounds.</summary>
    public static string? NormaliseOrganisation(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var folded = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return folded.Length is >= OrganisationMin and <= OrganisationMax ? folded : null;
    }
}
