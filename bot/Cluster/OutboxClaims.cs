using ChatSupport.Bot.Persistence;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Cluster;

/// <summary>
/// How replicas on one PostgreSQL database share the outbox. A replica claims the next pending message of each chat
/// (<c>FOR UPDATE SKIP LOCKED</c>, so two replicas never wait for each other) under a lease: a claim of another
/// replica that has not lapsed keeps the chat away from this one. Only a chat's first pending message is ever
/// claimed, and the next one becomes first only when the outcome of the one before is stored (which also clears
/// the claim) — so one chat's messages go one at a time, in order, whichever replica sends them. A replica that dies
/// leaves claims that lapse after <see cref="ClusterOptions.OutboxLease"/>; its message in flight then goes again
/// (at most one duplicate per chat and death). A live replica renews its claims at every pass.
/// </summary>
public sealed class OutboxClaims(ClusterOptions options)
{
    public string Replica => options.InstanceName;

    /// <summary>Claims (or renews) up to <paramref name="limit"/> chats' first pending messages; returns them, tracked.</summary>
    public Task<List<OutboxMessage>> ClaimHeadsAsync(SupportDbContext db, Instant now, int limit, CancellationToken cancellationToken)
    {
        var until = (now + Duration.FromTimeSpan(options.OutboxLease)).ToUnixTimeTicks();
        var nowTicks = now.ToUnixTimeTicks();
        return db.Outbox.FromSql($"""
            UPDATE "Outbox" AS o SET "ClaimedBy" = {Replica}, "ClaimedUntil" = {until}
            WHERE o."Id" IN (
                SELECT h."Id" FROM "Outbox" AS h
                WHERE h."Status" = 'Pending'
                  AND h."Id" IN (SELECT min(p."Id") FROM "Outbox" AS p WHERE p."Status" = 'Pending' GROUP BY p."Channel", p."ChatId")
                  AND (h."ClaimedBy" IS NULL OR h."ClaimedBy" = {Replica} OR h."ClaimedUntil" < {nowTicks})
                ORDER BY h."Id"
                LIMIT {limit}
                FOR UPDATE SKIP LOCKED)
            RETURNING o.*
            """).AsTracking().ToListAsync(cancellationToken);
    }
}
