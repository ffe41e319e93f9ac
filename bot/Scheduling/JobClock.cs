using NodaTime;
using NodaTime.Extensions;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

/// <summary>
/// The scheduler's settings for bursts, and the moment a job runs "at". Quartz takes due triggers in batches of up to
/// <see cref="BatchSize"/>, including those due within <see cref="FireAhead"/>, and fires the batch together: a
/// trigger may fire up to that much before its time. A job asks <see cref="Now"/> instead of the clock, so such a
/// trigger runs as at its own time — a ping due at the deadline never reads "0 minutes left", a digest due at 09:00
/// never sees 08:59:59.8 as "not yet".
/// </summary>
public static class JobClock
{
    /// <summary>
    /// Jobs running at once. A ping job mostly waits for the database's writer gate, and the scheduler takes no new
    /// triggers while every thread is busy: with 4, 10,000 pings due within a minute fired up to 7.7 s late (p99),
    /// with 16 p99 0.03–0.83 s over three runs (<c>bench pings</c>, 2 cores).
    /// </summary>
    public const int Threads = 16;

    /// <summary>Triggers taken and fired per round trip to the job store (the store's lock, a transaction each).</summary>
    public const int BatchSize = 16;

    /// <summary>How far ahead of its time a trigger may be taken into a batch.</summary>
    public static readonly TimeSpan FireAhead = TimeSpan.FromMilliseconds(200);

    /// <summary>The clock's time, or the trigger's scheduled time when the batch fired it early.</summary>
    public static Instant Now(TimeProvider time, IJobExecutionContext context)
    {
        var now = time.GetCurrentInstant();
        var scheduled = (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).ToInstant();
        return scheduled > now && scheduled - now <= Duration.FromTimeSpan(FireAhead) ? scheduled : now;
    }
}
