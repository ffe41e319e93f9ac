using System.Net.Http.Json;
using System.Text.Json;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Sla;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatSupport.Tests.Bot.Demo;

/// <summary>The bot started exactly as a newcomer starts it without a token, on a free loopback port, with its demo page and API.</summary>
public sealed class DemoHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private DemoHarness(IHost host, string directory, string baseUrl)
    {
        _host = host;
        Directory = directory;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Directory { get; }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public string DemoDatabase => Path.Combine(Directory, "demo.db");

    public string ProductionDatabase => Path.Combine(Directory, "production.db");

    /// <summary>25.11.2026 10:00 МСК, a Wednesday: a level-2 ticket registered then is due by the end of Thursday.</summary>
    public const string StartAt = "2026-11-25T10:00:00+03:00";

    public static async Task<DemoHarness> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", "demo-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var settings = new Dictionary<string, string?>
        {
            // No messenger token: the demo starts by itself.
            ["Demo:Port"] = "0",
            ["Demo:Database"] = $"Data Source={Path.Combine(directory, "demo.db")}",
            ["ConnectionStrings:Support"] = $"Data Source={Path.Combine(directory, "production.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
            // A fixed Wednesday morning: no test depends on the hour it runs at.
            ["Demo:StartAt"] = StartAt,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = BotHost.Build([], configuration, SlaSetup.FromConfiguration(configuration), b => b.Logging.ClearProviders());
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DemoHarness(host, directory, address);
    }

    public async Task<JsonElement> StateAsync() => await Http.GetFromJsonAsync<JsonElement>("/api/state");

    public async Task<HttpResponseMessage> SendAsync(string pane, string text) =>
        await Http.PostAsJsonAsync("/api/send", new { pane, text });

    /// <summary>Presses the newest button whose label contains <paramref name="label"/> in a pane.</summary>
    public async Task<HttpResponseMessage> PressAsync(string pane, string label)
    {
        var state = await StateAsync();
        foreach (var message in Pane(state, pane).GetProperty("messages").EnumerateArray().Reverse())
        {
            foreach (var button in message.GetProperty("buttons").EnumerateArray().SelectMany(r => r.EnumerateArray()))
            {
                if (button.GetProperty("text").GetString()!.Contains(label, StringComparison.Ordinal))
                {
                    return await Http.PostAsJsonAsync("/api/press", new { pane, messageId = message.GetProperty("id").GetInt64(), data = button.GetProperty("data").GetString() });
                }
            }
        }

        throw new InvalidOperationException($"No button «{label}» in the {pane} pane.");
    }

    public static JsonElement Pane(JsonElement state, string pane) =>
        state.GetProperty("panes").EnumerateArray().Single(p => p.GetProperty("id").GetString() == pane);

    public static IReadOnlyList<string> Texts(JsonElement state, string pane) =>
        [.. Pane(state, pane).GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!)];

    /// <summary>Waits until a pane shows a message containing <paramref name="fragment"/> (the outbox delivers asynchronously).</summary>
    public async Task<string> WaitForAsync(string pane, string fragment, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var texts = Texts(await StateAsync(), pane);
            if (texts.LastOrDefault(t => t.Contains(fragment, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The {pane} pane never showed «{fragment}». It shows: {string.Join(" | ", texts.TakeLast(5))}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Does something in a pane and waits for the bot's next message there.</summary>
    public async Task<string> StepAsync(string pane, Func<Task<HttpResponseMessage>> act)
    {
        var before = BotMessages(await StateAsync(), pane);
        await Ok(act());
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(20);
        while (true)
        {
            var now = BotMessages(await StateAsync(), pane);
            if (now.Count > before.Count)
            {
                return now[before.Count];
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The bot did not answer in the {pane} pane.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Registers a ticket as the demo customer, by the page's own buttons.</summary>
    public async Task RegisterAsync(string description, string level)
    {
        await StepAsync("customer", () => SendAsync("customer", "/new"));
        await StepAsync("customer", () => SendAsync("customer", "ООО Ромашка"));
        await StepAsync("customer", () => PressAsync("customer", "Диагностика"));
        await StepAsync("customer", () => SendAsync("customer", description));
        await StepAsync("customer", () => PressAsync("customer", "Готово"));
        await StepAsync("customer", () => PressAsync("customer", level));
        await StepAsync("customer", () => PressAsync("customer", "Зарегистрировать"));
    }

    private static List<string> BotMessages(JsonElement state, string pane) =>
        [.. Pane(state, pane).GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("fromBot").GetBoolean()).Select(m => m.GetProperty("text").GetString()!)];

    public static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
        Fakes.TempDirectories.DeleteWithDatabases(Directory);
    }
}
