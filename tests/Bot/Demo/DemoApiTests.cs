using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChatSupport.Tests.Bot.Demo;

/// <summary>The demo's endpoints: the whole desk through them, time travel on the real scheduler, hostile input.</summary>
public sealed class DemoApiTests
{
    [Fact]
    public async Task Newcomer_RegistersClaimsSeesAPingAndTheDigest_OnTheDemoDatabaseOnly()
    {
        await using var demo = await DemoHarness.StartAsync();

        var page = await demo.Http.GetStringAsync("/");
        Assert.Contains("<title>ChatSupport — демо</title>", page);
        Assert.DoesNotContain("http://", page.Replace("http://www.w3.org", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("https://", page);

        var hello = await demo.StepAsync("customer", () => demo.SendAsync("customer", "/start"));
        Assert.StartsWith("Здравствуйте, Анна!", hello);

        await demo.RegisterAsync("Не проходит обмен с 1С", "2 — серьёзные");
        var card = await demo.WaitForAsync("duty", "#1 · Уровень 2");
        Assert.Contains("Клиент: ООО Ромашка — Анна · демо", card);
        Assert.Contains("МСК", card);

        // A day later (the level-2 window is the rest of today and all of tomorrow) the scheduler has pinged the duty chat.
        var travel = await demo.Http.PostAsJsonAsync("/api/travel", new { hours = 24 });
        Assert.Equal(HttpStatusCode.OK, travel.StatusCode);
        var ping = await demo.WaitForAsync("duty", "#1 ждёт инженера");
        Assert.StartsWith("⏰", ping);
        Assert.Equal(24, (await demo.StateAsync()).GetProperty("travelledHours").GetInt32());

        // The engineer claims from the duty chat; the customer and the engineer's private chat hear it.
        await DemoHarness.Ok(demo.PressAsync("duty", "Взять в работу"));
        await demo.WaitForAsync("customer", "Инженер Demo engineer взял вашу заявку #1 в работу.");
        await demo.WaitForAsync("engineer", "Вы взяли #1");
        await demo.WaitForAsync("duty", "🛠 В работе у Demo engineer");

        var digest = await demo.StepAsync("managers", () => demo.SendAsync("managers", "/digest"));
        Assert.StartsWith("📊 Сводка SLA за", digest);

        Assert.True(File.Exists(demo.DemoDatabase));
        Assert.False(File.Exists(demo.ProductionDatabase));
    }

    [Fact]
    public async Task ALetterFromThePage_IsRegisteredAtOnce_AsTheMailChannelWould()
    {
        await using var demo = await DemoHarness.StartAsync();
        var sent = await demo.Http.PostAsJsonAsync("/api/letter", new { pane = "customer", subject = "[1] Не запускается сервер", text = "После обновления сервер не стартует.\n\n> старая переписка" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var ack = await demo.WaitForAsync("customer", "Ваше письмо зарегистрировано как заявка #1");
        Assert.Contains("Уровень 1 (критичный)", ack);
        Assert.Contains("МСК", ack);
        var card = await demo.WaitForAsync("duty", "#1 · Уровень 1");
        Assert.Contains("Не запускается сервер", card);
        Assert.DoesNotContain("старая переписка", card);
    }

    [Theory]
    [InlineData("/api/letter", "{\"pane\":\"duty\",\"subject\":\"x\"}", "Неизвестный чат")]
    [InlineData("/api/letter", "{\"pane\":\"customer\",\"subject\":\" \",\"text\":\"\"}", "Пустое сообщение")]
    [InlineData("/api/send", "{\"pane\":\"nowhere\",\"text\":\"hi\"}", "Неизвестный чат")]
    [InlineData("/api/send", "{\"pane\":\"customer\",\"text\":\"   \"}", "Пустое сообщение")]
    [InlineData("/api/send", "not json at all", "Неизвестный чат")]
    [InlineData("/api/press", "{\"pane\":\"duty\",\"messageId\":424242,\"data\":\"claim:1\"}", "Такой кнопки")]
    [InlineData("/api/press", "{\"pane\":\"duty\",\"messageId\":\"x\"}", "Неизвестный чат")]
    [InlineData("/api/travel", "{\"hours\":0}", "от 1 до 168 часов")]
    [InlineData("/api/travel", "{\"hours\":100000}", "от 1 до 168 часов")]
    public async Task BadRequests_AreAnsweredInRussian_AndChangeNothing(string path, string body, string error)
    {
        await using var demo = await DemoHarness.StartAsync();
        var response = await demo.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(error, answer.GetProperty("error").GetString());
        var state = await demo.StateAsync();
        Assert.All(state.GetProperty("panes").EnumerateArray(), p => Assert.Empty(p.GetProperty("messages").EnumerateArray()));
    }

    [Fact]
    public async Task AButtonFromAnotherPane_CannotBePressedHere_AndLongTextIsRefused()
    {
        await using var demo = await DemoHarness.StartAsync();
        await demo.StepAsync("customer", () => demo.SendAsync("customer", "/start"));
        var message = DemoHarness.Pane(await demo.StateAsync(), "customer").GetProperty("messages").EnumerateArray().Last();
        var forged = await demo.Http.PostAsJsonAsync("/api/press", new { pane = "duty", messageId = message.GetProperty("id").GetInt64(), data = "m:new" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var tooLong = await demo.SendAsync("customer", new string('ж', 5000));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task OnlyLoopbackNames_AreServed()
    {
        await using var demo = await DemoHarness.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/state");
        request.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.MisdirectedRequest, (await demo.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await demo.Http.GetAsync("/api/state")).StatusCode);
    }

    [Fact]
    public async Task ThePagesLanguage_IsTheMessengersLanguage()
    {
        await using var demo = await DemoHarness.StartAsync();
        var english = await demo.StepAsync("customer", () => demo.Http.PostAsJsonAsync("/api/send", new { pane = "customer", text = "/start", lang = "en" }));
        Assert.StartsWith("Hello, ", english);
        var russian = await demo.StepAsync("customer", () => demo.Http.PostAsJsonAsync("/api/send", new { pane = "customer", text = "/start", lang = "xx" }));
        Assert.StartsWith("Здравствуйте", russian);
    }

    [Fact]
    public async Task EventStream_AnnouncesEveryChange()
    {
        await using var demo = await DemoHarness.StartAsync();
        using var stream = await demo.Http.GetStreamAsync("/api/events");
        using var reader = new StreamReader(stream);
        Assert.Equal("data: 0", await reader.ReadLineAsync());
        await reader.ReadLineAsync();
        await DemoHarness.Ok(demo.SendAsync("customer", "/start"));
        var next = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("data: ", next);
        Assert.True(long.Parse(next!["data: ".Length..], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public void DemoForbidden_AndNoToken_StopsWithOneLine_AndTheDemoNeverTakesTheProductionFile()
    {
        var off = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Enabled"] = "false" }).Build();
        var error = Assert.Throws<SupportConfigurationException>(() => BotHost.Build([], off, SlaSetup.FromConfiguration(off)));
        Assert.Contains("no messenger is configured", error.Message);

        var same = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Demo:Database"] = "Data Source=one.db",
            ["ConnectionStrings:Support"] = "Data Source=one.db",
        }).Build();
        var clash = Assert.Throws<SupportConfigurationException>(() => BotHost.Build([], same, SlaSetup.FromConfiguration(same)));
        Assert.StartsWith("Configuration error: Demo:Database", clash.Message);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Enabled"] = "maybe" }).Build();
        Assert.StartsWith("Configuration error: Demo:Enabled", Assert.Throws<SupportConfigurationException>(() => BotHost.Build([], bad, SlaSetup.FromConfiguration(bad))).Message);
    }

    [Fact]
    public async Task StartAt_SetsTheDemoClock_AsALocalTimeInTheProvidersZone()
    {
        await using var demo = await DemoHarness.StartAsync(new() { ["Demo:StartAt"] = "2026-11-30T09:00" });

        // Real time flows into the demo clock from that moment on: a test takes seconds, not a minute.
        var now = (await demo.StateAsync()).GetProperty("now").GetString();
        Assert.Equal("30.11.2026 09:00 МСК", now);
    }

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("2027-03-28T02:30")]
    public void StartAt_ThatIsNoInstant_StopsWithOneLineNamingTheKey(string value)
    {
        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:StartAt"] = value, ["Support:TimeZone"] = "Europe/Berlin" }).Build();

        var error = Assert.Throws<SupportConfigurationException>(() => BotHost.Build([], bad, SlaSetup.FromConfiguration(bad)));

        Assert.StartsWith($"Configuration error: Demo:StartAt = \"{value}\"", error.Message);
    }
}
