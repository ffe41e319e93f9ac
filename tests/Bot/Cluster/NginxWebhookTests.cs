using System.Globalization;
using ChatSupport.Bot.Persistence;
using ChatSupport.Tests.Bot.Fakes;
using ChatSupport.Tests.Bot.Hardening;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.Cluster;

/// <summary>
/// Webhook mode behind a real nginx: the fake Bot API pushes every update to nginx, which balances two bot processes
/// on one PostgreSQL database and retries a POST on the other replica when one fails. One replica is killed with
/// SIGKILL mid-stream, again and again, and restarted; customers register, an engineer claims, pings fall due.
/// Afterwards every confirmed ticket exists once, every message was delivered (at most one duplicate per chat and
/// kill), every ping was sent once (one extra per kill).
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class NginxWebhookTests(ITestOutputHelper output)
{
    private const string Secret = "nginx-webhook-secret";

    [SkippableFact]
    public async Task TwoReplicasBehindNginx_OneKilledMidStream_NothingLostNothingDoubled()
    {
        NginxServer.Require();
        var kills = 4;
        var connection = PostgresServer.NewDatabase();
        await using var api = await FakeBotApi.StartAsync();
        api.PushTimeout = TimeSpan.FromSeconds(5);
        var front = OperationsTests.FreePort();
        var ports = new[] { OperationsTests.FreePort(), OperationsTests.FreePort() };
        await using var nginx = await NginxServer.StartAsync(front, ports);
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        BotProcess Replica(int i) => new(directory, new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = api.BaseUrl,
            ["Telegram__Mode"] = "Webhook",
            ["Telegram__WebhookUrl"] = $"http://127.0.0.1:{front}/hooks/telegram",
            ["Telegram__WebhookSecret"] = Secret,
            ["Webhook__Port"] = ports[i].ToString(CultureInfo.InvariantCulture),
            ["Telegram__PrivateChatPerSecond"] = "100",
            ["Telegram__GroupPerMinute"] = "100000",
            ["Telegram__GlobalPerSecond"] = "1000",
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Support"] = connection,
            ["Cluster__InstanceName"] = $"replica-{i}",
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

        var replicas = new[] { Replica(0), Replica(1) };
        try
        {
            replicas[0].Start();
            await api.WaitForAsync(c => c.Method == "setWebhook", TimeSpan.FromSeconds(60), "the first replica registers the webhook");
            replicas[1].Start();
            using var stop = new CancellationTokenSource();
            var customers = Enumerable.Range(0, 6).Select(i => new ScriptedCustomer(api, 72_000 + i, level: i % 3 == 0 ? "1 — ПО не работает" : "3 — неудобство")).ToList();
            var drivers = customers.Select(c => c.RunAsync(stop.Token)).ToList();
            var engineer = CrashSafetyTests.ClaimLevel3Async(api, stop.Token);

            var random = new Random(1616);
            for (var i = 0; i < kills; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2500, 4500)));
                var victim = replicas[i % 2];
                victim.Kill();
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 1500)));
                victim.Start();
            }

            await Task.Delay(TimeSpan.FromSeconds(8));
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

            // Every push was eventually answered 200 (through whichever replica), and nothing polled.
            var pushed = api.Pushes.ToList();
            Assert.All(pushed.GroupBy(p => p.UpdateId), g => Assert.Contains(g, p => p.Status == 200));
            Assert.DoesNotContain(api.Calls, c => c.Method == "getUpdates");

            var refused = pushed.Count(p => p.Status != 200);
            var why = string.Join(", ", pushed.Where(p => p.Status != 200).GroupBy(p => p.Status).Select(g => $"{g.Count()} × {(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}"));
            output.WriteLine($"nginx: {kills} kills; {pushed.Select(p => p.UpdateId).Distinct().Count()} updates pushed in {pushed.Count} pushes ({refused} not answered 200 and sent again: {why}); "
                + $"{run.Tickets.Count} tickets confirmed and stored; {run.OutboxMessages} outbox messages, {run.Deliveries} deliveries; {run.Pings} pings for {run.UnclaimedLevel1} unclaimed level-1 tickets");
        }
        finally
        {
            foreach (var replica in replicas)
            {
                replica.Kill();
                replica.Dispose();
            }

            await PostgresServer.DropAsync(connection);
            Directory.Delete(directory, recursive: true);
        }
    }
}
