using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Dialogue;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Pipeline;

/// <summary>
/// The one way through for every update, from any messenger: dedupe → handler → domain → store → outbox,
/// all in one database transaction; then wake the outbox and answer the pressed button.
/// </summary>
public sealed partial class UpdatePipeline(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    Scheduling.ScheduleSignal schedule,
    ButtonAnswers answers,
    StaffDirectory staff,
    FloodGuard flood,
    Health.SupportMetrics metrics,
    StaffStore staffList,
    TimeProvider time,
    ILogger<UpdatePipeline> logger)
{
    /// <summary>
    /// Processes one update exactly once (a batch of one). Never throws for a bad update; throws
    /// <see cref="UpdateNotRecordedException"/> when not even the failure could be stored (database unavailable), so
    /// the caller must not confirm it.
    /// </summary>
    public Task ProcessAsync(IncomingUpdate update, CancellationToken cancellationToken) => ProcessBatchAsync([update], cancellationToken);

    /// <summary>
    /// Processes the updates of one poll exactly once each, in their order (so each chat's order is kept), in ONE
    /// database transaction: one commit — one disk flush — for the whole batch instead of one per update. Each update
    /// runs behind its own savepoint: one that fails is rolled back alone and closed with an apology, the others stand.
    /// Only after the commit are the outbox and the planner woken and the presses answered; the caller confirms the
    /// batch to the messenger after this returns. Throws <see cref="UpdateNotRecordedException"/> when not even a
    /// failure could be stored.
    /// </summary>
    public async Task ProcessBatchAsync(IReadOnlyList<IncomingUpdate> batch, CancellationToken cancellationToken)
    {
        var updates = batch.Where(u => !u.From.IsBot).ToList();
        if (updates.Count == 0)
        {
            return;
        }

        IReadOnlyList<(IncomingUpdate Update, string? Notice)> handled;
        try
        {
            handled = await HandleInTransactionAsync(updates, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (updates.Count > 1)
        {
            // The batch as a whole could not be committed: one at a time, so one update cannot hold the rest back.
            LogBatchFailed(logger, ex, updates.Count);
            foreach (var update in updates)
            {
                await ProcessBatchAsync([update], cancellationToken);
            }

            return;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, updates[0].Channel, updates[0].UpdateKey);
            handled = [(updates[0], await RecordFailureAsync(updates[0], ex, cancellationToken))];
            metrics.Update(updates[0].Channel, "failed", updates[0]);
        }

        if (handled.Count > 0)
        {
            signal.Notify();
            schedule.Notify();
        }

        foreach (var (update, notice) in handled)
        {
            if (update.Button is { } press)
            {
                // Off the updates loop: an answer the messenger refuses for a moment is retried while it is still valid.
                answers.Enqueue(update.Channel, press.CallbackId, notice);
            }
        }
    }

    /// <summary>The batch in one transaction; returns the updates taken now (not re-deliveries) with their button notices.</summary>
    private async Task<IReadOnlyList<(IncomingUpdate, string?)>> HandleInTransactionAsync(IReadOnlyList<IncomingUpdate> updates, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A staff change made anywhere (another replica included) holds from this batch on.
        await staffList.RefreshAsync(db, cancellationToken);
        // Recorded first, by the database's unique key: an update another writer (a replica) took already inserts nothing.
        var claimed = await ProcessedUpdates.ClaimAsync(db, updates, time.GetCurrentInstant(), cancellationToken);
        var fresh = new List<Taken>(updates.Count);
        foreach (var update in updates)
        {
            if (!claimed.Remove((update.Channel, update.UpdateKey)))
            {
                LogDuplicate(logger, update.Channel, update.UpdateKey);
                metrics.Update(update.Channel, "duplicate", update);
                continue;
            }

            // Looked up once: staff are never slowed down, and they go to the staff handler. Letters are never dropped
            // as a flood either: each is a request, and the mail channel limits only its own automatic answers.
            var member = staff.Find(update.Channel, update.From.UserId);
            var exempt = member is not null || update.Letter is not null;
            fresh.Add(new Taken(update, member, exempt ? FloodVerdict.Allowed : await flood.CheckAsync(db, update.Channel, update.From.UserId, cancellationToken)));
        }

        var handled = new List<(IncomingUpdate, string?)>(fresh.Count);
        var failed = new HashSet<IncomingUpdate>(ReferenceEqualityComparer.Instance);
        var round = 0;
        foreach (var updatesOfRound in Rounds(fresh))
        {
            handled.AddRange(await HandleRoundAsync(scope.ServiceProvider, db, transaction, updatesOfRound, $"r{round++}", failed, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        var now = time.GetCurrentInstant();
        foreach (var taken in fresh)
        {
            metrics.Update(taken.Update.Channel, failed.Contains(taken.Update) ? "failed" : taken.Verdict == FloodVerdict.Allowed ? "handled" : "flood_dropped", taken.Update, now);
        }

        return handled;
    }

    /// <summary>An update taken for handling, with who sent it (if staff) and what flood control said.</summary>
    private sealed record Taken(IncomingUpdate Update, StaffMember? Member, FloodVerdict Verdict);

    /// <summary>
    /// The batch in rounds that hold at most one update of each chat: the first update of every chat, then the second,
    /// and so on. Each chat's updates stay in their order; updates of different chats in one round do not see each
    /// other, as if they had arrived at the same moment.
    /// </summary>
    private static IEnumerable<List<Taken>> Rounds(List<Taken> updates)
    {
        var rounds = new List<List<Taken>>();
        var seen = new Dictionary<(ChannelKind, string), int>();
        foreach (var taken in updates)
        {
            var chat = (taken.Update.Channel, taken.Update.ChatId);
            var index = seen.GetValueOrDefault(chat);
            seen[chat] = index + 1;
            if (index == rounds.Count)
            {
                rounds.Add([]);
            }

            rounds[index].Add(taken);
        }

        return rounds;
    }

    /// <summary>
    /// A round handled together and saved at once, behind one savepoint — one save for many updates. If any of them
    /// fails (or the save does), the round is rolled back and its updates are handled one at a time, so one bad update
    /// costs only itself.
    /// </summary>
    private async Task<IReadOnlyList<(IncomingUpdate, string?)>> HandleRoundAsync(IServiceProvider services, SupportDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, List<Taken> round, string savepoint, HashSet<IncomingUpdate> failed, CancellationToken cancellationToken)
    {
        var handled = new List<(IncomingUpdate, string?)>(round.Count);
        if (round.Count > 1)
        {
            await transaction.CreateSavepointAsync(savepoint, cancellationToken);
            try
            {
                foreach (var taken in round)
                {
                    handled.Add((taken.Update, await TakeAsync(services, taken, cancellationToken)));
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
                return handled;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                LogRoundFailed(logger, ex, round.Count);
                await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
                handled.Clear();
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        for (var i = 0; i < round.Count; i++)
        {
            handled.Add((round[i].Update, await HandleOneAsync(services, db, transaction, round[i], $"{savepoint}u{i}", failed, cancellationToken)));
        }

        return handled;
    }

    /// <summary>Handles the update (or drops it under flood control); the caller saves.</summary>
    private async Task<string?> TakeAsync(IServiceProvider services, Taken taken, CancellationToken cancellationToken)
    {
        return taken.Verdict == FloodVerdict.Allowed
            ? await RouteAsync(services, taken.Update, taken.Member, cancellationToken)
            : TakeFlooded(services, taken.Update, taken.Verdict);
    }

    /// <summary>
    /// One update behind a savepoint (its processed mark was written before, outside it): handled or dropped by flood control. A failure rolls
    /// back to the savepoint and closes the update with an apology instead. A ticket changed meanwhile by another
    /// writer (optimistic concurrency — another replica) is handled again from the fresh state, so the second of two
    /// claims is told who won.
    /// </summary>
    private async Task<string?> HandleOneAsync(IServiceProvider services, SupportDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, Taken taken, string savepoint, HashSet<IncomingUpdate> failed, CancellationToken cancellationToken)
    {
        var update = taken.Update;
        for (var attempt = 1; ; attempt++)
        {
            await transaction.CreateSavepointAsync(savepoint, cancellationToken);
            try
            {
                var notice = await TakeAsync(services, taken, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
                return notice;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
                db.ChangeTracker.Clear();
                if (ex is DbUpdateConcurrencyException && attempt < 3)
                {
                    LogConcurrentChange(logger, update.Channel, update.UpdateKey, attempt);
                    continue;
                }

                LogHandlerFailed(logger, ex, update.Channel, update.UpdateKey);
                failed.Add(update);
                var notice = Answer(services, update, CustomerTexts.CouldNotProcess, CustomerTexts.CouldNotProcessNotice);
                await db.SaveChangesAsync(cancellationToken);
                return notice;
            }
            finally
            {
                // Each update starts from the database, not from what the one before left in memory.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Letters go to the letter handler. Staff (by their id in the staff channel) go to the staff handler in private chats and in the staff chats;
    /// everyone else in a private chat is a customer. In the staff chats a non-staff member's staff
    /// command or button is refused politely; other group messages are ignored.
    /// </summary>
    private async Task<string?> RouteAsync(IServiceProvider services, IncomingUpdate update, StaffMember? member, CancellationToken cancellationToken)
    {
        if (update.Letter is not null)
        {
            // A letter is a request or an answer in its thread, never a chat turn.
            return await services.GetRequiredService<LetterConversation>().HandleAsync(update, cancellationToken);
        }

        if (update.ChatKind == ChatKind.Private)
        {
            return member is not null
                ? await services.GetRequiredService<StaffConversation>().HandleAsync(update, member, cancellationToken)
                : await services.GetRequiredService<CustomerConversation>().HandleAsync(update, cancellationToken);
        }

        if (!staff.IsStaffChat(update.Chat))
        {
            return null;
        }

        if (member is not null)
        {
            return await services.GetRequiredService<StaffConversation>().HandleAsync(update, member, cancellationToken);
        }

        var lang = Customer.LanguageHint(update.From.LanguageCode);
        if (update.Button is { } press && ButtonCodec.Decode(press.Data) is { IsStaffOnly: true })
        {
            return StaffTexts.RefusedForNonStaff(lang);
        }

        if (update.Command is { } command && StaffCommand.IsStaffOnly(command.Name))
        {
            services.GetRequiredService<OutboxWriter>().Send(new OutgoingMessage(update.Chat, StaffTexts.RefusedForNonStaff(lang)));
        }

        return null;
    }

    /// <summary>Flood control: dropped, with one warning (private chats only) the first time.</summary>
    private string? TakeFlooded(IServiceProvider services, IncomingUpdate update, FloodVerdict verdict)
    {
        if (verdict != FloodVerdict.WarnAndDrop)
        {
            return null;
        }

        if (update.ChatKind == ChatKind.Private)
        {
            LogFlood(logger, update.Channel, update.From.UserId);
        }

        return Answer(services, update, CustomerTexts.FloodWarning, lang => Texts.Preview(CustomerTexts.FloodWarning(lang), 190));
    }

    /// <summary>An update taken without being handled: at most one reply (private chats only) and a button notice.</summary>
    private static string Answer(IServiceProvider services, IncomingUpdate update, Func<Language, string> reply, Func<Language, string> notice)
    {
        var lang = Customer.LanguageHint(update.From.LanguageCode);
        if (update.ChatKind == ChatKind.Private)
        {
            services.GetRequiredService<OutboxWriter>().Send(new OutgoingMessage(update.Chat, reply(lang)));
        }

        return notice(lang);
    }

    /// <summary>A bug must not stall the updates loop or go unanswered: mark the update done and apologise, in a transaction of its own.</summary>
    private async Task<string?> RecordFailureAsync(IncomingUpdate update, Exception failure, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if ((await ProcessedUpdates.ClaimAsync(db, [update], time.GetCurrentInstant(), cancellationToken)).Count == 0)
            {
                return null;
            }

            var notice = Answer(scope.ServiceProvider, update, CustomerTexts.CouldNotProcess, CustomerTexts.CouldNotProcessNotice);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return notice;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailureNotRecorded(logger, ex, update.Channel, update.UpdateKey, failure.GetType().Name);
            throw new UpdateNotRecordedException(update, ex);
        }
    }

    [LoggerMessage(LogLevel.Debug, "A round of {Count} updates failed together; handling them one at a time")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(LogLevel.Warning, "A batch of {Count} updates could not be committed; handling them one at a time")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(LogLevel.Information, "Update {Channel}/{UpdateKey} met a concurrent change (attempt {Attempt}); handling it again")]
    private static partial void LogConcurrentChange(ILogger logger, ChannelKind channel, string updateKey, int attempt);

    [LoggerMessage(LogLevel.Warning, "Flood control: {Channel} user {UserId} is over the limit; their messages are dropped for a while")]
    private static partial void LogFlood(ILogger logger, ChannelKind channel, string userId);

    [LoggerMessage(LogLevel.Debug, "Update {Channel}/{UpdateKey} was already processed; skipped")]
    private static partial void LogDuplicate(ILogger logger, ChannelKind channel, string updateKey);

    [LoggerMessage(LogLevel.Error, "Handling update {Channel}/{UpdateKey} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, ChannelKind channel, string updateKey);

    [LoggerMessage(LogLevel.Error, "Could not even record the failure of update {Channel}/{UpdateKey} (first failure: {FirstFailure})")]
    private static partial void LogFailureNotRecorded(ILogger logger, Exception exception, ChannelKind channel, string updateKey, string firstFailure);
}

/// <summary>An update neither handled nor recorded (the database was unavailable): it must be delivered again.</summary>
public sealed class UpdateNotRecordedException(IncomingUpdate update, Exception inner)
    : Exception($"Update {update.Channel}/{update.UpdateKey} could not be recorded.", inner);
