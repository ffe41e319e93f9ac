using System.Data;
using System.Data.Common;
using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Cluster;

/// <summary>
/// A messenger's sending limits kept in the database for all replicas at once (PostgreSQL): one row per chat and one for
/// the whole messenger (<see cref="SendSlot"/>), each the earliest moment the next message may go, on the database's
/// clock so the replicas' clocks do not matter. An outbox pass locks the messenger's row and then its chats' (always in
/// that order, chats by their bytes), takes what may go, moves the rows on, commits: N replicas together never exceed
/// the limits one would keep. When an answer comes its chat's row is moved on again from that moment (<see cref="SettleAsync"/>).
/// <para>
/// The slots are a cell-rate algorithm (a token bucket kept as one moment), sized so that no window of one period holds
/// more than the limit: a chat's next message goes one period / (limit − 1) after its last (1 s for a private chat,
/// 3.2 s in a Telegram group); the messenger's bucket holds a fifth of its limit and refills so that the bucket and a
/// second's refill stay <see cref="GlobalMargin"/> below it — a margin for sends that arrive in another order than they
/// started. One replica on SQLite keeps the exact in-memory windows instead (<see cref="SendWindows"/>).
/// </para>
/// </summary>
public static class SharedSendLimits
{
    /// <summary>Messages a second given up, of the messenger's global limit, for sends that arrive out of order.</summary>
    public const int GlobalMargin = 2;

    private static readonly long SecondTicks = TimeSpan.TicksPerSecond;

    /// <summary>
    /// Takes slots for one message to each of these chats (one pass of the outbox: distinct chats, in the order they
    /// should go), on the context's connection, in one transaction per messenger; returns, per chat, zero when taken or
    /// how long until the limits might allow it.
    /// </summary>
    public static async Task<TimeSpan[]> TryTakeAsync(SupportDbContext db, IReadOnlyList<(IChannelSender Sender, string ChatId)> chats, CancellationToken cancellationToken)
    {
        var waits = new TimeSpan[chats.Count];
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        foreach (var messenger in Enumerable.Range(0, chats.Count).GroupBy(i => chats[i].Sender.Channel))
        {
            var sender = chats[messenger.First()].Sender;
            var channel = sender.Channel.Name;
            var keys = messenger.Select(i => chats[i].ChatId).Distinct().ToArray();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var ensure = Command(connection, transaction, """
                INSERT INTO "SendSlots" ("Channel", "Key", "NextAt") SELECT @channel, k, 0 FROM unnest(@keys || '*'::text) AS k ON CONFLICT DO NOTHING
                """, channel, keys))
            {
                await ensure.ExecuteNonQueryAsync(cancellationToken);
            }

            // The messenger's row first, then the chats' in byte order — the order every replica locks them in.
            var next = new Dictionary<string, long>(StringComparer.Ordinal);
            long now = 0;
            await using (var read = Command(connection, transaction, """
                SELECT "Key", "NextAt", (extract(epoch FROM clock_timestamp()) * 10000000)::bigint
                FROM "SendSlots" WHERE "Channel" = @channel AND "Key" = ANY(@keys || '*'::text)
                ORDER BY "Key" = '*' DESC, "Key" COLLATE "C" FOR UPDATE
                """, channel, keys))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    next[reader.GetString(0)] = reader.GetInt64(1);
                    now = reader.GetInt64(2);
                }
            }

            // A bucket of a fifth of the limit (one pass may start that many at once), refilled so that the bucket and a
            // second's refill together stay within the limit less the margin: Telegram 30/s → 5 at once, 22 a second,
            // never more than 28 in any second.
            var perSecond = Math.Max(1, sender.GlobalMessagesPerSecond - GlobalMargin);
            var burst = Math.Max(1, perSecond / 5);
            var globalInterval = (SecondTicks + SendWindows.Guard.Ticks) / Math.Max(1, perSecond - burst);
            var tolerance = (burst - 1) * globalInterval;
            var global = next.GetValueOrDefault(SendSlot.AllChats);
            var taken = false;
            foreach (var i in messenger)
            {
                var chat = chats[i].ChatId;
                var wait = Math.Max(global - tolerance - now, next.GetValueOrDefault(chat) - now);
                if (wait > 0)
                {
                    waits[i] = TimeSpan.FromTicks(wait);
                    continue;
                }

                global = Math.Max(global, now) + globalInterval;
                next[chat] = Math.Max(next.GetValueOrDefault(chat), now) + ChatInterval(sender, chat);
                taken = true;
            }

            if (!taken)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            next[SendSlot.AllChats] = global;
            await using (var write = Command(connection, transaction, """
                UPDATE "SendSlots" AS s SET "NextAt" = v.n FROM unnest(@keys, @nexts) AS v(k, n)
                WHERE s."Channel" = @channel AND s."Key" = v.k
                """, channel, [.. next.Keys]))
            {
                Add(write, "nexts", next.Values.ToArray());
                await write.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return waits;
    }

    /// <summary>
    /// The answers came (outcomes being stored, in the caller's transaction): each chat's next message goes one interval
    /// after now at the earliest. A send counts from its answer as well as from its start, so a message that took long
    /// to arrive cannot land within one interval of the next.
    /// </summary>
    public static async Task SettleAsync(SupportDbContext db, IEnumerable<(IChannelSender Sender, string ChatId)> answered, CancellationToken cancellationToken)
    {
        // In one order on every replica, so two stores never wait for each other's rows crosswise.
        foreach (var (sender, chatId) in answered.DistinctBy(a => (a.Sender.Channel, a.ChatId)).OrderBy(a => a.Sender.Channel.Name, StringComparer.Ordinal).ThenBy(a => a.ChatId, StringComparer.Ordinal))
        {
            var interval = ChatInterval(sender, chatId);
            var channel = sender.Channel.Name;
            await db.Database.ExecuteSqlAsync($"""
                UPDATE "SendSlots" SET "NextAt" = GREATEST("NextAt", (extract(epoch FROM clock_timestamp()) * 10000000)::bigint + {interval})
                WHERE "Channel" = {channel} AND "Key" = {chatId}
                """, cancellationToken);
        }
    }

    private static long ChatInterval(IChannelSender sender, string chatId)
    {
        var chat = sender.RateLimitFor(chatId);
        return (chat.Per.Ticks + SendWindows.Guard.Ticks) / Math.Max(1, chat.Messages - 1);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, string channel, string[] keys)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "channel", channel);
        Add(command, "keys", keys);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
