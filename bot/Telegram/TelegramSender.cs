using System.Globalization;
using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChatSupport.Bot.Telegram;

/// <summary>
/// Renders the desk's messages in Telegram: plain text (no parse mode, so nothing a customer typed can
/// break the markup), inline keyboards, files re-sent by file_id; classifies every failure for the outbox.
/// </summary>
public sealed class TelegramSender(ITelegramBotClient bot, IOptions<TelegramOptions> options, FileTransfer files, TopicSupport topics) : IChannelSender
{
    public const int TelegramTextLimit = 4096;
    public const int CaptionLimit = 1024;

    public ChannelKind Channel => ChannelKind.Telegram;

    public int GlobalMessagesPerSecond => options.Value.GlobalPerSecond;

    public ChatRateLimit RateLimitFor(string chatId) =>
        chatId.StartsWith('-')
            ? new ChatRateLimit(options.Value.GroupPerMinute, TimeSpan.FromMinutes(1))
            : new ChatRateLimit(options.Value.PrivateChatPerSecond, TimeSpan.FromSeconds(1));

    public async Task<SendResult> SendAsync(string chatId, OutboxPayload payload, CancellationToken cancellationToken = default)
    {
        var result = await SendOnceAsync(chatId, payload, cancellationToken);
        // The ticket's topic was deleted (or closed) by hand: the message goes to the chat's general topic instead of nowhere.
        return result is SendResult.Rejected { Error: var error } && payload.TopicThread is not null && IsTopicGone(error)
            ? await SendOnceAsync(chatId, payload with { TopicThread = null }, cancellationToken)
            : result;
    }

