using System.Globalization;
using System.Text.RegularExpressions;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Tests.Bot.EndToEnd;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>
/// <c>/metrics</c> scraped after a scenario, its values checked against what the bot's own database and the fake Bot API
/// saw. In the non-parallel collection: instruments are process-wide, and no other bot may be counting meanwhile.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed partial class MetricsEndpointTests
{
    private const long Ivan = EngineersEndToEndTests.Ivan;

    [Fact]
    public async Task AfterTwoTickets_OneClaimedInTime_OneLeftToBreach_TheCountersSayExactlyThat()
    {
        var port = OperationsTests.FreePort();
        var settings = EngineersEndToEndTests.StaffSettings();
        settings["Health:Port"] = port.ToString(CultureInfo.InvariantCulture);
        await using var bot = await BotHarness.StartAsync(settings);
        var anna = new FakeUser(bot.Api, 4001);
        var boris = new FakeUser(bot.Api, 4002);

        await EngineersEndToEndTests.RegisterAsync(anna, "Не работает выгрузка в 1С", "2 — серьёзные");
        bot.Api.FailNext("sendMessage", Fault.TooManyRequests);
        await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == EngineersEndToEndTests.Duty, what: "post the card");
        bot.Clock.Advance(TimeSpan.FromMinutes(30));
        await new FakeUser(bot.Api, Ivan).SendAsync("/claim 1");
        await EngineersEndToEndTests.RegisterAsync(boris, "Платформа не запускается, работа стоит", "1 — ПО не работает");

        // Level 1: 4 hours of support time; nobody claims #2.
        await bot.AdvanceAsync(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(20));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return !await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending);
        }, "the outbox drained");

        var metrics = await ScrapeAsync(port);

        await using var db = bot.OpenDatabase();
        Assert.Equal(1, metrics.Value("chatsupport_tickets_registered", ("level", "2"), ("messenger", "telegram")));
        Assert.Equal(1, metrics.Value("chatsupport_tickets_registered", ("level", "1"), ("messenger", "telegram")));
        Assert.Equal(1, metrics.Value("chatsupport_reaction_deadlines", ("level", "2"), ("outcome", "met")));
        Assert.Equal(0, metrics.Value("chatsupport_reaction_deadlines", ("level", "2"), ("outcome", "breached")));
        Assert.Equal(1, metrics.Value("chatsupport_reaction_deadlines", ("level", "1"), ("outcome", "breached")));
        Assert.Equal(1, metrics.Value("chatsupport_tickets_overdue", ("level", "1")));
        Assert.Equal(0, metrics.Value("chatsupport_tickets_at_risk", ("level", "1")));
        Assert.Equal(0, metrics.Value("chatsupport_outbox_backlog"));
        Assert.Equal(0, metrics.Value("chatsupport_outbox_oldest_age_seconds"));

        Assert.Equal(await db.ProcessedUpdates.CountAsync(p => p.Channel == ChannelKind.Telegram), metrics.Value("chatsupport_updates_total", ("messenger", "telegram"), ("outcome", "handled")));
        Assert.Equal(await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Sent), metrics.Value("chatsupport_messages_sent_total", ("messenger", "telegram")));
        Assert.Equal(1, metrics.Value("chatsupport_rate_limited_total", ("messenger", "telegram")));
        var pings = await db.EscalationsSent.CountAsync();
        Assert.True(pings >= 2, $"{pings} pings for a level-1 ticket left 4 h 20 min");
        Assert.Equal(pings, metrics.Sum("chatsupport_pings_total"));
        Assert.Equal(pings, metrics.Value("chatsupport_ping_lateness_seconds_count"));

        // Another ticket: the totals move on by exactly one.
        await EngineersEndToEndTests.RegisterAsync(new FakeUser(bot.Api, 4003), "Вопрос по отчёту", "3 — неудобство");
        await Eventually.TrueAsync(async () => (await ScrapeAsync(port)).Find("chatsupport_tickets_registered", ("level", "3"), ("messenger", "telegram")) == 1, "count the third ticket");
    }

    private static async Task<Scrape> ScrapeAsync(int port)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? string.Empty, StringComparison.Ordinal);
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Prometheus' text format, read line by line: <c>name{label="value",…} number [timestamp]</c>.</summary>
    private sealed partial class Scrape(string text)
    {
        private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples =
        [
            .. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => Line().Match(l)).Where(m => m.Success).Select(m => (
                m.Groups["name"].Value,
                Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value),
                double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))),
        ];

        /// <summary>The one sample of <paramref name="name"/> with these labels (others, like otel_scope_name, may be there too).</summary>
        public double Value(string name, params (string Key, string Value)[] labels)
        {
            var matching = _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
            Assert.True(matching.Count == 1, $"{matching.Count} samples of {name} {string.Join(",", labels)} in:\n{text}");
            return matching[0].Value;
        }

        /// <summary>The sample, or null while there is none yet.</summary>
        public double? Find(string name, params (string Key, string Value)[] labels) =>
            _samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Select(s => (double?)s.Value).SingleOrDefault();

        public double Sum(string name) => _samples.Where(s => s.Name == name).Sum(s => s.Value);

        [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>[^ ]+)( \d+)?$""")]
        private static partial Regex Line();

        [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
        private static partial Regex Label();
    }
}
