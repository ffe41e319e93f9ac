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
    TimeProvider time,
    ILogger<UpdatePipeline> logger)
{
    /// <summary>
    /// Processes one update exactly once. Never throws for a bad update; throws <see cref="UpdateNotRecordedException"/>
    /// when not even the failure could be stored (database unavailable), so the caller must not confirm it.
    /// </summary>
    public async Task ProcessAsync(IncomingUpdate update, CancellationToken cancellationToken)
    {
        if (update.From.IsBot)
        {
            return;
        }

        string? notice;
        bool fresh;
        // Looked up once: staff are never slowed down, and they go to the staff handler.
        var member = staff.Find(update.Channel, update.From.UserId);
        var verdict = member is not null ? FloodVerdict.Allowed : flood.Check(update.Channel, update.From.UserId);
        try
        {
            (fresh, notice) = verdict == FloodVerdict.Allowed
                ? await HandleWithRetryAsync(update, member, cancellationToken)
                : await DropFloodAsync(update, verdict, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(logger, ex, update.Channel, update.UpdateKey);
            (fresh, notice) = await RecordFailureAsync(update, ex, cancellationToken);
        }

        if (fresh)
        {
            signal.Notify();
            schedule.Notify();
        }

        if (update.Button is { } press)
        {
            // Off the updates loop: an answer the messenger refuses for a moment is retried while it is still valid.
            answers.Enqueue(update.Channel, press.CallbackId, notice);
        }
    }

    /// <summary>
    /// A ticket changed by someone else meanwhile (optimistic concurrency) is handled again from the
    /// fresh state, so the second of two simultaneous claims is told who won instead of failing.
    /// </summary>
    private async Task<(bool Fresh, string? Notice)> HandleWithRetryAsync(IncomingUpdate update, StaffMember? member, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await HandleInTransactionAsync(update, member, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                LogConcurrentChange(logger, update.Channel, update.UpdateKey, attempt);
            }
        }
    }

    private async Task<(bool Fresh, string? Notice)> HandleInTransactionAsync(IncomingUpdate update, StaffMember? member, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await MarkProcessedAsync(db, update, cancellationToken))
        {
            LogDuplicate(logger, update.Channel, update.UpdateKey);
            return (false, null);
        }

        var notice = await RouteAsync(scope.ServiceProvider, update, member, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, notice);
    }

    /// <summary>
    /// Staff (by their id in the staff channel) go to the staff handler in private chats and in the staff chats;
    /// everyone else in a private chat is a customer. In the staff chats a non-staff member's staff
    /// command or button is refused politely; other group messages are ignored.
    /// </summary>
    private async Task<string?> RouteAsync(IServiceProvider services, IncomingUpdate update, StaffMember? member, CancellationToken cancellationToken)
    {
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

    /// <summary>Records the update as processed in the open transaction; false when it already was (a re-delivery).</summary>
    private async Task<bool> MarkProcessedAsync(SupportDbContext db, IncomingUpdate update, CancellationToken cancellationToken)
    {
        if (await db.ProcessedUpdates.AnyAsync(p => p.Channel == update.Channel && p.UpdateKey == update.UpdateKey, cancellationToken))
        {
            return false;
        }

        db.ProcessedUpdates.Add(new ProcessedUpdate { Channel = update.Channel, UpdateKey = update.UpdateKey, ProcessedAt = time.GetCurrentInstant() });
        return true;
    }

    private async Task<(bool Fresh, string? Notice)> DropFloodAsync(IncomingUpdate update, FloodVerdict verdict, CancellationToken cancellationToken)
    {
        if (verdict != FloodVerdict.WarnAndDrop)
        {
            return await RecordAndAnswerAsync(update, null, null, cancellationToken);
        }

        if (update.ChatKind == ChatKind.Private)
        {
            LogFlood(logger, update.Channel, update.From.UserId);
        }

        return await RecordAndAnswerAsync(update, CustomerTexts.FloodWarning, lang => Texts.Preview(CustomerTexts.FloodWarning(lang), 190), cancellationToken);
    }

    /// <summary>
    /// Takes an update without handling it: recorded as processed, with at most one reply (private chats only)
    /// and a button notice. Flood control drops updates this way; a failed update is closed this way.
    /// </summary>
    private async Task<(bool Fresh, string? Notice)> RecordAndAnswerAsync(
        IncomingUpdate update, Func<Language, string>? reply, Func<Language, string>? notice, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await MarkProcessedAsync(db, update, cancellationToken))
        {
            return (false, null);
        }

        var lang = Customer.LanguageHint(update.From.LanguageCode);
        if (reply is not null && update.ChatKind == ChatKind.Private)
        {
            scope.ServiceProvider.GetRequiredService<OutboxWriter>().Send(new OutgoingMessage(update.Chat, reply(lang)));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, notice?.Invoke(lang));
    }

    /// <summary>A bug must not stall the updates loop or go unanswered: mark the update done and apologise.</summary>
    private async Task<(bool Fresh, string? Notice)> RecordFailureAsync(IncomingUpdate update, Exception failure, CancellationToken cancellationToken)
    {
        try
        {
            return await RecordAndAnswerAsync(update, CustomerTexts.CouldNotProcess, CustomerTexts.CouldNotProcessNotice, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailureNotRecorded(logger, ex, update.Channel, update.UpdateKey, failure.GetType().Name);
            throw new UpdateNotRecordedException(update, ex);
        }
    }

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
