namespace ChatSupport.Domain.Channels;

/// <summary>
/// A messenger the desk talks through, by name. Telegram and MAX are the ones customers use today; an adapter can
/// bring another (the local demo, e-mail) without the domain knowing it — nothing here defaults to one of them.
/// </summary>
public readonly record struct ChannelKind
{
    public static readonly ChannelKind Telegram = new("Telegram");

    public static readonly ChannelKind Max = new("Max");

    public ChannelKind(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 32 || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"A channel's name is 1–32 ASCII letters or digits, not «{name}».", nameof(name));
        }

        Name = name;
    }

    /// <summary>The name as stored and logged (<c>Telegram</c>, <c>Max</c>); null only for <c>default</c>, which is no channel.</summary>
    public string Name { get; }

    public override string ToString() => Name ?? "(none)";
}

public enum ChatKind
{
    Private,
    Group,
    Channel,
}

/// <summary>A chat in a messenger: the channel and the messenger's own chat id.</summary>
public readonly record struct ChatAddress(ChannelKind Channel, string ChatId)
{
    public override string ToString() => $"{Channel}:{ChatId}";
}

/// <summary>Who sent an update, as the messenger describes them.</summary>
public sealed record Sender(string UserId, string DisplayName, string? Username, string? LanguageCode, bool IsBot = false);

public enum AttachmentKind
{
    Photo,
    Document,
    Video,
    Audio,
}

/// <summary>
/// A file kept by reference in the messenger it came from (<see cref="Channel"/>): Telegram's file_id, MAX's
/// attachment token with its download address in <see cref="Url"/>. Never downloaded for intake; a file that
/// must reach another messenger is fetched and uploaded at send time.
/// </summary>
public sealed record AttachmentRef(AttachmentKind Kind, string FileId, string? FileName, string? MimeType, long? Size, ChannelKind Channel)
{
    /// <summary>Where the file can be downloaded, when the messenger gives an address (MAX).</summary>
    public string? Url { get; init; }

    /// <summary>
    /// A name to show and to upload under: the sender's name made safe for a multipart header (no quotes,
    /// slashes or control characters), or one by kind.
    /// </summary>
    public string DisplayName => SafeName(FileName) ?? Kind switch
    {
        AttachmentKind.Photo => "photo.jpg",
        AttachmentKind.Video => "video.mp4",
        AttachmentKind.Audio => "audio.mp3",
        _ => "file",
    };

    private static string? SafeName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var safe = new string([.. name.Select(c => c is '"' or '\\' or '/' or ':' or '*' or '?' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c)]).Trim();
        safe = Localization.Texts.SafeCut(safe, 200);
        return safe.Trim('_', ' ', '.').Length == 0 ? null : safe;
    }
}

/// <summary>Content the desk does not take, so the customer is told what it does take.</summary>
public enum UnsupportedContent
{
    None,
    Sticker,
    Voice,
    VideoNote,
    Location,
    Contact,
    Poll,
    Dice,
    Game,
    Other,
}

/// <summary>A pressed inline button.</summary>
public sealed record ButtonPress(string CallbackId, string Data, string? MessageId);

/// <summary>
/// One update from any messenger, in the shape the desk understands. The adapter that made it
/// owns the messenger's details; everything after it works on this.
/// </summary>
public sealed record IncomingUpdate
{
    /// <summary>Unique per channel: the messenger's update id. Used to process each update exactly once.</summary>
    public required string UpdateKey { get; init; }

    public required ChannelKind Channel { get; init; }

    public required string ChatId { get; init; }

    public required ChatKind ChatKind { get; init; }

    public required Sender From { get; init; }

    public string? MessageId { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<AttachmentRef> Attachments { get; init; } = [];

    public ButtonPress? Button { get; init; }

    public UnsupportedContent Unsupported { get; init; }

    public bool IsEdit { get; init; }

    /// <summary>The message this one replies to (for relays), when the messenger says so.</summary>
    public string? ReplyToMessageId { get; init; }

    /// <summary>In a forum chat: the topic (Telegram's message_thread_id) the message was written in; null in the general topic.</summary>
    public string? Topic { get; init; }

    /// <summary>The message this one replies to was forwarded from this user (their id), when the messenger says so.</summary>
    public string? ReplyToForwardedFrom { get; init; }

    /// <summary>When the messenger says the message was written (for the update lag); null when it does not say.</summary>
    public NodaTime.Instant? SentAt { get; init; }

    /// <summary>For a letter (the e-mail channel): its subject, when the server got it, its threading ids and flags.</summary>
    public Mail.IncomingLetter? Letter { get; init; }

    public ChatAddress Chat => new(Channel, ChatId);

    public BotCommand? Command => Button is null ? BotCommand.Parse(Text) : null;
}

/// <summary>A <c>/command arg arg</c> from a message, with any <c>@BotName</c> suffix dropped.</summary>
public sealed record BotCommand(string Name, string Arguments)
{
    public IReadOnlyList<string> Args => Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static BotCommand? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '/' || text.Length < 2)
        {
            return null;
        }

        var end = 1;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        var token = text[1..end];
        var at = token.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            token = token[..at];
        }

        if (token.Length is 0 or > 32 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return null;
        }

        return new BotCommand(token.ToLowerInvariant(), text[end..].Trim());
    }
}

/// <summary>A reply in a chat: text and rows of buttons, before it is addressed.</summary>
public sealed record Reply(string Text, IReadOnlyList<IReadOnlyList<Button>> Buttons)
{
    public static Reply Plain(string text) => new(text, []);
}

/// <summary>A button under a message: its label and the data it sends back when pressed (always <see cref="Buttons.ButtonCodec"/>'s).</summary>
public sealed record Button(string Text, string Data)
{
    public static Button For(string text, Buttons.ButtonAction action) => new(text, Buttons.ButtonCodec.Encode(action));
}

/// <summary>A message the desk sends: text, rows of buttons, files by reference.</summary>
public sealed record OutgoingMessage(ChatAddress To, string Text)
{
    public IReadOnlyList<IReadOnlyList<Button>> Buttons { get; init; } = [];

    public IReadOnlyList<AttachmentRef> Attachments { get; init; } = [];

    /// <summary>When set, the sender remembers the sent message's id under this key (to edit it later).</summary>
    public string? TrackAs { get; init; }

    /// <summary>People to notify by mention; each name must appear in <see cref="Text"/> (the adapter links it).</summary>
    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>The recipient's language, for what the adapter itself may have to say (a file it could not forward).</summary>
    public Localization.Language Language { get; init; } = Localization.Language.Ru;

    /// <summary>The ticket the message is about, for a channel that threads by it (e-mail: subject «[#N] …», In-Reply-To).</summary>
    public int? Thread { get; init; }

    /// <summary>What the recipient reads instead of an attached file that cannot be sent (a picture or an export that could not be made).</summary>
    public string? FileNotice { get; init; }

    /// <summary>In a forum duty chat: the ticket whose topic the message goes into (the chat's general topic while it has none).</summary>
    public int? Topic { get; init; }

    /// <summary>In a forum duty chat: the ticket whose topic a message elsewhere links to (a ping in the general topic).</summary>
    public int? TopicLink { get; init; }
}

/// <summary>A person mentioned in a message, by their messenger user id.</summary>
public sealed record Mention(string UserId, string Name);
