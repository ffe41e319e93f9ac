using System.Globalization;
using ChatSupport.Domain.Channels;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TgUpdate = Telegram.Bot.Types.Update;

namespace ChatSupport.Bot.Telegram;

/// <summary>Turns Telegram's updates into the desk's channel-neutral <see cref="IncomingUpdate"/>.</summary>
public static class TelegramUpdateMapper
{
    /// <summary>The update kinds the bot asks Telegram for.</summary>
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery];

    /// <summary>The neutral update, or null for kinds the desk does not use (channel posts, member changes, …).</summary>
    public static IncomingUpdate? Map(TgUpdate update)
    {
        var key = update.Id.ToString(CultureInfo.InvariantCulture);
        if (update.CallbackQuery is { } callback)
        {
            if (callback.Message is not { } anchor || callback.Data is null)
            {
                return null;
            }

            return new IncomingUpdate
            {
                UpdateKey = key,
                Channel = ChannelKind.Telegram,
                ChatId = anchor.Chat.Id.ToString(CultureInfo.InvariantCulture),
                ChatKind = KindOf(anchor.Chat.Type),
                From = SenderOf(callback.From),
                MessageId = anchor.Id.ToString(CultureInfo.InvariantCulture),
                Button = new ButtonPress(callback.Id, callback.Data, anchor.Id.ToString(CultureInfo.InvariantCulture)),
                Topic = TopicOf(anchor),
            };
        }

        var message = update.Message ?? update.EditedMessage;
        if (message?.From is not { } from)
        {
            return null;
        }

        var attachments = AttachmentsOf(message);
        var unsupported = UnsupportedOf(message);
        var text = message.Text ?? message.Caption;
        if (text is null && attachments.Count == 0 && unsupported == UnsupportedContent.None)
        {
            // Service messages (members joined, pinned, …) carry nothing for the desk.
            return null;
        }

        return new IncomingUpdate
        {
            UpdateKey = key,
            Channel = ChannelKind.Telegram,
            ChatId = message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            ChatKind = KindOf(message.Chat.Type),
            From = SenderOf(from),
            MessageId = message.Id.ToString(CultureInfo.InvariantCulture),
            Text = text,
            Attachments = attachments,
            Unsupported = unsupported,
            IsEdit = update.EditedMessage is not null,
            ReplyToForwardedFrom = message.ReplyToMessage?.ForwardOrigin is global::Telegram.Bot.Types.MessageOriginUser origin ? origin.SenderUser.Id.ToString(CultureInfo.InvariantCulture) : null,
            SentAt = update.EditedMessage is null ? NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(message.Date, DateTimeKind.Utc)) : null,
            // In a topic, a message that replies to nothing still carries the topic's first (service) message as its
            // reply_to_message: that is no reply to anyone.
            ReplyToMessageId = message.ReplyToMessage is { } replied && !(message.IsTopicMessage && replied.Id == message.MessageThreadId)
                ? replied.Id.ToString(CultureInfo.InvariantCulture)
                : null,
            Topic = TopicOf(message),
        };
    }

    /// <summary>The forum topic a message is in; a reply in the general topic also has a thread id, but is no topic message.</summary>
    private static string? TopicOf(Message message) =>
        message.IsTopicMessage && message.MessageThreadId is { } thread ? thread.ToString(CultureInfo.InvariantCulture) : null;

    private static ChatKind KindOf(ChatType type) => type switch
    {
        ChatType.Private => ChatKind.Private,
        ChatType.Channel => ChatKind.Channel,
        _ => ChatKind.Group,
    };

    private static Sender SenderOf(User user)
    {
        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))).Trim();
        return new Sender(
            user.Id.ToString(CultureInfo.InvariantCulture),
            name.Length > 0 ? name : user.Username ?? user.Id.ToString(CultureInfo.InvariantCulture),
            user.Username,
            user.LanguageCode,
            user.IsBot);
    }

    private static List<AttachmentRef> AttachmentsOf(Message message)
    {
        var files = new List<AttachmentRef>();
        if (message.Photo is { Length: > 0 } sizes)
        {
            // Telegram sends several sizes of one photo; keep the largest.
            var photo = sizes.MaxBy(p => (long)p.Width * p.Height)!;
            files.Add(new AttachmentRef(AttachmentKind.Photo, photo.FileId, null, "image/jpeg", photo.FileSize, ChannelKind.Telegram));
        }

        if (message.Document is { } document)
        {
            files.Add(new AttachmentRef(AttachmentKind.Document, document.FileId, document.FileName, document.MimeType, document.FileSize, ChannelKind.Telegram));
        }
        else if (message.Video is { } video)
        {
            files.Add(new AttachmentRef(AttachmentKind.Video, video.FileId, video.FileName, video.MimeType, video.FileSize, ChannelKind.Telegram));
        }
        else if (message.Audio is { } audio)
        {
            files.Add(new AttachmentRef(AttachmentKind.Audio, audio.FileId, audio.FileName, audio.MimeType, audio.FileSize, ChannelKind.Telegram));
        }

        return files;
    }

    private static UnsupportedContent UnsupportedOf(Message message) => message switch
    {
        { Sticker: not null } => UnsupportedContent.Sticker,
        { Voice: not null } => UnsupportedContent.Voice,
        { VideoNote: not null } => UnsupportedContent.VideoNote,
        { Location: not null } or { Venue: not null } => UnsupportedContent.Location,
        { Contact: not null } => UnsupportedContent.Contact,
        { Poll: not null } => UnsupportedContent.Poll,
        { Dice: not null } => UnsupportedContent.Dice,
        { Game: not null } => UnsupportedContent.Game,
        _ => UnsupportedContent.None,
    };
}
