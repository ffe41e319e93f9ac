using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Configuration;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Pipeline;

public enum FloodVerdict
{
    Allowed,

    /// <summary>Over the limit for the first time in a while: tell them once.</summary>
    WarnAndDrop,

    /// <summary>Still over the limit: drop without a word.</summary>
    Drop,
}

/// <summary>
/// Per-user flood control (<c>Support:FloodControl</c>, default 20 messages in 10 s) on real time. One replica (SQLite):
/// System.Threading.RateLimiting's sliding window in memory. Several replicas (PostgreSQL): the same budget kept in the
/// database (<see cref="Persistence.FloodMark"/>, a token bucket as its theoretical arrival time on the database's
/// clock), so a user's messages count against one budget whichever replica takes them. Staff are never limited (the
/// caller skips them).
/// </summary>
public sealed class FloodGuard : IDisposable
{
    /// <summary>Keep the budget in the database (several replicas) instead of in memory.</summary>
    public bool Shared { get; init; }

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ConcurrentDictionary<string, bool> _warned = new();

    public FloodGuard(int messages, TimeSpan per)
    {
        Messages = messages;
        Per = per;
        _limiter = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetSlidingWindowLimiter(user, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = messages,
            Window = per,
            SegmentsPerWindow = 10,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public int Messages { get; }

    public TimeSpan Per { get; }

    public static FloodGuard FromConfiguration(IConfiguration configuration)
    {
        var messagesText = configuration["Support:FloodControl:Messages"];
        var messages = 20;
        if (!string.IsNullOrWhiteSpace(messagesText) && (!int.TryParse(messagesText, NumberStyles.None, CultureInfo.InvariantCulture, out messages) || messages is < 1 or > 10_000))
        {
            throw new SupportConfigurationException("Support:FloodControl:Messages", messagesText, "expected a whole number from 1 to 10000");
        }

        var perText = configuration["Support:FloodControl:Per"];
        var per = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(perText) && (!TimeSpan.TryParseExact(perText.Trim(), "c", CultureInfo.InvariantCulture, out per) || per < TimeSpan.FromSeconds(1) || per > TimeSpan.FromHours(1)))
        {
            throw new SupportConfigurationException("Support:FloodControl:Per", perText, "expected a duration from 00:00:01 to 01:00:00");
        }

        return new FloodGuard(messages, per) { Shared = Persistence.DatabaseSettings.FromConfiguration(configuration).IsPostgres };
    }

    /// <summary>The verdict for one message, inside the update's transaction (the shared budget is written there).</summary>
    public async ValueTask<FloodVerdict> CheckAsync(Persistence.SupportDbContext db, ChannelKind channel, string userId, CancellationToken cancellationToken)
    {
        if (!Shared)
        {
            return Check(channel, userId);
        }

        // GCRA: a message may go when the bucket's arrival time is at most (burst − 1) intervals ahead of now; it moves
        // the arrival time on by one interval. A refused message does not move it. One statement, the row locked.
        var interval = Per.Ticks / Messages;
        var tolerance = Per.Ticks - interval;
        var verdict = await db.Database.SqlQuery<int>($"""
            WITH now AS (SELECT (extract(epoch FROM clock_timestamp()) * 10000000)::bigint AS t),
            old AS (SELECT "NextAt", "Warned" FROM "FloodMarks" WHERE "Channel" = {channel.Name} AND "UserId" = {userId} FOR UPDATE),
            verdict AS (SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM old) OR (SELECT "NextAt" FROM old) - {tolerance} <= now.t THEN 0
                                    WHEN (SELECT "Warned" FROM old) THEN 2 ELSE 1 END AS v, now.t FROM now),
            up AS (INSERT INTO "FloodMarks" ("Channel", "UserId", "NextAt", "Warned")
                   SELECT {channel.Name}, {userId}, verdict.t + {interval}, false FROM verdict
                   ON CONFLICT ("Channel", "UserId") DO UPDATE SET
                     "NextAt" = CASE WHEN EXCLUDED."NextAt" - {interval} >= "FloodMarks"."NextAt" - {tolerance}
                                     THEN GREATEST("FloodMarks"."NextAt", EXCLUDED."NextAt" - {interval}) + {interval} ELSE "FloodMarks"."NextAt" END,
                     "Warned" = NOT (EXCLUDED."NextAt" - {interval} >= "FloodMarks"."NextAt" - {tolerance})
                   RETURNING 1)
            SELECT v AS "Value" FROM verdict, (SELECT count(*) FROM up) AS written
            """).ToListAsync(cancellationToken);
        return (FloodVerdict)verdict.Single();
    }

    public FloodVerdict Check(ChannelKind channel, string userId)
    {
        var key = $"{channel}:{userId}";
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            _warned.TryRemove(key, out _);
            return FloodVerdict.Allowed;
        }

        return _warned.TryAdd(key, true) ? FloodVerdict.WarnAndDrop : FloodVerdict.Drop;
    }

    public void Dispose() => _limiter.Dispose();
}
