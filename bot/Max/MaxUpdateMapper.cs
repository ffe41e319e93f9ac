using System.Globalization;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Max;

/// <summary>Turns MAX's updates into the desk's channel-neutral <see cref="IncomingUpdate"/>.</summary>
public static class MaxUpdateMapper
{
    /// <summary>The neutral update, or null for kinds and shapes the desk does not use.</summary>
    public static IncomingUpdate? Map(MaxUpdate update) => update switch
    {
        MaxMessageCreated { Message: { } message } => FromMessage(message, update, edited: false),
        MaxMessageEdited { Message: { } message } => FromMessage(message, update, edited: true),
        MaxMessageCallback callback => FromCallback(callback),
        MaxBotStarted started => FromStart(started),
        _ => null,
    };

    /// <summary>MAX updates carry no id; each kind has its own natural key (a re-delivery maps to the same key).</summary>
    public static string? KeyOf(MaxUpdate update) => update switch
    {
        MaxMessageCreated { Message.Body.Mid: { } mid } => "m:" + mid,
        MaxMessageEdited { Message.Body.Mid: { } mid } => $"e:{mid}:{update.Timestamp.ToString(CultureInfo.InvariantCulture)}",
        MaxMessageCallback { Callback.CallbackId: { } id } => "c:" + id,
        MaxBotStarted { User: { } user } started => $"s:{Id(user.UserId)}:{started.Timestamp.ToString(CultureInfo.InvariantCulture)}",
        _ => null,
    };

    private static IncomingUpdate? FromMessage(MaxMessage message, MaxUpdate update, bool edited)
    {
        if (message.Sender is not { } sender || message.Recipient?.ChatId is not { } chatId || KeyOf(update) is not { } key)
        {
            return null;
        }

        var body = message.Body;
        var attachments = new List<AttachmentRef>();
        var unsupported = UnsupportedContent.None;
        foreach (var attachment in body?.Attachments ?? [])
        {
            switch (attachment)
            {
                case MaxImageAttachment { Payload: { } p } when p.Token is not null || p.Url is not null:
                    attachments.Add(File(AttachmentKind.Photo, p, null, "image/jpeg", null));
                    break;
                case MaxVideoAttachment { Payload: { } p } when p.Token is not null || p.Url is not null:
                    attachments.Add(File(AttachmentKind.Video, p, null, null, null));
                    break;
                case MaxAudioAttachment { Payload: { } p } when p.Token is not null || p.Url is not null:
                    attachments.Add(File(AttachmentKind.Audio, p, null, null, null));
                    break;
                case MaxFileAttachment { Payload: { } p } file when p.Token is not null || p.Url is not null:
                    attachments.Add(File(AttachmentKind.Document, p, Clean(file.Filename), null, file.Size is >= 0 ? file.Size : null));
                    break;
                case MaxStickerAttachment:
                    unsupported = UnsupportedContent.Sticker;
                    break;
                case MaxContactAttachment:
                    unsupported = UnsupportedContent.Contact;
                    break;
                case MaxLocationAttachment:
                    unsupported = UnsupportedContent.Location;
                    break;
                case MaxInlineKeyboardAttachment:
                    break;
                default:
                    unsupported = UnsupportedContent.Other;
                    break;
            }
        }

        var text = string.IsNullOrEmpty(body?.Text) ? null : body.Text;
        if (text is not null || attachments.Count > 0)
        {
            // Something usable came with it: a sticker beside a description is not a reason to refuse it.
            unsupported = UnsupportedContent.None;
        }

        if (text is null && attachments.Count == 0 && unsupported == UnsupportedContent.None)
        {
            return null;
        }

        return new IncomingUpdate
        {
            UpdateKey = key,
            Channel = ChannelKind.Max,
            SentAt = update.Timestamp > 0 ? NodaTime.Instant.FromUnixTimeMilliseconds(update.Timestamp) : null,
            ChatId = Id(chatId),
            ChatKind = KindOf(message.Recipient.ChatType),
            From = SenderOf(sender, update.UserLocale),
            MessageId = body?.Mid,
            Text = text,
            Attachments = attachments,
            Unsupported = unsupported,
            IsEdit = edited,
            ReplyToMessageId = message.Link is { Type: "reply" } link ? link.Message?.Mid : null,
        };
    }

    private static IncomingUpdate? FromCallback(MaxMessageCallback update)
    {
        if (update.Callback is not { CallbackId: { } callbackId, Payload: { } payload, User: { } user } || KeyOf(update) is not { } key)
        {
            return null;
        }

        // The message under which the button was pressed tells the chat; a bare callback is a private dialog.
        var message = update.Message;
        var chatId = message?.Recipient?.ChatId;
        return new IncomingUpdate
        {
            UpdateKey = key,
            Channel = ChannelKind.Max,
            SentAt = update.Timestamp > 0 ? NodaTime.Instant.FromUnixTimeMilliseconds(update.Timestamp) : null,
            // The original message may be gone (deleted): then the press can only be answered in the user's dialog.
            ChatId = chatId is { } c ? Id(c) : "u" + Id(user.UserId),
            ChatKind = chatId is null ? ChatKind.Private : KindOf(message!.Recipient!.ChatType),
            From = SenderOf(user, update.UserLocale),
            MessageId = message?.Body?.Mid,
            Button = new ButtonPress(callbackId, payload, message?.Body?.Mid),
        };
    }

    private static IncomingUpdate? FromStart(MaxBotStarted update)
    {
        if (update.User is not { } user || KeyOf(update) is not { } key)
        {
            return null;
        }

        // The customer pressed «Start»: the same as /start in Telegram.
        return new IncomingUpdate
        {
            UpdateKey = key,
            Channel = ChannelKind.Max,
            SentAt = update.Timestamp > 0 ? NodaTime.Instant.FromUnixTimeMilliseconds(update.Timestamp) : null,
            ChatId = Id(update.ChatId != 0 ? update.ChatId : user.UserId),
            ChatKind = ChatKind.Private,
            From = SenderOf(user, update.UserLocale),
            Text = "/start",
        };
    }

    private static AttachmentRef File(AttachmentKind kind, MaxMediaPayload payload, string? name, string? mime, long? size) =>
        new(kind, payload.Token ?? payload.Url!, name, mime, size, ChannelKind.Max) { Url = payload.Url };

    private static ChatKind KindOf(string? chatType) => chatType switch
    {
        "dialog" => ChatKind.Private,
        "channel" => ChatKind.Channel,
        _ => ChatKind.Group,
    };

    private static Sender SenderOf(MaxUser user, string? locale)
    {
        var name = string.Join(' ', new[] { user.FirstName, user.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))).Trim();
        if (name.Length == 0)
        {
            name = user.Name?.Trim() ?? string.Empty;
        }

        var id = Id(user.UserId);
        return new Sender(id, name.Length > 0 ? name : user.Username ?? id, user.Username, locale, user.IsBot);
    }

    /// <summary>A file name from outside: no paths, no control characters, a sane length.</summary>
    private static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var cleaned = new string([.. Path.GetFileName(name.Replace('\\', '/')).Where(c => !char.IsControl(c))]).Trim();
        return cleaned.Length == 0 ? null : Domain.Localization.Texts.SafeCut(cleaned, 200);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
