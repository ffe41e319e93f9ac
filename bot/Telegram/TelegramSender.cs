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
public sealed class TelegramSender(ITelegramBotClient bot, IOptions<TelegramOptions> options, FileTransfer files) : IChannelSender
{
    public const int TelegramTextLimit = 4096;
    public const int CaptionLimit = 1024;

    public ChannelKind Channel => ChannelKind.Telegram;

    public int GlobalMessagesPerSecond => options.Value.GlobalPerSecond;

    public ChatRateLimit RateLimitFor(string chatId) =>
        chatId.StartsWith('-')
            ? new ChatRateLimit(options.Value.GroupPerMinute, TimeSpan.FromMinutes(1))
            : new ChatRateLimit(options.Value.PrivateChatPerSecond, TimeSpan.FromSeconds(1));

    public Task<SendResult> SendAsync(string chatId, OutboxPayload payload, CancellationToken cancellationToken = default)
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

            var sent = await bot.SendMessage(ChatOf(chatId), payload.Text ?? string.Empty, replyMarkup: Keyboard(payload.Buttons), entities: Mentions(payload), cancellationToken: cancellationToken);
            return sent.Id.ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    private async Task<string?> SendFileAsync(string chatId, OutboxPayload payload, AttachmentRef file, InputFile input, CancellationToken cancellationToken)
    {
        var chat = ChatOf(chatId);
        var markup = Keyboard(payload.Buttons);
        var caption = payload.Text is null ? null : Domain.Localization.Texts.SafeCut(payload.Text, CaptionLimit);
        var sent = file.Kind switch
        {
            AttachmentKind.Photo => await bot.SendPhoto(chat, input, caption, replyMarkup: markup, cancellationToken: cancellationToken),
            AttachmentKind.Video => await bot.SendVideo(chat, input, caption, replyMarkup: markup, cancellationToken: cancellationToken),
            AttachmentKind.Audio => await bot.SendAudio(chat, input, caption, replyMarkup: markup, cancellationToken: cancellationToken),
            _ => await bot.SendDocument(chat, input, caption, replyMarkup: markup, cancellationToken: cancellationToken),
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
