using System.Text.Json;
using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Outbox;

/// <summary>
/// Adds outgoing messages to the outbox inside the caller's unit of work, so they are sent if and only if
/// the change that caused them commits. Long texts are split by the channel's limit here, once.
/// </summary>
public sealed class OutboxWriter(SupportDbContext db, IEnumerable<ChannelTextLimit> limits, TimeProvider time)
{
    private readonly Dictionary<ChannelKind, int> _limits = limits.ToDictionary(l => l.Channel, l => l.MaxLength);

    public void Send(OutgoingMessage message)
    {
        var limit = _limits.GetValueOrDefault(message.To.Channel, ChannelTextLimit.Fallback);
        var parts = MessageSplitter.Split(message.Text, limit);
        for (var i = 0; i < parts.Count; i++)
        {
            var last = i == parts.Count - 1;
            var mentions = message.Mentions.Where(m => parts[i].Contains(m.Name, StringComparison.Ordinal)).ToList();
            Add(message.To, OutboxKind.Send, new OutboxPayload(parts[i], last && message.Buttons.Count > 0 ? message.Buttons : null, null, mentions.Count > 0 ? mentions : null)
            {
                Thread = message.Thread,
                Language = message.Thread is null ? null : message.Language,
                TopicOf = message.Topic,
                TopicLinkOf = last ? message.TopicLink : null,
            }, last ? message.TrackAs : null);
        }

        foreach (var file in message.Attachments)
        {
            Add(message.To, OutboxKind.Send, new OutboxPayload(null, null, file)
            {
                FileNotice = message.FileNotice ?? (file.Channel == message.To.Channel ? null : Texts.FileNotForwarded(file, message.Language)),
                Thread = message.Thread,
                Language = message.Thread is null ? null : message.Language,
                TopicOf = message.Topic,
            }, null);
        }
    }

    /// <summary>
    /// A file whose caption is the text — or its beginning, cut at a line within the messenger's caption limit, the rest
    /// following as a text message (the daily digest under its chart).
    /// </summary>
    public void SendCaptioned(ChatAddress to, AttachmentRef file, string text, int captionLimit, Language language, string notice)
    {
        var caption = MessageSplitter.Split(text, captionLimit)[0];
        Add(to, OutboxKind.Send, new OutboxPayload(caption, null, file) { FileNotice = notice + "\n\n" + caption }, null);
        var rest = text[caption.Length..].TrimStart('\n');
        if (rest.Length > 0)
        {
            Send(new OutgoingMessage(to, rest) { Language = language });
        }
    }

    /// <summary>
    /// A ticket's forum topic in a chat: created (its id is tracked as <see cref="TopicKey"/> once Telegram gives it),
    /// renamed, closed or reopened. Goes in the chat's lane, so what is sent into the topic after it finds it there.
    /// </summary>
    public void Topic(ChatAddress chat, int number, TopicOperation operation) =>
        Add(chat, OutboxKind.Topic, new OutboxPayload(null) { TopicOf = number, Topic = operation }, operation.Verb == TopicVerb.Create ? TopicKey(number) : null);

    /// <summary>Where a ticket's topic id is tracked.</summary>
    public static string TopicKey(int number) => $"topic:{number}";

    /// <summary>The tracked keys of topics start so (to find a ticket by its topic).</summary>
    public const string TopicKeyStart = "topic:";

    /// <summary>Edits a tracked message (e.g. a ticket's card) in place; the text must fit one message.</summary>
    /// <remarks>When the original never arrived, the current state goes as a new message — into <paramref name="topic"/>'s topic.</remarks>
    public void Edit(ChatAddress chat, string trackKey, string text, IReadOnlyList<IReadOnlyList<Button>> buttons, int? topic = null)
    {
        var limit = _limits.GetValueOrDefault(chat.Channel, ChannelTextLimit.Fallback);
        Add(chat, OutboxKind.Edit, new OutboxPayload(MessageSplitter.Split(text, limit)[0], buttons) { TopicOf = topic }, trackKey);
    }

    private void Add(ChatAddress to, OutboxKind kind, OutboxPayload payload, string? trackKey)
    {
        var now = time.GetCurrentInstant();
        if (kind == OutboxKind.Send && payload.Thread is not null)
        {
            payload = payload with { Key = Guid.NewGuid().ToString("N") };
        }

        db.Outbox.Add(new OutboxMessage
        {
            Channel = to.Channel,
            ChatId = to.ChatId,
            Kind = kind,
            Payload = JsonSerializer.Serialize(payload, SupportDbContext.Json),
            TrackKey = trackKey,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
