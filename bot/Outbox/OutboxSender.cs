using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
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
/// Delivers the outbox: each chat is a lane — its messages go one at a time, in order — and lanes run side by side
/// (up to <see cref="MaxInFlight"/> sends at once), so a slow round trip or a MAX upload waiting out
/// «attachment.not.ready» holds up only its own chat. Every send is within the messenger's limits
/// (<see cref="SendWindows"/>). Outcomes are recorded by one writer, in small transactions; a chat's next message
/// goes only once the outcome of the one before is stored, so a crash re-sends at most what was in flight.
/// 429 is waited out, 5xx and timeouts are retried with back-off; only what the messenger will never take is given up.
/// </summary>
public sealed partial class OutboxSender(
    IServiceScopeFactory scopes,
    IEnumerable<IChannelSender> senders,
    OutboxSignal signal,
    TimeProvider time,
    OutboxOptions options,
    FaultLog faults,
    ILogger<OutboxSender> logger,
    Cluster.OutboxClaims? claims = null,
    Health.SupportMetrics? metrics = null) : BackgroundService
{
    /// <summary>Sends in flight at once, over all chats.</summary>
    public const int MaxInFlight = 64;

    /// <summary>How many times a message whose adapter throws unexpectedly is tried before it is given up.</summary>
    private const int MaxUnexpectedFailures = 10;

    /// <summary>How long a send already under way may finish after the host starts stopping.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>Without news, the queue is looked at again this often (a commit wakes it at once anyway).</summary>
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private readonly Dictionary<ChannelKind, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);
    private readonly Dictionary<ChannelKind, SendWindows> _windows = senders.ToDictionary(s => s.Channel, s => new SendWindows(s));

    /// <summary>
    /// Chats with a message on its way (<see cref="InFlight"/>: sent, its outcome not yet stored) or just settled (the
    /// number of the store that settled it): nothing else of theirs goes meanwhile, and a settled chat goes again only
    /// once the queue is read after that store — a read begun before it still sees the message pending.
    /// </summary>
    private readonly ConcurrentDictionary<(ChannelKind, string), long> _busy = new();

    private const long InFlight = long.MaxValue;

    /// <summary>How many outcome stores have committed.</summary>
    private long _stores;

    private readonly Channel<Outcome> _outcomes = Channel.CreateUnbounded<Outcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _recorded = new(0);
    private CancellationToken _sendToken;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A send in flight is not cut off the moment the host stops (that would leave its outcome unknown and send it
        // again at the next start); it gets a few seconds to finish, and its outcome is stored.
        using var sending = new CancellationTokenSource();
        using var stopping = stoppingToken.Register(() => sending.CancelAfter(StopGrace));
        _sendToken = sending.Token;
        var recorder = RecordAsync(CancellationToken.None);
        var inFlight = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            Wake wake;
            try
            {
                wake = await DispatchAsync(inFlight, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex);
                wake = new Wake(TimeSpan.FromSeconds(5), null);
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            try
            {
                // Wake on a new commit, an outcome stored (its chat's next message may go), the next retry falling due
                // on the (possibly fake) clock, or — real time — the moment a limit lets the next message go.
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var waits = new List<Task> { signal.WaitAsync(Timeout.InfiniteTimeSpan, cts.Token), _recorded.WaitAsync(cts.Token), Task.Delay(IdlePoll, cts.Token) };
                if (wake.Due != Timeout.InfiniteTimeSpan)
                {
                    waits.Add(Task.Delay(wake.Due, time, cts.Token));
                }

                if (wake.Limit is { } limit)
                {
                    waits.Add(Task.Delay(limit, cts.Token));
                }

                await Task.WhenAny(waits);
                await cts.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await Task.WhenAll(inFlight);
        _outcomes.Writer.TryComplete();
        await recorder;
    }

    /// <summary>
    /// What the tests drive step by step: sends everything that may go now, waiting for each send and storing its
    /// outcome before its chat's next message (as the running sender does), until nothing more may go. Returns how
    /// long until the next retry falls due (on the support clock).
    /// </summary>
    internal async Task<TimeSpan> PassAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var started = new List<Task>();
            var wake = await DispatchAsync(started, cancellationToken);
            await Task.WhenAll(started);
            var outcomes = new List<Outcome>();
            while (_outcomes.Reader.TryRead(out var outcome))
            {
                outcomes.Add(outcome);
            }

            if (outcomes.Count > 0)
            {
                await StoreAsync(outcomes, cancellationToken);
            }

            if (started.Count == 0 && !wake.Changed)
            {
                return wake.Due;
            }
        }
    }

    /// <summary>
    /// When to look again: a retry falling due (support clock), a limit letting a message go (real time); and whether
    /// the pass changed rows without sending (a message held or given up: its chat's next one may go at once).
    /// </summary>
    private readonly record struct Wake(TimeSpan Due, TimeSpan? Limit, bool Changed = false);

    /// <summary>Starts a send for every chat whose next message is due and allowed now; the sends run on.</summary>
    private async Task<Wake> DispatchAsync(List<Task> started, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        // Whose private chat is whose (a refused one is held for staff, not given up): the staff list as it is now.
        if (scope.ServiceProvider.GetService<Staff.StaffStore>() is { } staffList)
        {
            await staffList.RefreshAsync(db, cancellationToken);
        }

        // The rows only set off sends here; their outcomes are written by the recorder. No change scanning over the batch.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = time.GetCurrentInstant();
        var readAfter = Interlocked.Read(ref _stores);
        // Each chat's first pending message: a chat with hundreds queued takes one place in the batch, not all of them.
        // Several replicas: only those this one claimed (see OutboxClaims).
        List<OutboxMessage> batch;
        if (claims is not null)
        {
            batch = await claims.ClaimHeadsAsync(db, now, options.BatchSize, cancellationToken);
        }
        else
        {
            var pending = db.Outbox.Where(o => o.Status == OutboxStatus.Pending);
            var heads = pending.GroupBy(o => new { o.Channel, o.ChatId }).Select(g => g.Min(o => o.Id));
            batch = await db.Outbox.Where(o => heads.Contains(o.Id)).OrderBy(o => o.Id).Take(options.BatchSize).ToListAsync(cancellationToken);
        }

        var problems = scope.ServiceProvider.GetRequiredService<IDeliveryProblems>();
        var waiting = 0;
        var nextDue = Instant.MaxValue;
        TimeSpan? limit = null;
        var changed = false;
        var ready = new List<(OutboxMessage Message, IChannelSender Sender)>(batch.Count);
        foreach (var message in batch)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Stopping: no new sends; what is left goes at the next start.
                break;
            }

            // Keep each chat's order: nothing goes past a message on its way or waiting for a retry.
            var chat = (message.Channel, message.ChatId);
            if (_busy.TryGetValue(chat, out var settled) && (settled > readAfter || !_busy.TryRemove(KeyValuePair.Create(chat, settled))))
            {
                waiting++;
                continue;
            }

            if (message.NextAttemptAt > now)
            {
                waiting++;
                nextDue = Instant.Min(nextDue, message.NextAttemptAt);
                continue;
            }

            if (await problems.HoldIfUnreachableAsync(message, cancellationToken))
            {
                // The recipient is known to refuse it now (a staff member who never opened the bot): kept for later.
                changed = true;
                continue;
            }

            if (message.Kind == OutboxKind.Edit && message.TrackKey is { } card
                && await db.Outbox.Where(o => o.Channel == message.Channel && o.ChatId == message.ChatId && o.Status == OutboxStatus.Pending && o.TrackKey == card && o.Id > message.Id)
                    .OrderBy(o => o.Id).Select(o => (OutboxKind?)o.Kind).FirstOrDefaultAsync(cancellationToken) == OutboxKind.Edit)
            {
                // A burst of changes to one card (an incident's tickets joining one by one) costs one edit, not one each:
                // within a group's 20 messages a minute, every superseded edit would hold back what comes after it. Only
                // when the next row of that key is an edit too: a new card posted under the key (a reopening) comes
                // between an edit of the old message and edits of the new one, and the old message still gets its edit.
                message.Status = OutboxStatus.Superseded;
                changed = true;
                continue;
            }

            if (!_senders.TryGetValue(message.Channel, out var sender))
            {
                message.Status = OutboxStatus.Rejected;
                message.LastError = $"No {message.Channel} channel is configured.";
                changed = true;
                continue;
            }

            ready.Add((message, sender));
        }

        // Within the limits: in memory (one replica), or all of the pass's chats in one transaction on the shared rows.
        var shared = claims is null || ready.Count == 0 ? null : await Cluster.SharedSendLimits.TryTakeAsync(db, [.. ready.Select(r => (r.Sender, r.Message.ChatId))], cancellationToken);
        for (var i = 0; i < ready.Count; i++)
        {
            var (message, sender) = ready[i];
            SendWindows.Permit permit = default;
            var retryIn = shared is null
                ? _windows[message.Channel].TryTake(message.ChatId, out var wait, out permit) ? TimeSpan.Zero : wait
                : shared[i];
            if (retryIn > TimeSpan.Zero)
            {
                waiting++;
                limit = limit is { } l && l < retryIn ? l : retryIn;
                continue;
            }

            _busy[(message.Channel, message.ChatId)] = InFlight;
            started.Add(SendAsync(sender, message, permit));
        }

        if (_busy.Count > 4 * MaxInFlight)
        {
            // Chats settled before this read and quiet since: nothing left to remember about them.
            foreach (var (chat, settled) in _busy)
            {
                if (settled <= readAfter)
                {
                    _busy.TryRemove(KeyValuePair.Create(chat, settled));
                }
            }
        }

        if (changed)
        {
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(CancellationToken.None);
            signal.Notify();
        }

        // A full batch of chats that could all go: more may be behind it, look again at once.
        var due = batch.Count == options.BatchSize && waiting == 0 ? TimeSpan.Zero
            : nextDue == Instant.MaxValue ? Timeout.InfiniteTimeSpan
            : Max(TimeSpan.Zero, (nextDue - time.GetCurrentInstant()).ToTimeSpan());
        return new Wake(due, limit, changed);
    }

    /// <summary>One send, off the dispatcher: its outcome goes to the recorder.</summary>
    private async Task SendAsync(IChannelSender sender, OutboxMessage message, SendWindows.Permit permit)
    {
        await Task.Yield();
        SendResult result;
        try
        {
            try
            {
                result = await SendOneAsync(sender, message, _sendToken);
            }
            finally
            {
                permit.Answered();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_sendToken.IsCancellationRequested)
        {
            // An adapter's own failure (a bug, an odd answer) must not stop the queue behind this message: it is
            // retried like a fault that may pass, and given up after a few tries.
            LogSendCrashed(logger, ex, message.Id, message.Channel);
            var error = $"{ex.GetType().Name}: {Domain.Localization.Texts.SafeCut(ex.Message, 300)}";
            result = message.Attempts + 1 >= MaxUnexpectedFailures ? new SendResult.Rejected(error) : new SendResult.Transient(error);
        }
        catch (OperationCanceledException)
        {
            // Cut off at the end of the stop's grace: its fate is unknown, so it stays pending and goes again.
            result = new SendResult.Transient("stopped while sending");
        }

        _outcomes.Writer.TryWrite(new Outcome(message.Id, message.Channel, message.ChatId, result));
    }

    private async Task<SendResult> SendOneAsync(IChannelSender sender, OutboxMessage message, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize<OutboxPayload>(message.Payload, SupportDbContext.Json)!;
        if (message.Kind == OutboxKind.Edit)
        {
            var tracked = await TrackedAsync(message.TrackKey!, cancellationToken);
            // The original was never delivered (or not yet): send the current state as a new message instead.
            return tracked is null
                ? await sender.SendAsync(message.ChatId, await WithTopicsAsync(payload, message.ChatId, cancellationToken), cancellationToken)
                : await sender.EditAsync(tracked.ChatId, tracked.MessageId, payload, cancellationToken);
        }

        if (message.Kind == OutboxKind.Topic && payload is { Topic: { } operation, TopicOf: { } number })
        {
            var topic = await TrackedAsync(OutboxWriter.TopicKey(number), cancellationToken);
            return operation.Verb == TopicVerb.Create
                // A retry finds a topic already tracked and makes no second one; one made by a call whose answer was lost
                // (a timeout) cannot be known — Telegram has no idempotency key — and may stay as an empty duplicate.
                ? topic is null ? await sender.TopicAsync(message.ChatId, null, operation, cancellationToken) : new SendResult.Sent(topic.MessageId)
                // No topic was ever made (the bot had no right then): nothing to rename.
                : topic is null ? new SendResult.Sent(null) : await sender.TopicAsync(message.ChatId, topic.MessageId, operation, cancellationToken);
        }

        return await sender.SendAsync(message.ChatId, await WithTopicsAsync(payload, message.ChatId, cancellationToken), cancellationToken);
    }

    /// <summary>The forum topics a message goes into or links to, as the messenger knows them (none yet: the general topic).</summary>
    private async Task<OutboxPayload> WithTopicsAsync(OutboxPayload payload, string chatId, CancellationToken cancellationToken)
    {
        if (payload.TopicOf is { } into && await TrackedAsync(OutboxWriter.TopicKey(into), cancellationToken) is { } topic && topic.ChatId == chatId)
        {
            payload = payload with { TopicThread = topic.MessageId };
        }

        if (payload.TopicLinkOf is { } link && await TrackedAsync(OutboxWriter.TopicKey(link), cancellationToken) is { } linked && linked.ChatId == chatId)
        {
            payload = payload with { TopicLinkThread = linked.MessageId };
        }

        return payload;
    }

    private async Task<TrackedMessage?> TrackedAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SupportDbContext>().TrackedMessages.AsNoTracking().SingleOrDefaultAsync(t => t.Key == key, cancellationToken);
    }

    /// <summary>The one writer of outcomes: what has arrived is stored together, then those chats' next messages may go.</summary>
    private async Task RecordAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Outcome>();
        while (await _outcomes.Reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (batch.Count < 100 && _outcomes.Reader.TryRead(out var outcome))
            {
                batch.Add(outcome);
            }

            try
            {
                await StoreAsync(batch, cancellationToken);
            }
            catch (Exception ex)
            {
                // The sends happened; their rows stay pending and go again at worst (never lost).
                LogRecordFailed(logger, ex, batch.Count);
                foreach (var outcome in batch)
                {
                    _busy.TryRemove((outcome.Channel, outcome.ChatId), out _);
                }
            }

            _recorded.Release();
        }
    }

    private async Task StoreAsync(IReadOnlyList<Outcome> outcomes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        var problems = scope.ServiceProvider.GetRequiredService<IDeliveryProblems>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = outcomes.Select(o => o.Id).ToList();
        var rows = await db.Outbox.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var wrote = false;
        foreach (var outcome in outcomes)
        {
            if (rows.TryGetValue(outcome.Id, out var message))
            {
                wrote |= await ApplyAsync(db, problems, message, outcome.Result, cancellationToken);
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (claims is not null)
        {
            // Several replicas: each chat's limit counts from these answers too (the slots are shared rows).
            await Cluster.SharedSendLimits.SettleAsync(db, outcomes.Where(o => _senders.ContainsKey(o.Channel)).Select(o => (_senders[o.Channel], o.ChatId)), CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        var store = Interlocked.Increment(ref _stores);
        foreach (var outcome in outcomes)
        {
            _busy[(outcome.Channel, outcome.ChatId)] = store;
        }

        if (wrote)
        {
            signal.Notify();
        }
    }

    /// <summary>What an outcome means for its row; true when it wrote new outbox rows (a note about a refused recipient).</summary>
    private async Task<bool> ApplyAsync(SupportDbContext db, IDeliveryProblems problems, OutboxMessage message, SendResult result, CancellationToken cancellationToken)
    {
        var now = time.GetCurrentInstant();
        message.Attempts++;
        // Settled for now: any replica may take the chat's next message (or this one's retry).
        message.ClaimedBy = null;
        message.ClaimedUntil = null;
        switch (result)
        {
            case SendResult.Sent sent:
                metrics?.Sent(message.Channel);
                message.Status = OutboxStatus.Sent;
                message.SentAt = now;
                message.SentMessageId = sent.MessageId;
                message.LastError = null;
                // An edit whose original was never delivered went out as a new message: that one is tracked now.
                if (message.TrackKey is { } key && sent.MessageId is { } id)
                {
                    await TrackAsync(db, key, message, id, cancellationToken);
                }

                return false;
            case SendResult.RetryAfter retry:
                metrics?.RateLimited(message.Channel);
                if (faults.ShouldLog($"{message.Channel} 429", out var held429))
                {
                    LogRetryAfter(logger, message.Channel, retry.Wait.TotalSeconds, held429);
                }

                message.NextAttemptAt = now + Duration.FromTimeSpan(retry.Wait);
                message.LastError = retry.Error;
                return false;
            case SendResult.Transient transient:
                if (faults.ShouldLog($"{message.Channel} {FaultKind(transient.Error)}", out var heldTransient))
                {
                    LogTransient(logger, message.Channel, transient.Error, heldTransient);
                }

                message.NextAttemptAt = now + Backoff(message.Attempts);
                message.LastError = transient.Error;
                return false;
            case SendResult.Undeliverable undeliverable:
                return await problems.UndeliverableAsync(message, undeliverable.Error, cancellationToken);
            case SendResult.Rejected rejected:
                message.Status = OutboxStatus.Rejected;
                message.LastError = rejected.Error;
                LogRejected(logger, message.Id, message.Channel, message.ChatId, rejected.Error);
                return false;
            default:
                return false;
        }
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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private Duration Backoff(int attempts)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempts, 16) - 1), options.MaxBackoff.TotalSeconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return Duration.FromSeconds(seconds * jitter);
    }

    // "HTTP 502: Bad Gateway" and "HTTP 502: …" are one kind; so are all timeouts.
    private static string FaultKind(string error) => error.StartsWith("HTTP ", StringComparison.Ordinal) ? error[..Math.Min(8, error.Length)] : error.Split(':')[0];

    /// <summary>A send's outcome on its way to the recorder.</summary>
    private sealed record Outcome(long Id, ChannelKind Channel, string ChatId, SendResult Result);

    [LoggerMessage(LogLevel.Warning, "{Channel} asks to slow down (429, retry after {Seconds} s); messages wait ({Held} more such answers since the last line)")]
    private static partial void LogRetryAfter(ILogger logger, ChannelKind channel, double seconds, int held);

    [LoggerMessage(LogLevel.Warning, "Sending to {Channel} failed and will be retried: {Error} ({Held} more such failures since the last line)")]
    private static partial void LogTransient(ILogger logger, ChannelKind channel, string error, int held);

    [LoggerMessage(LogLevel.Error, "Sending outbox message {MessageId} to {Channel} failed unexpectedly; it will be retried")]
    private static partial void LogSendCrashed(ILogger logger, Exception exception, long messageId, ChannelKind channel);

    [LoggerMessage(LogLevel.Error, "Outbox pass failed; retrying in 5 s")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Error, "Storing {Count} send outcomes failed; those messages will be sent again")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(LogLevel.Error, "Outbox message {MessageId} to {Channel} chat {ChatId} was rejected by the messenger: {Error}")]
    private static partial void LogRejected(ILogger logger, long messageId, ChannelKind channel, string chatId, string error);
}
