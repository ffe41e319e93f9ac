using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Max;

/// <summary>
/// Renders the desk's messages in MAX: plain text (no <c>format</c>, so nothing a customer typed becomes
/// markup), inline keyboards of callback buttons, files re-sent by token or uploaded from another messenger;
/// classifies every failure for the outbox.
/// </summary>
public sealed class MaxSender(MaxApiClient api, MaxOptions options, FileTransfer files) : IChannelSender
{
    public const int MaxTextLimit = 4000;

    /// <summary>MAX's limit for a callback button's payload.</summary>
    public const int PayloadLimit = 1024;

    /// <summary>How many times a freshly uploaded file is offered (1, 2, 4, 8 s apart, as MAX's own clients wait).</summary>
    private const int NotReadyAttempts = 5;

    public ChannelKind Channel => ChannelKind.Max;

    public int GlobalMessagesPerSecond => options.RequestsPerSecond;

    public ChatRateLimit RateLimitFor(string chatId) => new(options.ChatPerSecond, TimeSpan.FromSeconds(1));

    public Task<SendResult> SendAsync(string chatId, OutboxPayload payload, CancellationToken cancellationToken = default)
    {
        if (MaxRecipientRef.Parse(chatId) is not { } to)
        {
            return Task.FromResult<SendResult>(new SendResult.Rejected($"{chatId} is not a MAX chat id"));
        }

        if (payload.File is { } file)
        {
            if (file.Channel == Channel)
            {
                return ClassifyAsync(() => SendWithFileAsync(to, payload, TypeOf(file.Kind), file.FileId, cancellationToken), cancellationToken);
            }

            // A file from Telegram (an engineer's screenshot): download it there, upload it here.
            return files.SendForeignAsync(
                file,
                spooled => ClassifyAsync(async () =>
                {
                    var type = TypeOf(file.Kind);
                    var token = await api.UploadAsync(type, spooled.Content, spooled.FileName, cancellationToken);
                    return await SendWithFileAsync(to, payload, type, token, cancellationToken);
                }, cancellationToken),
                () => SendAsync(chatId, payload with { File = null, Text = payload.FileNotice ?? file.DisplayName }, cancellationToken),
                cancellationToken);
        }

        return ClassifyAsync(() => api.SendMessageAsync(to, Message(payload.Text, payload.Buttons), cancellationToken), cancellationToken);
    }

    public async Task<SendResult> EditAsync(string chatId, string messageId, OutboxPayload payload, CancellationToken cancellationToken = default)
    {
        var result = await ClassifyAsync(async () =>
        {
            await api.EditMessageAsync(messageId, Message(payload.Text, payload.Buttons), cancellationToken);
            return messageId;
        }, cancellationToken);

        // The message to edit is gone (deleted): that says nothing about reaching the person.
        return result is SendResult.Undeliverable { Error: var error } && error.Contains(" 404", StringComparison.Ordinal) ? new SendResult.Rejected(error) : result;
    }

    public Task<SendResult> AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default) =>
        ClassifyAsync(async () =>
        {
            await api.AnswerCallbackAsync(callbackId, notice is null ? null : Domain.Localization.Texts.SafeCut(notice, 200), cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>Sends a message with a file by token; MAX may need a moment to process a fresh upload.</summary>
    private async Task<string?> SendWithFileAsync(MaxRecipientRef to, OutboxPayload payload, string type, string token, CancellationToken cancellationToken)
    {
        var attachments = new List<MaxOutgoingAttachment> { MaxOutgoingAttachment.Uploaded(type, token) };
        if (Keyboard(payload.Buttons) is { } keyboard)
        {
            attachments.Add(keyboard);
        }

        var message = new MaxNewMessage { Text = payload.Text, Attachments = attachments };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await api.SendMessageAsync(to, message, cancellationToken);
            }
            catch (MaxApiException ex) when (ex.IsAttachmentNotReady && attempt < NotReadyAttempts)
            {
                // «attachment.not.ready»: the upload is still being processed; wait longer each time.
                await Task.Delay(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)), cancellationToken);
            }
        }
    }

    private static MaxNewMessage Message(string? text, IReadOnlyList<IReadOnlyList<Button>>? buttons) => new()
    {
        // Split to MaxTextLimit by the outbox writer already (ChannelTextLimit): nothing is cut here.
        Text = text ?? string.Empty,
        Attachments = Keyboard(buttons) is { } keyboard ? [keyboard] : [],
    };

    private static MaxOutgoingAttachment? Keyboard(IReadOnlyList<IReadOnlyList<Button>>? rows) =>
        rows is { Count: > 0 }
            ? MaxOutgoingAttachment.Keyboard(rows.Select(r => r.Select(b => new MaxButton("callback", b.Text, b.Data))))
            : null;

    private static string TypeOf(AttachmentKind kind) => kind switch
    {
        AttachmentKind.Photo => "image",
        AttachmentKind.Video => "video",
        AttachmentKind.Audio => "audio",
        _ => "file",
    };

    /// <summary>Maps a MAX outcome to what the outbox should do.</summary>
    internal static async Task<SendResult> ClassifyAsync(Func<Task<string?>> send, CancellationToken cancellationToken)
    {
        try
        {
            return new SendResult.Sent(await send());
        }
        catch (MaxApiException ex)
        {
            return ex.Status switch
            {
                429 => new SendResult.RetryAfter(ex.RetryAfter is { } wait ? TimeSpan.FromSeconds(Math.Clamp(wait.TotalSeconds, 1, 3600)) : TimeSpan.FromSeconds(1), ex.Message),
                // The user has not started the bot, blocked it, or the chat is gone: MAX will not take it.
                403 or 404 => new SendResult.Undeliverable(ex.Message),
                // A file still not processed after all the waiting: try again later.
                400 when ex.IsAttachmentNotReady => new SendResult.Transient(ex.Message),
                400 => new SendResult.Rejected(ex.Message),
                // A bad token is the operator's to fix; messages wait for it.
                _ => new SendResult.Transient($"HTTP {ex.Status}: {ex.ApiMessage}"),
            };
        }
        catch (Exception ex) when (SendResult.IsNetworkFailure(ex, cancellationToken))
        {
            return SendResult.NetworkFailure(ex);
        }
    }
}
