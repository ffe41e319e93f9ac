using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Intake;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

/// <summary>Every morning at <c>Support:Digest:Time</c> (provider's zone): yesterday's SLA digest to the managers' chat.</summary>
[DisallowConcurrentExecution]
public sealed class DailyDigestJob(DigestService digests, TicketNotifier notify, Persistence.SupportDbContext db, OutboxSignal signal, SlaSetup sla) : IJob
{
    public static readonly JobKey Key = new("daily-digest", "maintenance");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var digest = await digests.ComputeAsync(digests.Yesterday(), cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = Microsoft.EntityFrameworkCore.QueryTrackingBehavior.TrackAll;
        notify.ToManagers(Reply.Plain(DigestTexts.Render(digest, sla.Format)));
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
    }
}
