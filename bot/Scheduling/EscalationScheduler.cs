using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Escalation;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

/// <summary>What the ticket handlers call when a ticket's reaction window changes (registration, claim, release, level change, reopening).</summary>
public interface IEscalationScheduler
{
    /// <summary>Re-plans the ticket's pings once the current transaction commits.</summary>
    void Reschedule(Ticket ticket);
}

/// <summary>
/// Records the request in the handler's own transaction (a row), so it is never lost and never applied for a
/// change that rolled back; <see cref="EscalationPlanner"/> applies it to Quartz after the commit (Quartz and EF
/// must not hold write transactions on the same SQLite file at once).
/// </summary>
public sealed class EscalationScheduler(SupportDbContext db, TimeProvider time) : IEscalationScheduler
{
    public void Reschedule(Ticket ticket) =>
        db.ScheduleRequests.Add(new ScheduleRequest { TicketNumber = ticket.Number, RequestedAt = time.GetCurrentInstant() });
}

/// <summary>Wakes the planner after a commit that asked for rescheduling.</summary>
public sealed class ScheduleSignal : Channels.WakeSignal;

/// <summary>
/// Applies schedule requests to Quartz: per ticket, removes the old triggers (group <c>ticket-N</c>) and, while
/// the current reaction window is open, adds one trigger per escalation step plus a repeating one after the
/// breach. Trigger keys are stable (ticket, window, step), and each request is deleted only after it was
/// applied, so a crash re-applies it and replacing never duplicates.
/// </summary>
public sealed partial class EscalationPlanner(
    IServiceScopeFactory scopes,
    ISchedulerFactory schedulers,
    ScheduleSignal signal,
    SchedulingOptions options,
    DatabaseSettings database,
    TimeProvider time,
    ILogger<EscalationPlanner> logger) : BackgroundService
{
    /// <summary>A drain of this many requests is a burst worth giving memory back after.</summary>
    private const int BurstAfterWhichToTrim = 500;

    private bool _startTrimmed;

    public static string Group(int ticketNumber) => $"ticket-{ticketNumber}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogDrainFailed(logger, ex);
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal async Task DrainAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var applied = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
            // Several replicas (PostgreSQL): one planner at a time, or two could apply one ticket's old and new plans in
            // the wrong order. A replica that finds the lock taken leaves the queue to the one draining it.
            await using var exclusive = database.IsPostgres ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            if (exclusive is not null && !await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLocks.Planner}) AS \"Value\"").SingleAsync(cancellationToken))
            {
                return;
            }

            var batch = await db.ScheduleRequests.OrderBy(r => r.Id).Take(200).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                if (applied >= BurstAfterWhichToTrim || !_startTrimmed)
                {
                    // The start (migrations, model building, planning the open tickets) and any mass re-plan leave tens
                    // of megabytes of garbage and free heap that an idle bot allocates too little to ever collect: hand
                    // them back to the system once (bench memory, 1,000 open tickets: idle 167 -> 151 MB).
                    _startTrimmed = true;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                }

                return;
            }

            applied += batch.Count;

            var sla = scope.ServiceProvider.GetRequiredService<SlaSetup>().Policy;
            // The batch's triggers are replaced in one call and its outdated ones removed in another: one job-store
            // transaction each instead of five per ticket (on PostgreSQL, 1,000 tickets planned in 1.4 s instead of 25 s).
            var fresh = new List<ITrigger>();
            var possible = new List<TriggerKey>();
            foreach (var number in batch.Select(r => r.TicketNumber).Distinct())
            {
                var ticket = await db.Tickets.AsNoTracking().Include(t => t.Windows).SingleOrDefaultAsync(t => t.Number == number, cancellationToken);
                if (ticket is null)
                {
                    await scheduler.UnscheduleJobs(GroupMatcher<TriggerKey>.GroupEquals(Group(number)), cancellationToken);
                    continue;
                }

                // Every key this ticket's windows could have had; those not planned again below are removed.
                var windows = ticket.Windows.Count == 0 ? 1 : ticket.Windows.Max(w => w.Sequence);
                for (var w = 1; w <= windows; w++)
                {
                    foreach (var step in options.Escalation.Steps)
                    {
                        possible.Add(new TriggerKey(TriggerName(w, step.Index, repeat: false), Group(number)));
                        possible.Add(new TriggerKey(TriggerName(w, step.Index, repeat: true), Group(number)));
                    }
                }

                if (!ticket.IsWaiting || ticket.ReactedAt is not null)
                {
                    continue;
                }

                var window = ticket.Windows.MaxBy(w => w.Sequence)!;
                var now = time.GetCurrentInstant();
                var plan = options.Escalation.Plan(sla, ticket.Level, window.Start, window.Deadline);

                // Steps already behind when planned (a level change that shortened the window, a plan applied late):
                // only the most advanced one is sent, now, and not as "late" — the bot was not down.
                if (plan.LastOrDefault(p => p.At <= now) is { } latestPast)
                {
                    fresh.Add(Trigger(number, window.Sequence, latestPast.Step, now, repeat: null));
                }

                foreach (var ping in plan.Where(p => p.At > now))
                {
                    fresh.Add(Trigger(number, window.Sequence, ping.Step, ping.At, repeat: null));
                }

                if (options.Escalation.BreachStep is { } breach && options.Escalation.RepeatAfterBreach > Duration.Zero)
                {
                    var every = options.Escalation.RepeatAfterBreach;
                    var breachAt = options.Escalation.FireTime(sla, ticket.Level, window.Start, window.Deadline, breach);
                    var first = breachAt + every;
                    if (first <= now)
                    {
                        // The next repeat slot after now, so a late plan does not fire a repeat beside the breach ping.
                        first = breachAt + (every * Math.Ceiling((now - breachAt) / every + 1e-9));
                    }

                    fresh.Add(Trigger(number, window.Sequence, breach.Index, first, every));
                }
            }

            var planned = fresh.Select(t => t.Key).ToHashSet();
            var outdated = possible.Where(k => !planned.Contains(k)).ToList();
            if (outdated.Count > 0)
            {
                await scheduler.UnscheduleJobs(outdated, cancellationToken);
            }

            if (fresh.Count > 0)
            {
                var job = await scheduler.GetJobDetail(EscalationPingJob.Key, cancellationToken)
                    ?? throw new InvalidOperationException("The escalation ping job is missing from the scheduler.");
                await scheduler.ScheduleJobs(new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [job] = fresh }, ScheduleJobOptions.Replacing, cancellationToken);
            }

            // Applied: now these requests can go (a crash before this line applies them again, harmlessly). Exactly these:
            // on PostgreSQL a lower id may commit after a higher one was read.
            var ids = batch.Select(r => r.Id).ToList();
            await db.ScheduleRequests.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            if (exclusive is not null)
            {
                await exclusive.CommitAsync(cancellationToken);
            }
        }
    }

    private static string TriggerName(int window, int step, bool repeat) => repeat ? $"w{window}-s{step}-repeat" : $"w{window}-s{step}";

    private ITrigger Trigger(int ticket, int window, int step, Instant at, Duration? repeat)
    {
        var name = TriggerName(window, step, repeat is not null);
        var builder = TriggerBuilder.Create(time)
            .WithIdentity(name, Group(ticket))
            .ForJob(EscalationPingJob.Key)
            .UsingJobData(EscalationPingJob.TicketKey, ticket)
            .UsingJobData(EscalationPingJob.WindowKey, window)
            .UsingJobData(EscalationPingJob.StepKey, step)
            .UsingJobData(EscalationPingJob.PlannedKey, at.ToUnixTimeMilliseconds())
            .UsingJobData(EscalationPingJob.RepeatKey, repeat is not null)
            .StartAt(at.ToDateTimeOffset());
        return repeat is { } every
            // After downtime a repeat fires once now and goes on from there; a one-shot fires once now.
            ? builder.WithSimpleSchedule(s => s.WithInterval(every.ToTimeSpan()).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)).Build()
            : builder.WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
    }

    [LoggerMessage(LogLevel.Error, "Applying escalation schedule requests failed; retrying shortly")]
    private static partial void LogDrainFailed(ILogger logger, Exception exception);
}
