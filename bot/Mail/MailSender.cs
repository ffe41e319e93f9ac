using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Mail;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using MimeKit.Utils;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Mail;

/// <summary>
/// The outbound half of the e-mail channel: each outbox message becomes a letter from <c>Mail:Address</c>, sent over SMTP
/// on one kept connection. A message about a ticket goes into that ticket's thread — subject <c>[#N] topic</c>,
/// In-Reply-To the customer's latest letter, References the thread's letters — so the customer's mail program shows one
/// conversation, and their reply finds the ticket. A file (from any messenger) is attached to a letter of its own in the
/// same thread. Each letter is remembered by its Message-ID the moment the server took it — an id made from the outbox
/// message's own key — so a letter the bot sent but could not mark before it died is not sent again (only one sent in
/// that instant can go twice: sends are one at a time). Buttons have no place in a letter: «Проблема решена?» says to
/// answer «да» or «нет» instead; other buttons are left out.
/// </summary>
public sealed partial class MailSender(
    MailOptions options,
    FileTransfer files,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<MailSender> logger) : IChannelSender, IAsyncDisposable
{
    /// <summary>The most a thread's References carry (the first letter and the latest ones).</summary>
    public const int MaxReferences = 20;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _smtp;

    public ChannelKind Channel => MailChannel.Kind;

    /// <summary>Mail servers throttle senders: a few letters a second in all is plenty for a support desk.</summary>
    public int GlobalMessagesPerSecond => 5;

    /// <summary>One letter a second to one address keeps a thread's letters in order.</summary>
    public ChatRateLimit RateLimitFor(string chatId) => new(1, TimeSpan.FromSeconds(1));

    public async Task<SendResult> SendAsync(string chatId, OutboxPayload payload, CancellationToken cancellationToken = default)
    {
        if (!MailboxAddress.TryParse(chatId, out var to) || chatId == LetterMapper.Unknown)
        {
            return new SendResult.Rejected("the letter had no sender address to answer");
        }

        var messageId = payload.Key is { } key ? $"{key}@{options.From.Domain}" : MimeUtils.GenerateMessageId(options.From.Domain);
        if (payload.Key is not null && await AlreadySentAsync(messageId, cancellationToken))
        {
            // Sent before the bot died and before the outbox could mark it: not again.
            return new SendResult.Sent(messageId);
        }

        var thread = payload.Thread is { } number ? await ThreadAsync(number, cancellationToken) : null;
        var lang = payload.Language ?? Language.Ru;
        if (payload.File is { } file)
        {
            return await files.SendForeignAsync(
                file,
                spooled => SendLetterAsync(to, messageId, payload.Text, thread, lang, spooled, cancellationToken),
                () => SendLetterAsync(to, messageId, payload.FileNotice ?? file.DisplayName, thread, lang, null, cancellationToken),
                cancellationToken);
        }

        // A letter has no buttons: where the chat would offer «Проблема решена?» buttons, the letter says how to answer.
        var text = payload.Text ?? string.Empty;
        if (payload.Buttons?.SelectMany(r => r).Any(b => Domain.Buttons.ButtonCodec.Decode(b.Data) is Domain.Buttons.ConfirmAction) == true)
        {
            text += "\n\n" + MailTexts.SolvedHint(lang);
        }

        if (payload.Buttons?.SelectMany(r => r).Any(b => Domain.Buttons.ButtonCodec.Decode(b.Data) is Domain.Buttons.RateAction) == true)
        {
            text += "\n" + MailTexts.RateHint(lang);
        }

        return await SendLetterAsync(to, messageId, text, thread, lang, null, cancellationToken);
    }

    /// <summary>A letter cannot be changed once sent (the desk edits only its own cards in the staff chat).</summary>
    public Task<SendResult> EditAsync(string chatId, string messageId, OutboxPayload payload, CancellationToken cancellationToken = default) =>
        Task.FromResult<SendResult>(new SendResult.Rejected("a letter cannot be changed once it was sent"));

    /// <summary>Letters have no buttons to answer.</summary>
    public Task<SendResult> AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default) =>
        Task.FromResult<SendResult>(new SendResult.Sent(null));

    public async ValueTask DisposeAsync()
    {
        if (_smtp is { } smtp)
        {
            await DisconnectAsync(smtp);
            smtp.Dispose();
        }

        _gate.Dispose();
    }

    private async Task<SendResult> SendLetterAsync(MailboxAddress to, string messageId, string? text, Thread? thread, Language lang, SpooledFile? file, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(options.From);
        message.To.Add(to);
        message.Subject = thread is null ? MailTexts.GeneralSubject(lang) : MailSubject.ForTicket(thread.Number, thread.Topic);
        message.MessageId = messageId;
        message.Date = time.GetUtcNow();
        // Exchange and others: no out-of-office answers to the desk's letters (they would only come back as mail).
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        if (thread is { Ids.Count: > 0 })
        {
            foreach (var id in thread.Ids.Count <= MaxReferences ? thread.Ids : [thread.Ids[0], .. thread.Ids.TakeLast(MaxReferences - 1)])
            {
                try
                {
                    message.References.Add(id);
                }
                catch (ArgumentException)
                {
                    // An id MimeKit cannot write (kept from before it was checked on the way in): threads without it.
                }
            }

            try
            {
                message.InReplyTo = thread.ReplyTo;
            }
            catch (ArgumentException)
            {
            }
        }

        var body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = text ?? string.Empty };
        if (file is null)
        {
            message.Body = body;
        }
        else
        {
            var attachment = new MimePart(file.File.MimeType ?? "application/octet-stream")
            {
                Content = new MimeContent(file.Content),
                ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                ContentTransferEncoding = ContentEncoding.Base64,
                FileName = file.FileName,
            };
            message.Body = string.IsNullOrEmpty(text) ? attachment : new Multipart("mixed") { body, attachment };
        }

        var result = await DeliverAsync(message, cancellationToken);
        if (result is SendResult.Sent)
        {
            await RememberAsync(message.MessageId, thread?.Number ?? 0, to.Address, cancellationToken);
        }

        return result;
    }

    private async Task<SendResult> DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var smtp = await ConnectedAsync(cancellationToken);
            await smtp.SendAsync(message, cancellationToken);
            return new SendResult.Sent(message.MessageId);
        }
        catch (SmtpCommandException ex)
        {
            // The server answered: who or what it refused, and whether for good (5xx) or for now (4xx).
            var error = $"SMTP {(int)ex.StatusCode}: {Texts.SafeCut(ex.Message, 300)}";
            var permanent = (int)ex.StatusCode >= 500;
            return ex.ErrorCode switch
            {
                SmtpErrorCode.RecipientNotAccepted when permanent => new SendResult.Undeliverable(error),
                // The server refuses the desk's own address (a setting to fix), not this letter: it waits and goes again.
                SmtpErrorCode.SenderNotAccepted => new SendResult.Transient(error + " (check Mail:Address and the SMTP account)"),
                _ when permanent => new SendResult.Rejected(error),
                _ => new SendResult.Transient(error),
            };
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException or ServiceNotConnectedException
            or ServiceNotAuthenticatedException or MailKit.Security.SslHandshakeException or TimeoutException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The connection is suspect: a fresh one next time.
            await ResetAsync();
            return new SendResult.Transient(ex is MailKit.Security.AuthenticationException
                ? $"the SMTP server refused Mail:Smtp:User {options.Smtp.User} (check Mail:Smtp:User and Mail:Smtp:Password)"
                : $"{ex.GetType().Name}: {Texts.SafeCut(ex.Message, 300)}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        var smtp = _smtp ??= new SmtpClient { Timeout = (int)options.RequestTimeout.TotalMilliseconds };
        if (!smtp.IsConnected)
        {
            await options.Smtp.ConnectAsync(smtp, cancellationToken);
        }
        else
        {
            try
            {
                // A kept connection the server may have closed meanwhile.
                await smtp.NoOpAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is SmtpProtocolException or IOException or SmtpCommandException)
            {
                await ResetAsync();
                return await ConnectedAsync(cancellationToken);
            }
        }

        return smtp;
    }

    private async Task ResetAsync()
    {
        if (_smtp is { } smtp)
        {
            _smtp = null;
            await DisconnectAsync(smtp);
            smtp.Dispose();
        }
    }

    private static async Task DisconnectAsync(SmtpClient smtp)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            if (smtp.IsConnected)
            {
                await smtp.DisconnectAsync(true, quick.Token);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Going away anyway.
        }
    }

    /// <summary>A ticket's thread: its topic, and its letters' ids, oldest first; the customer's latest is the one answered.</summary>
    private sealed record Thread(int Number, string Topic, IReadOnlyList<string> Ids, string? ReplyTo);

    private async Task<Thread?> ThreadAsync(int number, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        var topic = await db.MailThreads.Where(t => t.TicketNumber == number).Select(t => t.Topic).SingleOrDefaultAsync(cancellationToken);
        if (topic is null)
        {
            // A ticket from another messenger: its letters still carry its number.
            topic = await db.Tickets.Where(t => t.Number == number).Select(t => t.Description).SingleOrDefaultAsync(cancellationToken);
            topic = topic is null ? string.Empty : Texts.Preview(topic, 60);
        }

        var letters = await db.MailLetters.Where(l => l.TicketNumber == number).OrderBy(l => l.At).Select(l => new { l.MessageId, l.Outgoing }).ToListAsync(cancellationToken);
        return new Thread(number, topic, [.. letters.Select(l => l.MessageId)], letters.LastOrDefault(l => !l.Outgoing)?.MessageId ?? letters.LastOrDefault()?.MessageId);
    }

    private async Task<bool> AlreadySentAsync(string messageId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        return await db.MailLetters.AnyAsync(l => l.MessageId == messageId && l.Outgoing, cancellationToken);
    }

    private async Task RememberAsync(string messageId, int ticket, string address, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
            db.MailLetters.Add(new MailLetter { MessageId = messageId, TicketNumber = ticket, Address = address, At = time.GetCurrentInstant(), Outgoing = true });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or IOException)
        {
            // Sent all the same; a reply to it still finds the ticket by [#N] in its subject.
            LogNotRemembered(logger, ticket, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Mail: a letter of ticket #{Ticket} was sent but its Message-ID not stored ({Error}); a reply finds the ticket by its subject")]
    private static partial void LogNotRemembered(ILogger logger, int ticket, string error);
}
