using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Channels;

/// <summary>What a send attempt came to; the outbox decides what to do next from it.</summary>
public abstract record SendResult
{
    public sealed record Sent(string? MessageId) : SendResult;

    /// <summary>The messenger asked to wait (HTTP 429) this long before trying again.</summary>
    public sealed record RetryAfter(TimeSpan Wait, string Error) : SendResult;

    /// <summary>A fault that may pass (5xx, timeout, connection reset).</summary>
    public sealed record Transient(string Error) : SendResult;

    /// <summary>The recipient cannot be reached: blocked the bot, left, chat gone (HTTP 403).</summary>
    public sealed record Undeliverable(string Error) : SendResult;

    /// <summary>The messenger will never accept this message as it is (HTTP 400).</summary>
    public sealed record Rejected(string Error) : SendResult;

    /// <summary>A failure on the way (connection, I/O, a timeout that is not the host stopping), not an answer: it may pass.</summary>
    public static bool IsNetworkFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or System.Net.Sockets.SocketException or IOException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public static SendResult NetworkFailure(Exception exception) =>
        new Transient(exception is OperationCanceledException ? "timed out" : exception.Message);
}

/// <summary>
/// What a messenger takes in one text message. Each adapter registers its own; the outbox writer splits long texts by
/// it, once, so the senders never cut again.
/// </summary>
public sealed record ChannelTextLimit(ChannelKind Channel, int MaxLength)
{
    /// <summary>For a channel nobody registered (a message that will be rejected anyway): a size every messenger takes.</summary>
    public const int Fallback = 4000;
}

/// <summary>How fast a messenger lets the bot write to one chat.</summary>
public sealed record ChatRateLimit(int Messages, TimeSpan Per);

/// <summary>The outbound half of a messenger adapter: renders the channel-neutral message in the messenger's terms.</summary>
public interface IChannelSender
{
    ChannelKind Channel { get; }

    /// <summary>Messages per second the bot may send in all.</summary>
    int GlobalMessagesPerSecond { get; }

    ChatRateLimit RateLimitFor(string chatId);

    Task<SendResult> SendAsync(string chatId, OutboxPayload payload, CancellationToken cancellationToken = default);

    Task<SendResult> EditAsync(string chatId, string messageId, OutboxPayload payload, CancellationToken cancellationToken = default);

    /// <summary>Answers a pressed button (the small notice that stops its spinner); <see cref="ButtonAnswers"/> retries what may pass.</summary>
    Task<SendResult> AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default);

    /// <summary>
    /// A forum topic operation in a chat (<paramref name="thread"/>: the topic's id, null to create one). Sent carries the
    /// new topic's id. A messenger without forum topics refuses it.
    /// </summary>
    Task<SendResult> TopicAsync(string chatId, string? thread, TopicOperation operation, CancellationToken cancellationToken = default) =>
        Task.FromResult<SendResult>(new SendResult.Rejected($"{Channel} has no forum topics."));
}

/// <summary>One outbox row's content: text with button rows, or one file by reference.</summary>
public sealed record OutboxPayload(string? Text, IReadOnlyList<IReadOnlyList<Button>>? Buttons = null, AttachmentRef? File = null, IReadOnlyList<Mention>? Mentions = null)
{
    /// <summary>What the recipient reads instead of a file that cannot cross from its messenger (too big, gone).</summary>
    public string? FileNotice { get; init; }

    /// <summary>The ticket the message is about (<see cref="OutgoingMessage.Thread"/>), for the e-mail channel's threading.</summary>
    public int? Thread { get; init; }

    /// <summary>
    /// The message's own id, the same at every attempt: a channel that cannot ask the messenger whether it already
    /// took a message (SMTP) keeps what it sent by it, and does not send again what a crash kept from being marked sent.
    /// </summary>
    public string? Key { get; init; }

    /// <summary>The recipient's language, for what a channel adds itself (a letter's subject).</summary>
    public Domain.Localization.Language? Language { get; init; }

    /// <summary>The ticket whose forum topic the message goes into (<see cref="OutgoingMessage.Topic"/>), or a topic operation is about.</summary>
    public int? TopicOf { get; init; }

    /// <summary>The ticket whose forum topic the message links to (<see cref="OutgoingMessage.TopicLink"/>).</summary>
    public int? TopicLinkOf { get; init; }

    /// <summary>Filled in at send time: the messenger's id of the topic (<see cref="TopicOf"/>) — null while it has none.</summary>
    public string? TopicThread { get; init; }

    /// <summary>Filled in at send time: the messenger's id of the topic to link to (<see cref="TopicLinkOf"/>).</summary>
    public string? TopicLinkThread { get; init; }

    /// <summary>A topic operation (<see cref="Persistence.OutboxKind.Topic"/>): what to do, and the name and icon colour.</summary>
    public TopicOperation? Topic { get; init; }
}

/// <summary>What to do to a ticket's forum topic: create it (the outbox tracks its id), rename it, close or reopen it.</summary>
public sealed record TopicOperation(TopicVerb Verb, string Name, int? IconColor = null);

public enum TopicVerb
{
    Create,
    Rename,
    Close,
    Reopen,
}

/// <summary>What a channel's updates loop last managed, for the health check.</summary>
public interface IPollingState
{
    ChannelKind Channel { get; }

    DateTimeOffset? LastSuccessfulPoll { get; }

    /// <summary>Whether this replica polls (a standby replica waits for its turn and is healthy doing so).</summary>
    bool IsPoller => true;
}