    private Task<SendResult> SendOnceAsync(string chatId, OutboxPayload payload, CancellationToken cancellationToken)
    {
        if (payload.File is { } file && file.Channel != Channel)
        {
            // A file from another messenger (a MAX customer's screenshot): download it and upload it here.
            return files.SendForeignAsync(
                file,
                spooled => ClassifyAsync(() => SendFileAsync(chatId, payload, file, InputFile.FromStream(spooled.Content, spooled.FileName), cancellationToken), cancellationToken),
                () => SendAsync(chatId, payload with { File = null, Text = payload.FileNotice ?? file.DisplayName }, cancellationToken),
                cancellationToken);
        }

        return ClassifyAsync(async () =>
        {
            if (payload.File is { } own)
            {
                return await SendFileAsync(chatId, payload, own, InputFile.FromFileId(own.FileId), cancellationToken);
            }

            var text = (payload.Text ?? string.Empty) + TopicLink(chatId, payload.TopicLinkThread);
            var sent = await bot.SendMessage(ChatOf(chatId), text, replyMarkup: Keyboard(payload.Buttons), messageThreadId: Thread(payload), entities: Mentions(payload), cancellationToken: cancellationToken);
            return sent.Id.ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <summary>A forum topic operation: create (Sent carries the new topic's id), rename, close, reopen.</summary>
    public Task<SendResult> TopicAsync(string chatId, string? thread, TopicOperation operation, CancellationToken cancellationToken = default) =>
        ClassifyTopicAsync(async () =>
        {
            var chat = ChatOf(chatId);
            if (operation.Verb == TopicVerb.Create)
            {
                var topic = await bot.CreateForumTopic(chat, operation.Name, operation.IconColor, cancellationToken: cancellationToken);
                return topic.MessageThreadId.ToString(CultureInfo.InvariantCulture);
            }

            var id = int.Parse(thread!, NumberStyles.Integer, CultureInfo.InvariantCulture);
            try
            {
                switch (operation.Verb)
                {
                    case TopicVerb.Rename:
                        await bot.EditForumTopic(chat, id, operation.Name, cancellationToken: cancellationToken);
                        break;
                    case TopicVerb.Close:
                        await bot.CloseForumTopic(chat, id, cancellationToken);
                        break;
                    default:
                        await bot.ReopenForumTopic(chat, id, cancellationToken);
                        break;
                }
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("TOPIC_NOT_MODIFIED", StringComparison.OrdinalIgnoreCase))
            {
                // Already so (a retry after a crash, a change made by hand): the goal is met.
            }

            return thread;
        }, cancellationToken);

    private async Task<SendResult> ClassifyTopicAsync(Func<Task<string?>> call, CancellationToken cancellationToken)
    {
        var result = await ClassifyAsync(call, cancellationToken);
        var error = result switch
        {
            SendResult.Rejected rejected => rejected.Error,
            SendResult.Undeliverable undeliverable => undeliverable.Error,
            _ => null,
        };
        if (error is not null && !IsTopicGone(error))
        {
            // No right any more, no forum any more, not an admin, not in the chat: topics are off until a check finds them.
            topics.MarkRefused(error);
        }

        return result;
    }

    private static int? Thread(OutboxPayload payload) =>
        payload.TopicThread is { } thread && int.TryParse(thread, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static bool IsTopicGone(string error) =>
        error.Contains("message thread not found", StringComparison.OrdinalIgnoreCase) || error.Contains("TOPIC_DELETED", StringComparison.OrdinalIgnoreCase)
        || error.Contains("TOPIC_CLOSED", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// «🔗 https://t.me/c/1234567890/42»: a link to a topic of a supergroup (its id without the «-100»), on its own line
    /// at the end, so mentions' offsets stay as they are.
    /// </summary>
    internal static string TopicLink(string chatId, string? thread) =>
        thread is null || !chatId.StartsWith("-100", StringComparison.Ordinal) ? string.Empty : $"\n🔗 https://t.me/c/{chatId[4..]}/{thread}";

    private async Task<string?> SendFileAsync(string chatId, OutboxPayload payload, AttachmentRef file, InputFile input, CancellationToken cancellationToken)
    {
        var chat = ChatOf(chatId);
        var markup = Keyboard(payload.Buttons);
        var caption = payload.Text is null ? null : Domain.Localization.Texts.SafeCut(payload.Text, CaptionLimit);
        var thread = Thread(payload);
        var sent = file.Kind switch
        {
            AttachmentKind.Photo => await bot.SendPhoto(chat, input, caption, replyMarkup: markup, messageThreadId: thread, cancellationToken: cancellationToken),
            AttachmentKind.Video => await bot.SendVideo(chat, input, caption, replyMarkup: markup, messageThreadId: thread, cancellationToken: cancellationToken),
            AttachmentKind.Audio => await bot.SendAudio(chat, input, caption, replyMarkup: markup, messageThreadId: thread, cancellationToken: cancellationToken),
            _ => await bot.SendDocument(chat, input, caption, replyMarkup: markup, messageThreadId: thread, cancellationToken: cancellationToken),
        };
        return sent.Id.ToString(CultureInfo.InvariantCulture);
    }

    public Task<SendResult> EditAsync(string chatId, string messageId, OutboxPayload payload, CancellationToken cancellationToken = default) =>
        ClassifyAsync(async () =>
        {
            if (!int.TryParse(messageId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                throw new ApiRequestException($"Bad request: message id {messageId} is not a Telegram message id", 400);
            }

            try
            {
                await bot.EditMessageText(ChatOf(chatId), id, payload.Text ?? string.Empty, replyMarkup: Keyboard(payload.Buttons) as InlineKeyboardMarkup, cancellationToken: cancellationToken);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
            {
                // Already showing this text: the edit's goal is met.
            }

            return messageId;
        }, cancellationToken);

    public Task<SendResult> AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default) =>
        ClassifyAsync(async () =>
        {
            await bot.AnswerCallbackQuery(callbackId, notice is null ? null : Domain.Localization.Texts.SafeCut(notice, 200), cancellationToken: cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>Maps a Telegram outcome to what the outbox should do.</summary>
    internal static async Task<SendResult> ClassifyAsync(Func<Task<string?>> send, CancellationToken cancellationToken)
    {
        try
        {
            return new SendResult.Sent(await send());
        }
        catch (ApiRequestException ex)
        {
            return ex.ErrorCode switch
            {
                429 => new SendResult.RetryAfter(TimeSpan.FromSeconds(Math.Clamp(ex.Parameters?.RetryAfter ?? 5, 1, 3600)), ex.Message),
                403 => new SendResult.Undeliverable(ex.Message),
                400 when ex.Message.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
                    || ex.Message.Contains("user is deactivated", StringComparison.OrdinalIgnoreCase) => new SendResult.Undeliverable(ex.Message),
                400 => new SendResult.Rejected(ex.Message),
                _ => new SendResult.Transient($"HTTP {ex.ErrorCode}: {ex.Message}"),
            };
        }
        catch (RequestException ex)
        {
            return new SendResult.Transient(ex.HttpStatusCode is { } code ? $"HTTP {(int)code}: {ex.Message}" : ex.InnerException?.Message ?? ex.Message);
        }
        catch (Exception ex) when (SendResult.IsNetworkFailure(ex, cancellationToken))
        {
            return SendResult.NetworkFailure(ex);
        }
    }

    /// <summary>Mentions by user id as text_mention entities (plain text has no markup to break); offsets are UTF-16 units.</summary>
    private static MessageEntity[]? Mentions(OutboxPayload payload)
    {
        if (payload.Mentions is not { Count: > 0 } mentions || payload.Text is not { } text)
        {
            return null;
        }

        var entities = new List<MessageEntity>();
        foreach (var mention in mentions)
        {
            var at = text.IndexOf(mention.Name, StringComparison.Ordinal);
            if (at >= 0 && long.TryParse(mention.UserId, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
            {
                entities.Add(new MessageEntity
                {
                    Type = global::Telegram.Bot.Types.Enums.MessageEntityType.TextMention,
                    Offset = at,
                    Length = mention.Name.Length,
                    User = new User { Id = userId, FirstName = mention.Name },
                });
            }
        }

        return entities.Count > 0 ? [.. entities] : null;
    }

    private static ChatId ChatOf(string chatId) =>
        long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? new ChatId(id) : new ChatId(chatId);

    private static ReplyMarkup? Keyboard(IReadOnlyList<IReadOnlyList<Button>>? rows) =>
        rows is { Count: > 0 }
            ? new InlineKeyboardMarkup(rows.Select(r => r.Select(b => InlineKeyboardButton.WithCallbackData(b.Text, b.Data))))
            : null;
}
