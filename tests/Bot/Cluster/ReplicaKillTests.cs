using System.Diagnostics;
using System.Globalization;
using ChatSupport.Bot.Persistence;
using ChatSupport.Tests.Bot.Fakes;
using ChatSupport.Tests.Bot.Hardening;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.Cluster;

/// <summary>
/// Two bot processes (the built assembly) on one PostgreSQL database and one fake Bot API, while customers register
/// tickets, an engineer claims them and level-1 pings fall due. The replica that polls is killed with SIGKILL at random
/// moments and restarted. Afterwards: every confirmed ticket stored once, every ping once (one extra per kill), every
/// message delivered (at most one duplicate per chat and kill), each takeover of polling within 30 s, at most one 409
/// per takeover. <c>CHATSUPPORT_REPLICA_KILLS</c> raises the number of kills (default 10).
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class ReplicaKillTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task KillingThePollingReplica_TheOtherTakesOver_NothingLostNothingDoubled()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("CHATSUPPORT_REPLICA_KILLS"), CultureInfo.InvariantCulture, out var k) ? k : 10;
        var connection = PostgresServer.NewDatabase();
        await using var api = await FakeBotApi.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        BotProcess Replica(string name) => new(directory, new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = api.BaseUrl,
            ["Telegram__PollingTimeout"] = "00:00:01",
            ["Telegram__PrivateChatPerSecond"] = "100",
            ["Telegram__GroupPerMinute"] = "100000",
            ["Telegram__GlobalPerSecond"] = "1000",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Support"] = connection,
            ["Cluster__InstanceName"] = name,
            ["Cluster__PollingRetry"] = "00:00:02",
            ["Cluster__OutboxLease"] = "00:00:10",
            ["Cluster__CheckinInterval"] = "00:00:02",
            ["Cluster__CheckinMisfireThreshold"] = "00:00:06",
            ["Support__Sla__Level1Reaction"] = "00:01:00",
            ["Support__Escalation__RepeatAfterBreach"] = "00:00:00",
            ["Support__Staff__0__Name"] = "Иван Петров",
            ["Support__Staff__0__Role"] = "Engineer",
            ["Support__Staff__0__TelegramUserId"] = Ivan.ToString(CultureInfo.InvariantCulture),
            ["Support__DutyChatId"] = Duty.ToString(CultureInfo.InvariantCulture),
            ["Support__ManagersChatId"] = Managers.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        });

        var replicas = new Dictionary<string, BotProcess> { ["replica-a"] = Replica("replica-a"), ["replica-b"] = Replica("replica-b") };
        try
        {
            replicas["replica-a"].Start();
            var first = await PollerAsync(connection, TimeSpan.FromSeconds(60));
            replicas["replica-b"].Start();
            using var stop = new CancellationTokenSource();
            var customers = Enumerable.Range(0, 6).Select(i => new ScriptedCustomer(api, 71_000 + i, level: i % 3 == 0 ? "1 — ПО не работает" : "3 — неудобство")).ToList();
            var drivers = customers.Select(c => c.RunAsync(stop.Token)).ToList();
            var engineer = CrashSafetyTests.ClaimLevel3Async(api, stop.Token);

            var random = new Random(1515);
            var takeovers = new List<TimeSpan>();
            var poller = first;
            for (var i = 0; i < kills; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2000, 4000)));
                replicas[poller].Kill();
                var killedAt = Stopwatch.StartNew();
                var next = await PollerAsync(connection, TimeSpan.FromSeconds(45), not: poller);
                takeovers.Add(killedAt.Elapsed);
                replicas[poller].Start();
                poller = next;
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
            await stop.CancelAsync();
            await Task.WhenAll(drivers.Append(engineer).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            await Task.Delay(TimeSpan.FromSeconds(70)); // level-1 windows are a minute long: every ping falls due
            var settings = PostgresServer.Settings(connection);
            await Eventually.TrueAsync(async () =>
            {
                await using var db = settings.CreateContext();
                return !await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending) && !await db.ScheduleRequests.AnyAsync();
            }, "the outbox and the schedule drain", TimeSpan.FromSeconds(60));

            await using var check = settings.CreateContext();
            var run = await KillRunChecks.AssertNothingLostNothingDoubledAsync(check, api, customers, kills);
            Assert.Contains(run.Tickets, t => t.Level == ChatSupport.Domain.Sla.PriorityLevel.Critical && t.ReactedAt is null);
            Assert.Contains(run.Tickets, t => t.ReactedAt is not null);

            // Polling moved to the other replica within 30 s each time, and the two never polled side by side for long.
            Assert.All(takeovers, t => Assert.True(t <= TimeSpan.FromSeconds(30), $"a takeover took {t.TotalSeconds:F1} s"));
            Assert.InRange(api.Conflicts, 0, kills);

            output.WriteLine($"replicas: {kills} kills of the poller; takeover median {takeovers.Order().ElementAt(takeovers.Count / 2).TotalSeconds:F1} s, longest {takeovers.Max().TotalSeconds:F1} s; {api.Conflicts} answers 409; "
                + $"{run.Tickets.Count} tickets confirmed and stored; {run.OutboxMessages} outbox messages, {run.Deliveries} deliveries, {run.Duplicates} duplicates; {run.Pings} pings, {run.PingMessages} ping messages for {run.UnclaimedLevel1} unclaimed level-1 tickets");
        }
        finally
        {
            foreach (var replica in replicas.Values)
            {
                replica.Kill();
                replica.Dispose();
            }

            await PostgresServer.DropAsync(connection);
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The replica holding this test database's polling lock (by its connection's application name), once there is one other than <paramref name="not"/>.</summary>
    private static async Task<string> PollerAsync(string connection, TimeSpan limit, string? not = null)
    {
        var admin = new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            await using (var db = new NpgsqlConnection(admin.ToString()))
            {
                await db.OpenAsync();
                await using var query = new NpgsqlCommand("""
                    SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND a.application_name LIKE 'chatsupport poller %' AND a.datname = @database
                    """, db);
                query.Parameters.AddWithValue("database", new NpgsqlConnectionStringBuilder(connection).Database!);
                if (await query.ExecuteScalarAsync() is string name && name["chatsupport poller ".Length..] is var replica && replica != not)
                {
                    return replica;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No replica{(not is null ? string.Empty : " other than " + not)} took the polling lock within {limit.TotalSeconds:F0} s.");
    }
}
