using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ChatSupport.Bot.Cli;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace ChatSupport.Tests.Bot.Hardening;

public sealed class OperationsTests
{
    [Fact]
    public async Task Health_ReportsDatabasePollingAndBacklog_AndTheCommandAgrees()
    {
        var port = FreePort();
        await using var bot = await BotHarness.StartAsync(new() { ["Health:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var anna = new FakeUser(bot.Api, 9101);
        await anna.SendAsync("/start");

        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("reachable", json.RootElement.GetProperty("database").GetString());
        Assert.True(json.RootElement.GetProperty("updatesLoop").GetProperty("alive").GetBoolean());
        Assert.True(json.RootElement.GetProperty("updatesLoop").GetProperty("lastSuccessfulPollAgeSeconds").GetDouble() < 60);
        Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("outbox").GetProperty("pending").ValueKind);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Health:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }).Build();
        Assert.Equal(0, ChatSupportCli.Run(["health"], configuration, new StringReader(string.Empty), new StringWriter(), new StringWriter()));

        // The updates loop stops succeeding: after two minutes without a poll the bot reports itself unhealthy.
        bot.Api.FailNext("getUpdates", Fault.BadGateway, count: 1000);
        bot.Clock.Advance(TimeSpan.FromMinutes(3));
        using var stale = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stale.StatusCode);
        Assert.Equal(1, ChatSupportCli.Run(["health"], configuration, new StringReader(string.Empty), new StringWriter(), new StringWriter()));
    }

    [Fact]
    public async Task Health_ListensOnLoopbackOnly_AndIsOffByDefault()
    {
        var port = FreePort();
        await using var bot = await BotHarness.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/health")));
        var error = new StringWriter();
        Assert.Equal(1, ChatSupportCli.Run(["health"], new ConfigurationBuilder().Build(), new StringReader(string.Empty), new StringWriter(), error));
        Assert.Contains("Health:Port is not set", error.ToString());
    }

    [Fact]
    public async Task DatabaseFile_IsReadableByItsOwnerOnly()
    {
        await using var bot = await BotHarness.StartAsync();
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(bot.DatabasePath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task FloodControl_WarnsOnceAndDrops_StaffAreNotLimited()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(EndToEnd.EngineersEndToEndTests.StaffSettings())
        {
            ["Support:FloodControl:Messages"] = "5",
            ["Support:FloodControl:Per"] = "00:01:00",
        });
        var mallory = new FakeUser(bot.Api, 9102, "Мэллори");
        for (var i = 0; i < 12; i++)
        {
            bot.Api.UserSends(mallory.Id, $"спам {i}", "Мэллори");
        }

        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == mallory.Id && FakeBotApi.TextOf(c).StartsWith("Слишком много сообщений", StringComparison.Ordinal), what: "warn the flooder");
        var ivan = new FakeUser(bot.Api, EndToEnd.EngineersEndToEndTests.Ivan, "Иван");
        for (var i = 0; i < 8; i++)
        {
            bot.Api.UserSends(ivan.Id, "/mine", "Иван");
        }

        await bot.Api.WaitForNthAsync(c => FakeBotApi.ChatIdOf(c) == ivan.Id, 8, what: "answer every staff message");
        await bot.Api.WaitForAsync(_ => bot.Api.ConfirmedOffset > 1000 + 20, what: "take every update");

        var toMallory = bot.Api.SentTo(mallory.Id).Select(FakeBotApi.TextOf).ToList();
        // Five answered (each «спам N» outside a dialogue: she has no ticket yet), then one warning, the rest dropped.
        Assert.Equal(6, toMallory.Count);
        Assert.All(toMallory.Take(5), t => Assert.DoesNotContain("Слишком много", t));
        Assert.Equal("Слишком много сообщений подряд — я немного притормозлю. Подождите несколько секунд и напишите снова.", toMallory[5]);
        await using var db = bot.OpenDatabase();
        Assert.Equal(12 + 8, await db.ProcessedUpdates.CountAsync());
    }

    internal static int FreePort() => ChatSupport.Bot.Bench.BenchHost.FreePort();
}
