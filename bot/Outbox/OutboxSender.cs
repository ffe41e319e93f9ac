using System.Text.Json;
using System.Threading.RateLimiting;
using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Outbox;

/// <summary>Wakes the outbox sender when a transaction that wrote messages has committed.</summary>
public sealed class OutboxSignal : WakeSignal;

/// <summary>
/// Delivers the outbox in order per chat, within each messenger's limits (per chat and overall),
/// waiting out 429's retry_after, backing off on 5xx and timeouts, and giving up only on messages
/// the messenger will never take (403: undeliverable, 400: rejected).
/// </summary>
public sealed partial class OutboxSender(
    IServiceScopeFactory scopes,
    IEnumerable<IChannelSender> senders,
    OutboxSignal signal,
    TimeProvider time,
    OutboxOptions options,
    FaultLog faults,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private readonly Dictionary<ChannelKind, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);
    private readonly Dictionary<ChannelKind, PartitionedRateLimiter<string>> _limiters = senders.ToDictionary(s => s.Channel, RateLimits.For);
    private CancellationToken _sendToken;

    /// <summary>How many times a message whose adapter throws unexpectedly is tried before it is given up.</summary>
    private const int MaxUnexpectedFailures = 10;

    /// <summary>How long a send already under way may finish after the host starts stopping.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A send in flight is not cut off the moment the host stops (that would leave its outcome
        // unknown and send it again at the next start); it gets a few seconds to finish.
        using var sending = new CancellationTokenSource();
        using var stopping = stoppingToken.Register(() => sending.CancelAfter(StopGrace));
        _sendToken = sending.Token;

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await PassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
                wait = TimeSpan.FromSeconds(5);
            }

            try
            {
                // Wake on a new commit, when the next retry falls due on the (possibly fake) clock,
                // or after a short real pause while a rate limiter holds messages back.
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var signalled = signal.WaitAsync(Timeout.InfiniteTimeSpan, cts.Token);
                var due = Task.Delay(wait, time, cts.Token);
                var poll = Task.Delay(IdlePoll, cts.Token);
                await Task.WhenAny(signalled, due, poll);
                await cts.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Sends what is due; returns how long until the next retry falls due.</summary>
    internal async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        var now = time.GetCurrentInstant();
        var batch = await db.Outbox
            .Where(o => o.Status == OutboxStatus.Pending)
            .OrderBy(o => o.Id)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);

        var held = new HashSet<(ChannelKind, string)>();
        var nextDue = Instant.MaxValue;
        var problems = scope.ServiceProvider.GetRequiredService<IDeliveryProblems>();
        foreach (var message in batch)
        {
            var chat = (message.Channel, message.ChatId);
            if (held.Contains(chat))
            {
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                // Stopping: no new sends; what is left goes at the next start.
                break;
            }

            if (message.NextAttemptAt > now)
            {
                // Keep the chat's order: nothing after a waiting message goes first.
                held.Add(chat);
                nextDue = Instant.Min(nextDue, message.NextAttemptAt);
                continue;
            }

            if (await problems.HoldIfUnreachableAsync(message, cancellationToken))
            {
                // The recipient is known to refuse it now (a staff member who never opened the bot): kept for later.
                await db.SaveChangesAsync(CancellationToken.None);
                signal.Notify();
                continue;
            }

            if (!_senders.TryGetValue(message.Channel, out var sender))
            {
                message.Status = OutboxStatus.Rejected;
                message.LastError = $"No {message.Channel} channel is configured.";
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }

            using var lease = _limiters[message.Channel].AttemptAcquire(message.ChatId);
            if (!lease.IsAcquired)
            {
                held.Add(chat);
                continue;
            }

            SendResult result;
            try
            {
                result = await SendOneAsync(db, sender, message, _sendToken == default ? cancellationToken : _sendToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An adapter's own failure (a bug, an odd answer) must not stop the queue behind this message:
                // it is retried like a fault that may pass, and given up after a few tries.
                LogSendCrashed(logger, ex, message.Id, message.Channel);
                var error = $"{ex.GetType().Name}: {Domain.Localization.Texts.SafeCut(ex.Message, 300)}";
                result = message.Attempts + 1 >= MaxUnexpectedFailures ? new SendResult.Rejected(error) : new SendResult.Transient(error);
            }

            now = time.GetCurrentInstant();
            message.Attempts++;
            switch (result)
            {
                case SendResult.Sent sent:
                    message.Status = OutboxStatus.Sent;
                    message.SentAt = now;
                    message.SentMessageId = sent.MessageId;
                    message.LastError = null;
                    // An edit whose original was never delivered went out as a new message: that one is tracked now.
                    if (message.TrackKey is { } key && sent.MessageId is { } id)
                    {
                        await TrackAsync(db, key, message, id, cancellationToken);
                    }

                    break;
                case SendResult.RetryAfter retry:
                    if (faults.ShouldLog($"{message.Channel} 429", out var held429))
                    {
                        LogRetryAfter(logger, message.Channel, retry.Wait.TotalSeconds, held429);
                    }

                    message.NextAttemptAt = now + Duration.FromTimeSpan(retry.Wait);
                    message.LastError = retry.Error;
                    held.Add(chat);
                    nextDue = Instant.Min(nextDue, message.NextAttemptAt);
                    break;
                case SendResult.Transient transient:
                    if (faults.ShouldLog($"{message.Channel} {FaultKind(transient.Error)}", out var heldTransient))
                    {
                        LogTransient(logger, message.Channel, transient.Error, heldTransient);
                    }

                    message.NextAttemptAt = now + Backoff(message.Attempts);
                    message.LastError = transient.Error;
                    held.Add(chat);
                    nextDue = Instant.Min(nextDue, message.NextAttemptAt);
                    break;
                case SendResult.Undeliverable undeliverable:
                    if (await problems.UndeliverableAsync(message, undeliverable.Error, cancellationToken))
                    {
                        signal.Notify();
                    }

                    break;
                case SendResult.Rejected rejected:
                    message.Status = OutboxStatus.Rejected;
                    message.LastError = rejected.Error;
                    LogRejected(logger, message.Id, message.Channel, message.ChatId, rejected.Error);
                    break;
            }

            // Saved after every message, even while stopping (the send already happened): a crash
            // re-sends at most the one in flight, a graceful stop none.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        if (batch.Count == options.BatchSize && held.Count == 0)
        {
            return TimeSpan.Zero;
        }

        return nextDue == Instant.MaxValue ? Timeout.InfiniteTimeSpan : Max(TimeSpan.Zero, (nextDue - time.GetCurrentInstant()).ToTimeSpan());
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task<SendResult> SendOneAsync(SupportDbContext db, IChannelSender sender, OutboxMessage message, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<OutboxPayload>(message.Payload, SupportDbContext.Json)!;
        if (message.Kind == OutboxKind.Edit)
        {
            var tracked = await db.TrackedMessages.FindAsync([message.TrackKey], cancellationToken);
            if (tracked is null)
            {
                // The original was never delivered (or not yet): send the current state as a new message instead.
                return await sender.SendAsync(message.ChatId, payload, cancellationToken);
            }

            return await sender.EditAsync(tracked.ChatId, tracked.MessageId, payload, cancellationToken);
        }

        return await sender.SendAsync(message.ChatId, payload, cancellationToken);
    }

    private static async Task TrackAsync(SupportDbContext db, string key, OutboxMessage message, string id, CancellationToken cancellationToken)
    {
        var tracked = await db.TrackedMessages.FindAsync([key], cancellationToken);
        if (tracked is null)
        {
            db.TrackedMessages.Add(new TrackedMessage { Key = key, Channel = message.Channel, ChatId = message.ChatId, MessageId = id });
        }
        else
        {
            tracked.ChatId = message.ChatId;
            tracked.MessageId = id;
        }
    }

    private Duration Backoff(int attempts)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempts, 16) - 1), options.MaxBackoff.TotalSeconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return Duration.FromSeconds(seconds * jitter);
    }

    // "HTTP 502: Bad Gateway" and "HTTP 502: …" are one kind; so are all timeouts.
    private static string FaultKind(string error) => error.StartsWith("HTTP ", StringComparison.Ordinal) ? error[..Math.Min(8, error.Length)] : error.Split(':')[0];

    [LoggerMessage(LogLevel.Warning, "{Channel} asks to slow down (429, retry after {Seconds} s); messages wait ({Held} more such answers since the last line)")]
    private static partial void LogRetryAfter(ILogger logger, ChannelKind channel, double seconds, int held);

    [LoggerMessage(LogLevel.Warning, "Sending to {Channel} failed and will be retried: {Error} ({Held} more such failures since the last line)")]
    private static partial void LogTransient(ILogger logger, ChannelKind channel, string error, int held);

    [LoggerMessage(LogLevel.Error, "Sending outbox message {MessageId} to {Channel} failed unexpectedly; it will be retried")]
    private static partial void LogSendCrashed(ILogger logger, Exception exception, long messageId, ChannelKind channel);

    [LoggerMessage(LogLevel.Error, "Outbox pass failed; retrying in 5 s")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Error, "Outbox message {MessageId} to {Channel} chat {ChatId} was rejected by the messenger: {Error}")]
    private static partial void LogRejected(ILogger logger, long messageId, ChannelKind channel, string chatId, string error);
}
