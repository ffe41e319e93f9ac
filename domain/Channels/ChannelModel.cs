namespace ChatSupport.Domain.Channels;

/// <summary>The messengers (and the local demo) the desk talks through.</summary>
public enum ChannelKind
{
    Telegram,
    Max,
    Demo,
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
public sealed record AttachmentRef(AttachmentKind Kind, string FileId, string? FileName, string? MimeType, long? Size)
{
    /// <summary>The messenger that holds the file (older records: Telegram).</summary>
    public ChannelKind Channel { get; init; } = ChannelKind.Telegram;

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

/// <summary>A button under a message: its label and the data it sends back when pressed.</summary>
public sealed record Button(string Text, string Data);

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
}

/// <summary>A person mentioned in a message, by their messenger user id.</summary>
public sealed record Mention(string UserId, string Name);
