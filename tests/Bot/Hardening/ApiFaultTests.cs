using ChatSupport.Bot.Persistence;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>
/// The Bot API misbehaves: a share of all calls fail (429 with retry_after, 500, 502, connection resets,
/// timeouts) and getUpdates is down for 30 s at a stretch. The bot keeps running without busy-looping,
/// logs each kind of fault at most once a minute, and delivers everything once the API is healthy.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class ApiFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FaultyApi_EverythingIsDeliveredOnceHealthy()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(EndToEnd.EngineersEndToEndTests.StaffSettings())
        {
            ["Telegram:RequestTimeout"] = "00:00:02",
            ["Outbox:MaxBackoff"] = "00:00:05",
        });
        using var stop = new CancellationTokenSource();
        // The support clock runs fast so the outbox's retry times (on that clock) come round quickly.
        var ticker = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                bot.Clock.Advance(TimeSpan.FromSeconds(2));
                await Task.Delay(100);
            }
        });

        bot.Api.StartChaos(0.3, seed: 7);
        var customers = Enumerable.Range(0, 4).Select(i => new ScriptedCustomer(bot.Api, 60_000 + i, "3 — неудобство")).ToList();
        var drivers = customers.Select(c => c.RunAsync(stop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(8));

        var beforeOutage = bot.Api.Calls.Count(c => c.Method == "getUpdates");
        bot.Api.TakeUpdatesDown(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(30));
        var pollsDuringOutage = bot.Api.Calls.Count(c => c.Method == "getUpdates") - beforeOutage;

        await Task.Delay(TimeSpan.FromSeconds(8));
        bot.Api.StopChaos();
        await Task.Delay(TimeSpan.FromSeconds(8));
        // Still alive and answering.
        var probe = new FakeUser(bot.Api, 69_999);
        Assert.StartsWith("Здравствуйте", FakeBotApi.TextOf(await probe.SendAsync("/start")));

        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return !await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending);
        }, "everything is delivered once the API is healthy", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(drivers.Append(ticker).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        await using var check = bot.OpenDatabase();
        var rows = await check.Outbox.ToListAsync();
        // Sent — or a card's edit a newer edit of the same card replaced while faults held the chat back.
        Assert.All(rows, r => Assert.Contains(r.Status, new[] { OutboxStatus.Sent, OutboxStatus.Superseded }));
        Assert.All(rows.Where(r => r.Status == OutboxStatus.Superseded), r => Assert.Equal(OutboxKind.Edit, r.Kind));
        var tickets = await check.Tickets.CountAsync();
        // Progress under faults, not just consistency: every customer got at least one ticket through.
        Assert.All(customers, c => Assert.NotEmpty(c.ConfirmedFromLog()));
        Assert.Equal(customers.Sum(c => c.ConfirmedFromLog().Count), tickets);
        Assert.True(bot.Api.Injected.Values.Sum() >= 10, $"too few faults to prove anything: {bot.Api.Injected.Values.Sum()}");

        // No busy loop: back-off while getUpdates was down (30 s) — a few tries, not hundreds.
        Assert.InRange(pollsDuringOutage, 2, 15);
        var pollWarnings = bot.Logs.Count(l => l.Contains("getUpdates failed", StringComparison.Ordinal));
        Assert.InRange(pollWarnings, 1, 2);
        var sendWarningsByKind = bot.Logs.Where(l => l.Contains("Sending to Telegram failed", StringComparison.Ordinal) || l.Contains("asks to slow down", StringComparison.Ordinal))
            .GroupBy(l => l.Contains("429", StringComparison.Ordinal) ? "429" : l.Contains("HTTP 5", StringComparison.Ordinal) ? l[(l.IndexOf("HTTP 5", StringComparison.Ordinal))..][..8] : "network")
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.All(sendWarningsByKind.Values, n => Assert.InRange(n, 1, 3));

        output.WriteLine($"faults: injected {string.Join(", ", bot.Api.Injected.Select(p => $"{p.Key} {p.Value}"))}, getUpdates down 30 s ({pollsDuringOutage} polls); "
            + $"{tickets} tickets, {rows.Count} messages all delivered; log lines: {pollWarnings} for getUpdates, {string.Join(", ", sendWarningsByKind.Select(p => $"{p.Key} {p.Value}"))}");
    }

    [Fact]
    public async Task Sigterm_FinishesAndExitsWithinTenSeconds()
    {
        await using var api = await FakeBotApi.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var bot = new BotProcess(directory, new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = api.BaseUrl,
            ["Telegram__PollingTimeout"] = "00:00:25",
            ["ConnectionStrings__Support"] = $"Data Source={Path.Combine(directory, "support.db")}",
        });
        bot.Start();
        var anna = new FakeUser(api, 61_000);
        await anna.SendAsync("/start");
        api.UserSends(anna.Id, "/new");
        await api.WaitForAsync(c => c.Method == "getUpdates" && c.Body["offset"] is not null, what: "poll again");

        var (exitCode, took) = bot.Terminate(TimeSpan.FromSeconds(15));

        output.WriteLine($"sigterm: exit code {exitCode} after {took.TotalSeconds:F1} s (a 25 s long poll was in flight)");
        Assert.Equal(0, exitCode);
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
        Assert.DoesNotContain(bot.Errors, e => e.Contains("Unhandled", StringComparison.Ordinal));
        Directory.Delete(directory, recursive: true);
    }
}
