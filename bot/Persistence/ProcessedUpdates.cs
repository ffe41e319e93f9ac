using System.Text;
using ChatSupport.Domain.Channels;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Persistence;

/// <summary>
/// "This update is taken", by the database's unique key: <c>INSERT … ON CONFLICT DO NOTHING RETURNING</c>, and an update
/// whose row was not inserted was taken before — by this replica or another. Never check-then-insert: two writers would
/// both see nothing, and on PostgreSQL the loser's unique violation would abort its whole transaction.
/// </summary>
public static class ProcessedUpdates
{
    /// <summary>Records the updates in the current transaction; returns those recorded now (the others are repeats).</summary>
    public static async Task<HashSet<(ChannelKind, string)>> ClaimAsync(SupportDbContext db, IReadOnlyList<IncomingUpdate> updates, Instant now, CancellationToken cancellationToken)
    {
        var taken = new HashSet<(ChannelKind, string)>();
        if (updates.Count == 0)
        {
            return taken;
        }

        // One statement for the batch; {0} is the time, then channel and key per row.
        var sql = new StringBuilder("""INSERT INTO "ProcessedUpdates" ("Channel", "UpdateKey", "ProcessedAt") VALUES """);
        var parameters = new List<object>((updates.Count * 2) + 1) { now.ToUnixTimeTicks() };
        foreach (var update in updates)
        {
            sql.Append(parameters.Count == 1 ? "(" : ", (")
                .Append('{').Append(parameters.Count).Append("}, {").Append(parameters.Count + 1).Append("}, {0})");
            parameters.Add(update.Channel.Name);
            parameters.Add(update.UpdateKey);
        }

        sql.Append(""" ON CONFLICT DO NOTHING RETURNING "Channel", "UpdateKey" """);
        foreach (var row in await db.Database.SqlQueryRaw<TakenKey>(sql.ToString(), [.. parameters]).ToListAsync(cancellationToken))
        {
            taken.Add((new ChannelKind(row.Channel), row.UpdateKey));
        }

        return taken;
    }

    private sealed class TakenKey
    {
        public required string Channel { get; init; }

        public required string UpdateKey { get; init; }
    }
}
