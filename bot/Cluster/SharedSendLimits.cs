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
/// clock so the replicas' clocks do not matter. A send locks the messenger's row and then the chat's (always in that
/// order), checks both, moves both on, commits: N replicas together never exceed the limits one would keep. When the
/// answer comes the chat's row is moved on again from that moment (<see cref="SettleAsync"/>).
/// <para>
/// The slots are spaced evenly (a cell-rate algorithm without bursts), so that no window of one period holds more than
/// the limit: a chat's next message goes one period / (limit − 1) after its last (1 s for a private chat, 3.2 s in a
/// Telegram group), the messenger's at (limit − <see cref="GlobalMargin"/>) a second — a margin for sends that arrive
/// in another order than they started. One replica on SQLite keeps the exact in-memory windows instead (<see cref="SendWindows"/>).
/// </para>
/// </summary>
public sealed class SharedSendLimits
{
    /// <summary>Messages a second given up, of the messenger's global limit, for arrivals out of order.</summary>
    public const int GlobalMargin = 4;

    private static readonly long SecondTicks = TimeSpan.TicksPerSecond;

    /// <summary>
    /// Takes a slot for one message to the chat, on the context's connection; returns zero when taken, else how long
    /// until the limits might allow it.
    /// </summary>
    public static async Task<TimeSpan> TryTakeAsync(SupportDbContext db, IChannelSender sender, string chatId, CancellationToken cancellationToken)
    {
        var channel = sender.Channel.Name;
        var chatInterval = ChatInterval(sender, chatId);
        var globalInterval = (SecondTicks + SendWindows.Guard.Ticks) / Math.Max(1, sender.GlobalMessagesPerSecond - GlobalMargin);

        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var ensure = Command(connection, transaction, """
            INSERT INTO "SendSlots" ("Channel", "Key", "NextAt") VALUES (@channel, '*', 0), (@channel, @chat, 0) ON CONFLICT DO NOTHING
            """, channel, chatId))
        {
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        long now = 0, globalNext = 0, chatNext = 0;
        await using (var read = Command(connection, transaction, """
            SELECT "Key", "NextAt", (extract(epoch FROM clock_timestamp()) * 10000000)::bigint
            FROM "SendSlots" WHERE "Channel" = @channel AND "Key" IN ('*', @chat)
            ORDER BY "Key" = '*' DESC FOR UPDATE
            """, channel, chatId))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                now = reader.GetInt64(2);
                if (reader.GetString(0) == SendSlot.AllChats)
                {
                    globalNext = reader.GetInt64(1);
                }
                else
                {
                    chatNext = reader.GetInt64(1);
                }
            }
        }

        var wait = Math.Max(globalNext - now, chatNext - now);
        if (wait > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return TimeSpan.FromTicks(wait);
        }

        await using (var take = Command(connection, transaction, """
            UPDATE "SendSlots" SET "NextAt" = CASE WHEN "Key" = '*' THEN @global ELSE @next END
            WHERE "Channel" = @channel AND "Key" IN ('*', @chat)
            """, channel, chatId))
        {
            Add(take, "global", Math.Max(globalNext, now) + globalInterval);
            Add(take, "next", Math.Max(chatNext, now) + chatInterval);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TimeSpan.Zero;
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

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, string channel, string chatId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, "channel", channel);
        Add(command, "chat", chatId);
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
