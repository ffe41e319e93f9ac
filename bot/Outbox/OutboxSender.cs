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
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up is enough.
            }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How many due messages one pass reads.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The longest pause between retries of a failing message.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);
}

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
    Microsoft.Extensions.Options.IOptions<OutboxOptions> options,
    FaultLog faults,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private readonly Dictionary<ChannelKind, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);
    private readonly Dictionary<ChannelKind, PartitionedRateLimiter<string>> _limiters = senders.ToDictionary(s => s.Channel, CreateLimiter);
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
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);

        var held = new HashSet<(ChannelKind, string)>();
        var nextDue = Instant.MaxValue;
        var staffChats = scope.ServiceProvider.GetRequiredService<Staff.StaffReachability>();
        var unreachableStaff = batch.Count == 0 ? [] : await staffChats.UnreachableAsync(cancellationToken);
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

            if (staffChats.OwnerOf(message) is { } waitingFor && unreachableStaff.Contains(waitingFor.UserId))
            {
                // The messenger refuses this staff member's private chat: kept for the moment they open it.
                if (await staffChats.HoldAsync(message, waitingFor, null, cancellationToken))
                {
                    signal.Notify();
                }

                await db.SaveChangesAsync(CancellationToken.None);
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
                case SendResult.Undeliverable undeliverable when staffChats.OwnerOf(message) is { } member:
                    // A staff member who never opened the bot (or blocked it): held until they do, and the duty chat tells them.
                    message.LastError = undeliverable.Error;
                    unreachableStaff.Add(member.UserId);
                    LogStaffUnreachable(logger, member.Name, message.Channel, undeliverable.Error);
                    if (await staffChats.HoldAsync(message, member, undeliverable.Error, cancellationToken))
                    {
                        signal.Notify();
                    }

                    break;
                case SendResult.Undeliverable undeliverable:
                    message.Status = OutboxStatus.Undeliverable;
                    message.LastError = undeliverable.Error;
                    LogUndeliverable(logger, message.Id, message.Channel, message.ChatId, undeliverable.Error);
                    // Only a message that could not reach the person says so; a failed edit (message gone) does not.
                    if (message.Kind == OutboxKind.Send && await ReportUndeliverableAsync(scope.ServiceProvider, db, message, now, cancellationToken))
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

        if (batch.Count == options.Value.BatchSize && held.Count == 0)
        {
            return TimeSpan.Zero;
        }

        return nextDue == Instant.MaxValue ? Timeout.InfiniteTimeSpan : Max(TimeSpan.Zero, (nextDue - time.GetCurrentInstant()).ToTimeSpan());
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// A customer the messenger will not let the bot reach (blocked the bot; in MAX also: never started it) is
    /// shown on each open ticket: a history line and a note to the engineer holding it (or the duty chat), once
    /// until the customer writes again.
    /// </summary>
    private static async Task<bool> ReportUndeliverableAsync(IServiceProvider services, SupportDbContext db, OutboxMessage message, Instant now, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Channel == message.Channel && c.ChatId == message.ChatId, cancellationToken);
        if (customer is null)
        {
            return false;
        }

        var tickets = await db.Tickets.Where(t => t.CustomerId == customer.Id && t.Status != Domain.Tickets.TicketStatus.Closed).ToListAsync(cancellationToken);
        var notifier = services.GetRequiredService<Staff.TicketNotifier>();
        var reported = false;
        foreach (var ticket in tickets)
        {
            var events = db.Set<Domain.Tickets.TicketEvent>().Where(e => e.TicketId == ticket.Id);
            var lastReport = await events.Where(e => e.Kind == Domain.Tickets.TicketEventKind.Undeliverable).MaxAsync(e => (long?)e.Id, cancellationToken);
            var lastHeard = await events.Where(e => e.ActorKind == Domain.Tickets.ActorKind.Customer).MaxAsync(e => (long?)e.Id, cancellationToken);
            if (lastReport is { } r && r > (lastHeard ?? 0))
            {
                continue;
            }

            var channel = Domain.Localization.StaffTexts.ChannelName(message.Channel);
            ticket.Record(Domain.Tickets.TicketEventKind.Undeliverable, Domain.Tickets.Actor.System, now, $"{channel}: {Domain.Localization.Texts.SafeCut(message.LastError ?? string.Empty, 200)}");
            notifier.AboutUnreachableCustomer(ticket, channel);
            reported = true;
        }

        return reported;
    }

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
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempts, 16) - 1), options.Value.MaxBackoff.TotalSeconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return Duration.FromSeconds(seconds * jitter);
    }

    private static PartitionedRateLimiter<string> CreateLimiter(IChannelSender sender)
    {
        // Not a token bucket for the global limit: it refills while it is being drained, so a full bucket plus the
        // refill let 39 of 30 go within one second (measured by OutboxPacingTests).
        var global = PartitionedRateLimiter.Create<string, int>(_ => RateLimitPartition.GetSlidingWindowLimiter(0, _ => AtMost(sender.GlobalMessagesPerSecond, TimeSpan.FromSeconds(1))));
        var perChat = PartitionedRateLimiter.Create<string, string>(chatId =>
        {
            var limit = sender.RateLimitFor(chatId);
            return RateLimitPartition.GetSlidingWindowLimiter(chatId, _ => AtMost(limit.Messages, limit.Per));
        });
        return PartitionedRateLimiter.CreateChained(perChat, global);
    }

    /// <summary>
    /// A sliding window that lets no more than <paramref name="messages"/> go in any span of <paramref name="per"/>.
    /// A window's permit comes back when the segment it was taken in leaves the window, which is up to one segment
    /// sooner than <paramref name="per"/> after it was taken (with one segment of a second, two messages to a private
    /// chat went 10 ms apart): the window is one segment longer, so every permit stays out for the whole period.
    /// Segments of at least 250 ms, as the limiters are replenished on a 100 ms heartbeat.
    /// </summary>
    private static SlidingWindowRateLimiterOptions AtMost(int messages, TimeSpan per)
    {
        var segments = Math.Clamp((int)(per / TimeSpan.FromMilliseconds(250)), 1, 20);
        return new SlidingWindowRateLimiterOptions
        {
            PermitLimit = messages,
            Window = per + (per / segments),
            SegmentsPerWindow = segments + 1,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
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

    [LoggerMessage(LogLevel.Warning, "{StaffName} cannot be written to in {Channel} ({Error}): their messages are held until they open the bot")]
    private static partial void LogStaffUnreachable(ILogger logger, string staffName, ChannelKind channel, string error);

    [LoggerMessage(LogLevel.Warning, "Outbox message {MessageId} to {Channel} chat {ChatId} is undeliverable: {Error}")]
    private static partial void LogUndeliverable(ILogger logger, long messageId, ChannelKind channel, string chatId, string error);

    [LoggerMessage(LogLevel.Error, "Outbox message {MessageId} to {Channel} chat {ChatId} was rejected by the messenger: {Error}")]
    private static partial void LogRejected(ILogger logger, long messageId, ChannelKind channel, string chatId, string error);
}
