using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Digest;
using NodaTime;
using NodaTime.Extensions;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

/// <summary>
/// At start: arms the daily digest for its next morning — or for now, when a morning passed while the bot was down
/// (the digest job then sends every day owed). A new installation owes nothing: its first digest is the next one.
/// </summary>
public sealed partial class DigestArming(IServiceScopeFactory scopes, ISchedulerFactory schedulers, SlaSetup sla, SchedulingOptions options, TimeProvider time, ILogger<DigestArming> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var schedule = new DigestSchedule(sla.Policy.Calendar.Zone, options.DigestTime);
        var now = time.GetCurrentInstant();
        var due = schedule.LastDueDay(now);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        // The first start of a version that keeps the counter owes nothing: a version before it may have sent this
        // morning's digest already, and a repeated digest confuses more than one missed during an upgrade.
        var counter = await Counter.EnsureAsync(db, DailyDigestJob.LastDayCounter, DailyDigestJob.DayNumber(due), cancellationToken);
        var owed = counter.Value < DailyDigestJob.DayNumber(due);
        var at = owed ? now : schedule.NextRun(now);
        await DailyDigestJob.ArmAsync(await schedulers.GetScheduler(cancellationToken), at, cancellationToken);
        LogArmed(logger, sla.Format.Human(at), owed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Daily digest armed for {At} (owed from while the bot was down: {Owed})")]
    private static partial void LogArmed(ILogger logger, string at, bool owed);
}
