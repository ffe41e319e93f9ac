using ChatSupport.Bot.Dialogue;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

/// <summary>
/// Every minute: the registration hour (a described but unconfirmed dialogue becomes a ticket before
/// Received + 1 support hour; an undescribed one is reminded once and dropped later) and the auto-close of
/// resolved tickets nobody confirmed. Computed from stored state each time, so nothing is lost across restarts.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SweepJob(
    SupportDbContext db,
    TicketRegistrar registrar,
    TicketNotifier notify,
    OutboxWriter outbox,
    OutboxSignal signal,
    StaffDirectory staff,
    DutyService duty,
    SchedulingOptions options,
    SlaSetup sla,
    Backup.NightlyBackup nightly,
    Privacy.PersonalDataEraser eraser,
    Privacy.PrivacyCheckpoint checkpoint,
    Privacy.PrivacyOptions privacy,
    StaffStore staffList,
    Staff.IncidentBoard incidents,
    TimeProvider time,
    ILogger<SweepJob> logger) : IJob
{
    /// <summary>Registered this long before the registration deadline at the latest, even while the customer is still typing.</summary>
    public static readonly Duration DeadlineMargin = Duration.FromMinutes(5);

    public static readonly JobKey Key = new("sweep", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await staffList.RefreshAsync(db, cancellationToken);
        var changed = await RegistrationHourAsync(cancellationToken) + await AutoCloseAsync(cancellationToken) + await AwaitingCustomerAsync(cancellationToken)
            + await HandoverAsync(cancellationToken);
        await ForgetOldUpdatesAsync(cancellationToken);
        changed += await RetentionAsync(cancellationToken);
        await checkpoint.RunIfRequestedAsync(db, cancellationToken);
        await nightly.RunIfDueAsync(cancellationToken);
        if (changed > 0)
        {
            signal.Notify();
        }
    }

    internal async Task<int> RegistrationHourAsync(CancellationToken cancellationToken)
    {
        var now = time.GetCurrentInstant();
        var changed = 0;
        var candidates = await db.Dialogues.Where(d => d.Status == DialogueStatus.Active).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var record = await db.Dialogues.SingleAsync(d => d.Id == id, cancellationToken);
            var customer = await db.Customers.SingleAsync(c => c.Id == record.CustomerId, cancellationToken);
            var dialogue = DialogueStore.Restore(record, sla.Policy.Terms);
            var lang = customer.Language;
            var chat = new ChatAddress(customer.Channel, customer.ChatId);
            if (record.Status != DialogueStatus.Active)
            {
                continue;
            }

            if (dialogue.HasDescription)
            {
                var due = Instant.Min(record.LastActivityAt + options.AutoRegisterAfter, sla.Policy.RegistrationDeadline(record.StartedAt).At - DeadlineMargin);
                if (now < due)
                {
                    continue;
                }

                var basis = dialogue.LevelForTriage();
                var draft = dialogue.RegisterForTriage();
                var ticket = await registrar.RegisterAsync(customer, draft, now, cancellationToken);
                record.TicketNumber = ticket.Number;
                DialogueStore.Save(record, dialogue);
                var told = CustomerTexts.RegisteredByTheHour(ticket, basis, sla.Format, lang);
                if (await incidents.OpenAsync(cancellationToken) is { } incident)
                {
                    told = IncidentTexts.WithJoinOffer(told, ticket.Number, incident, lang);
                }

                outbox.Send(new OutgoingMessage(chat, told.Text) { Buttons = told.Buttons });
                LogAutoRegistered(logger, ticket.Number, record.Id);
            }
            else if (now >= record.LastActivityAt + options.DropUndescribedAfter)
            {
                dialogue.Drop();
                DialogueStore.Save(record, dialogue);
                var closed = CustomerTexts.UndescribedClosed(lang);
                outbox.Send(new OutgoingMessage(chat, closed.Text) { Buttons = closed.Buttons, Language = lang });
            }
            else if (!dialogue.Data.Reminded && now >= record.LastActivityAt + options.AutoRegisterAfter)
            {
                dialogue.Data.Reminded = true;
                record.Data = System.Text.Json.JsonSerializer.Serialize(dialogue.Data, SupportDbContext.Json);
                var reminder = CustomerTexts.ShallWeGoOn(dialogue.Prompt(lang), lang);
                outbox.Send(new OutgoingMessage(chat, reminder.Text) { Buttons = reminder.Buttons, Language = lang });
            }
            else
            {
                continue;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                changed++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // The customer's own update moved the dialogue meanwhile (another replica, or a moment ago): theirs
                // stands, and the next sweep looks at the dialogue as it is now.
                await transaction.RollbackAsync(cancellationToken);
                LogMovedMeanwhile(logger, record.Id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return changed;
    }

    internal async Task<int> AutoCloseAsync(CancellationToken cancellationToken)
    {
        var now = time.GetCurrentInstant();
        var cutoff = now - staff.AutoCloseAfter;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Tickets.Include(t => t.Windows).Where(t => t.Status == TicketStatus.Resolved && t.ResolvedAt <= cutoff).ToListAsync(cancellationToken);
        foreach (var ticket in due)
        {
            var holder = ticket.HolderId;
            if (!ticket.AutoCloseIfDue(now, staff.AutoCloseAfter))
            {
                continue;
            }

            await notify.RefreshCardAsync(ticket, cancellationToken);
            var rate = ticket.AskSatisfaction(now);
            await notify.ToCustomerAsync(ticket, l => Rated(CustomerTicketTexts.ClosedWithoutAnswer(ticket.Number, staff.AutoCloseAfter, l), ticket, rate, l), cancellationToken: cancellationToken);
            notify.ToPerson(holder, l => StaffTexts.AutoClosed(ticket.Number, staff.AutoCloseAfter, l));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    /// <summary>
    /// Tickets waiting for the customer's answer: one reminder after <see cref="SchedulingOptions.WaitingRemindAfter"/>,
    /// closed after <see cref="SchedulingOptions.WaitingCloseAfter"/> (the customer and the holder told). Each ticket in its
    /// own transaction: one the customer answered meanwhile (on another replica) fails its version check and is left as
    /// the answer made it, and the others go on.
    /// </summary>
    internal async Task<int> AwaitingCustomerAsync(CancellationToken cancellationToken)
    {
        var now = time.GetCurrentInstant();
        var remindCutoff = now - options.WaitingRemindAfter;
        var closeCutoff = now - options.WaitingCloseAfter;
        // Due: not yet reminded and past the reminder, or past the closing (reminded ones wait for it out of the way).
        var due = await db.Tickets.AsNoTracking()
            .Where(t => t.Status == TicketStatus.AwaitingCustomer && t.AwaitingSince <= remindCutoff && (t.AwaitingRemindedAt == null || t.AwaitingSince <= closeCutoff))
            .OrderBy(t => t.AwaitingSince).Select(t => t.Id).Take(500)
            .ToListAsync(cancellationToken);
        var changed = 0;
        foreach (var id in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var ticket = await db.Tickets.Include(t => t.Windows).SingleAsync(t => t.Id == id, cancellationToken);
                var holder = ticket.HolderId;
                var since = ticket.AwaitingSince;
                if (ticket.CloseIfUnanswered(now, options.WaitingCloseAfter))
                {
                    await notify.RefreshCardAsync(ticket, cancellationToken);
                    var rate = ticket.AskSatisfaction(now);
                    await notify.ToCustomerAsync(ticket, l => Rated(CustomerTicketTexts.ClosedUnanswered(ticket.Number, options.WaitingCloseAfter, l), ticket, rate, l), cancellationToken: cancellationToken);
                    notify.ToPerson(holder, l => StaffTexts.ClosedUnanswered(ticket.Number, options.WaitingCloseAfter, l));
                }
                else if (since is { } asked && ticket.RemindCustomerIfDue(now, options.WaitingRemindAfter))
                {
                    var question = await QuestionAsync(ticket, cancellationToken);
                    await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.AnswerReminder(ticket.Number, question, asked + options.WaitingCloseAfter, sla.Format, l), cancellationToken: cancellationToken);
                }
                else
                {
                    continue;
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                changed++;
            }
            catch (DbUpdateConcurrencyException)
            {
                await transaction.RollbackAsync(cancellationToken);
                LogWaitingMovedMeanwhile(logger, id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return changed;
    }

    /// <summary>A closing message, with the satisfaction question when the ticket asks it now (once).</summary>
    private static Reply Rated(Reply closing, Ticket ticket, bool ask, Language lang) => ask ? CustomerTicketTexts.WithRating(closing, ticket.Number, lang) : closing;

    /// <summary>What the holder asked: the /wait question, or (asked with the button) what they last wrote.</summary>
    private async Task<string?> QuestionAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var asked = await db.Set<TicketEvent>().AsNoTracking().Where(e => e.TicketId == ticket.Id && e.Kind == TicketEventKind.AskedCustomer)
            .OrderByDescending(e => e.Id).Select(e => e.Data).FirstOrDefaultAsync(cancellationToken);
        return asked?.Text ?? await db.Set<TicketMessage>().AsNoTracking().Where(m => EF.Property<long>(m, "TicketId") == ticket.Id && m.Author == TicketAuthor.Engineer)
            .OrderByDescending(m => m.Id).Select(m => m.Text).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The shift change: when the engineers on duty now differ from those the duty chat was last told of, the chat gets
    /// the handover (who arrives and leaves, unclaimed tickets with time left, the leavers' tickets, those at risk),
    /// mentioning the arriving. The first look after the desk starts only records who is on duty; a change missed while
    /// the bot was down is announced once when it is back.
    /// </summary>
    internal async Task<int> HandoverAsync(CancellationToken cancellationToken)
    {
        var now = time.GetCurrentInstant();
        var onDuty = (await duty.NowAsync(cancellationToken)).Ids.Order(StringComparer.Ordinal).ToList();
        var key = string.Join(',', onDuty);
        var last = await db.DutyHandovers.AsNoTracking().OrderByDescending(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        if (last?.OnDuty == key)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.DutyHandovers.Add(new DutyHandover { At = now, OnDuty = key });
        if (last is not null)
        {
            var before = last.OnDuty.Split(',', StringSplitOptions.RemoveEmptyEntries);
            var arriving = onDuty.Except(before).Select(id => staff.Find(staff.Channel, id)).OfType<StaffMember>().ToList();
            var leaving = before.Except(onDuty).Select(id => staff.Find(staff.Channel, id)).OfType<StaffMember>().ToList();
            var leaverIds = leaving.Select(l => l.UserId).ToList();
            var open = await db.Tickets.AsNoTracking()
                .Where(t => Ticket.WaitingStatuses.Contains(t.Status) || (Ticket.HeldStatuses.Contains(t.Status) && leaverIds.Contains(t.HolderId!)))
                .ToListAsync(cancellationToken);
            var unclaimed = open.Where(t => t.IsWaiting).OrderBy(t => t.ReactionDeadline.At).ThenBy(t => t.Number).ToList();
            var held = open.Where(t => t.IsHeld).OrderBy(t => t.Number).ToList();
            var atRisk = unclaimed.Where(t => t.ReactedAt is null
                && sla.Policy.WindowFraction(t.Level, t.ReactionWindowStart, t.ReactionDeadline, now) >= Domain.Digest.DigestCalculator.AtRiskShare).ToList();
            notify.ToGroup(
                staff.Duty,
                l => DutyTexts.Handover(now, [.. arriving.Select(a => a.Name)], [.. leaving.Select(a => a.Name)], unclaimed, held, atRisk, sla.Format, l),
                [.. arriving.Select(a => new Mention(a.UserId, a.Name))]);
            LogHandover(logger, string.Join(", ", arriving.Select(a => a.Name)), string.Join(", ", leaving.Select(a => a.Name)));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return last is null ? 0 : 1;
    }

    /// <summary>
    /// Telegram keeps an unconfirmed update for 24 hours, and after a week without updates it picks the next
    /// update id at random: ids older than two days can never come back, and keeping them could one day make a
    /// new update look like a repeat. They are forgotten.
    /// </summary>
    /// <summary>
    /// <c>Support:Retention:MessagesDays</c>: once a day, tickets closed longer ago lose their personal data (texts,
    /// files, names), as an erasure would take it; their numbers, times and SLA outcomes stay. In transactions of 500
    /// tickets, at most 10,000 a day: a backlog (the setting just turned on on an old desk) is worked through day by day.
    /// </summary>
    internal async Task<int> RetentionAsync(CancellationToken cancellationToken)
    {
        if (!checkpoint.DailyDue(sla.Policy.Calendar.DateOf(time.GetCurrentInstant())) || privacy.RetentionDays is not { } days)
        {
            return 0;
        }

        var purged = 0;
        for (var batch = 0; batch < 20; batch++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var count = await eraser.PurgeClosedBeforeAsync(time.GetCurrentInstant() - Duration.FromDays(days), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            purged += count;
            if (count == 0)
            {
                break;
            }
        }

        if (purged > 0)
        {
            LogRetention(logger, purged, days);
        }

        return purged;
    }

    [LoggerMessage(LogLevel.Information, "Retention: personal data purged from {Count} tickets closed more than {Days} days ago")]
    private static partial void LogRetention(ILogger logger, int count, int days);

    internal async Task<int> ForgetOldUpdatesAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetCurrentInstant() - Duration.FromDays(2);
        return await db.ProcessedUpdates.Where(p => p.ProcessedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(LogLevel.Information, "Duty handover: arriving {Arriving}; leaving {Leaving}")]
    private static partial void LogHandover(ILogger logger, string arriving, string leaving);

    [LoggerMessage(LogLevel.Information, "Waiting for the customer: ticket {TicketId} changed meanwhile; left for the next sweep")]
    private static partial void LogWaitingMovedMeanwhile(ILogger logger, long ticketId);

    [LoggerMessage(LogLevel.Information, "Registration hour: dialogue {DialogueId} changed meanwhile; left for the next sweep")]
    private static partial void LogMovedMeanwhile(ILogger logger, long dialogueId);

    [LoggerMessage(LogLevel.Information, "Registration hour: dialogue {DialogueId} registered as #{Ticket}")]
    private static partial void LogAutoRegistered(ILogger logger, int ticket, long dialogueId);
}
