using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

/// <summary>Every morning at <c>Support:Digest:Time</c> (provider's zone): yesterday's SLA digest to the managers' chat.</summary>
[DisallowConcurrentExecution]
public sealed class DailyDigestJob(DigestService digests, TicketNotifier notify, Persistence.SupportDbContext db, OutboxSignal signal, SlaSetup sla) : IJob
{
    public static readonly JobKey Key = new("daily-digest", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        // The day before the scheduled run, not before "now": a digest sent late after downtime is still about its day.
        var scheduled = NodaTime.Instant.FromDateTimeOffset(context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
        var digest = await digests.ComputeAsync(sla.Policy.Calendar.DateOf(scheduled).PlusDays(-1), cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = Microsoft.EntityFrameworkCore.QueryTrackingBehavior.TrackAll;
        notify.ToManagers(l => Reply.Plain(DigestTexts.Render(digest, sla.Format, l)));
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
    }
}
