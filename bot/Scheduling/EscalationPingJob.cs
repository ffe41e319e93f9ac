using System.Globalization;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Escalation;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

/// <summary>
/// One escalation step for one ticket window. Checks the ticket when it runs (a ping for a ticket claimed
/// meanwhile does not fire), records the ping in the same transaction as its messages (never twice), and says
/// how late it is when it fires after downtime.
/// </summary>
public sealed partial class EscalationPingJob(
    SupportDbContext db,
    TicketNotifier notify,
    OutboxSignal signal,
    StaffDirectory staff,
    DutyService duty,
    SchedulingOptions options,
    SlaSetup sla,
    Health.SupportMetrics metrics,
    StaffStore staffList,
    TimeProvider time,
    ILogger<EscalationPingJob> logger) : IJob
{
    public const string TicketKey = "ticket";
    public const string WindowKey = "window";
    public const string StepKey = "step";
    public const string PlannedKey = "planned";
    public const string RepeatKey = "repeat";

    public static readonly JobKey Key = new("escalation-ping", "escalation");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await staffList.RefreshAsync(db, cancellationToken);
        var data = context.MergedJobDataMap;
        var number = data.GetInt(TicketKey);
        var windowSequence = data.GetInt(WindowKey);
        var stepIndex = data.GetInt(StepKey);
        var now = JobClock.Now(time, context);
        var scheduled = (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).ToInstant();
        // From the trigger's data, not its kind: a repeat re-run after a crash comes on a one-shot recovery trigger.
        var repeat = data.ContainsKey(RepeatKey) ? data.GetBoolean(RepeatKey) : context.Trigger is ISimpleTrigger { RepeatInterval.Ticks: > 0 };
        // A missed one-shot is re-timed to "now" by Quartz; the planned moment travels in the job data.
        var planned = !repeat && data.ContainsKey(PlannedKey) ? Instant.FromUnixTimeMilliseconds(data.GetLong(PlannedKey)) : scheduled;
        var late = now > planned ? now - planned : Duration.Zero;
        var step = options.Escalation.Steps.FirstOrDefault(s => s.Index == stepIndex);
        if (step is null)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ticket = await db.Tickets.Include(t => t.Windows).SingleOrDefaultAsync(t => t.Number == number, cancellationToken);
        var window = ticket?.Windows.MaxBy(w => w.Sequence);
        if (ticket is null || !ticket.IsWaiting || window is null || window.Sequence != windowSequence || !window.IsOpen)
        {
            LogSkipped(logger, number, step.Describe());
            return;
        }

        var key = repeat ? $"s{stepIndex}r{scheduled.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}" : $"s{stepIndex}";
        if (await db.EscalationsSent.AnyAsync(e => e.TicketNumber == number && e.Window == windowSequence && e.Step == key, cancellationToken))
        {
            return;
        }

        db.EscalationsSent.Add(new EscalationSent { TicketNumber = number, Window = windowSequence, Step = key, SentAt = now, Lateness = late });
        // The engineers on duty (the roster with the chat's changes), everyone when nobody is.
        var mention = step.Mention ? await duty.ToMentionAsync(cancellationToken) : [];
        var mentions = mention.Select(m => new Mention(m.UserId, m.Name)).ToList();
        if (step.To.HasFlag(EscalationTarget.Duty))
        {
            notify.ToGroup(staff.Duty, l => CardTexts.Ping(ticket, step, repeat, late, mention, sla.Format, now, l), mentions, topicLink: ticket.Number);
        }

        if (step.To.HasFlag(EscalationTarget.Managers))
        {
            notify.ToManagers(l => CardTexts.Ping(ticket, step, repeat, late, mention, sla.Format, now, l));
        }

        ticket.RecordEscalation(step.Describe(), repeat, step.To, late, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Notify();
        LogPinged(logger, number, step.Describe(), late.TotalSeconds);
        metrics.Ping(step.Describe(), repeat, late);
    }

    [LoggerMessage(LogLevel.Debug, "Escalation {Step} for #{Ticket} skipped: claimed, closed or a newer window")]
    private static partial void LogSkipped(ILogger logger, int ticket, string step);

    [LoggerMessage(LogLevel.Information, "Escalation {Step} for #{Ticket} sent ({LateSeconds:F0} s after its time)")]
    private static partial void LogPinged(ILogger logger, int ticket, string step, double lateSeconds);
}
