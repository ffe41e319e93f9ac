using System.Globalization;
using System.Net;
using System.Text;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Telegram;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>
/// Telegram:Mode=Webhook: the fake Bot API pushes updates to the bot's listener with the secret header and sends
/// again what was not answered 2xx, as Telegram does; nothing polls.
/// </summary>
public sealed class TelegramWebhookTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Secret = "w3bh00k_Secret-value";

    private static Dictionary<string, string?> Webhook(int port, string secret = Secret) => new(EngineersEndToEndTests.StaffSettings())
    {
        ["Telegram:Mode"] = "Webhook",
        ["Telegram:WebhookUrl"] = $"http://127.0.0.1:{port}/hooks/telegram",
        ["Telegram:WebhookSecret"] = secret,
        ["Webhook:Port"] = port.ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task UpdatesPushedToTheBot_ATicketIsRegistered_TheWebhookIsRegisteredOncePerDeployment()
    {
        var port = Hardening.OperationsTests.FreePort();
        await using var bot = await BotHarness.StartAsync(Webhook(port));
        await bot.Api.WaitForAsync(c => c.Method == "setWebhook", what: "register the webhook");
        var set = bot.Api.Calls.Single(c => c.Method == "setWebhook");
        Assert.Equal($"http://127.0.0.1:{port}/hooks/telegram", set.Body["url"]!.ToString());
        Assert.Equal(Secret, set.Body["secret_token"]!.ToString());
        Assert.Equal(40, set.Body["max_connections"]!.GetValue<int>());
        Assert.False(set.Body["drop_pending_updates"]?.GetValue<bool>() ?? false);

        var anna = new FakeUser(bot.Api, 7101);
        await EngineersEndToEndTests.RegisterAsync(anna, "Не работает выгрузка", "3 — неудобство");
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(1, await db.Tickets.CountAsync());
        }

        Assert.DoesNotContain(bot.Api.Calls, c => c.Method == "getUpdates");
        Assert.All(bot.Api.Pushes, p => Assert.Equal(200, p.Status));

        // A second start of the same deployment (a replica, a restart) leaves the registration alone…
        await bot.RestartAsync();
        await bot.Api.WaitForNthAsync(c => c.Method == "getWebhookInfo", 2, what: "look at the webhook again");
        await Task.Delay(300);
        Assert.Single(bot.Api.Calls, c => c.Method == "setWebhook");
        // … and the stored fingerprint is a hash, never the secret.
        await using (var db = bot.OpenDatabase())
        {
            var state = await db.ChannelStates.SingleAsync();
            Assert.DoesNotContain(Secret, state.Value, StringComparison.Ordinal);
            Assert.Equal(64, state.Value.Length);
        }
    }

    [Fact]
    public async Task ARotatedSecret_IsRegisteredAgain_AndTheOldOneIsRefused()
    {
        var port = Hardening.OperationsTests.FreePort();
        await using var bot = await BotHarness.StartAsync(Webhook(port));
        await bot.Api.WaitForAsync(c => c.Method == "setWebhook", what: "register the webhook");

        await bot.RestartAsync(new Dictionary<string, string?> { ["Telegram:WebhookSecret"] = Secret + "2" });
        await bot.Api.WaitForNthAsync(c => c.Method == "setWebhook", 2, what: "register the rotated secret");
        Assert.Equal(Secret + "2", bot.Api.Calls.Last(c => c.Method == "setWebhook").Body["secret_token"]!.ToString());

        using var http = new HttpClient();
        using var old = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/hooks/telegram")) { Content = new StringContent("{\"update_id\":1}", Encoding.UTF8, "application/json") };
        old.Headers.Add(TelegramWebhookEndpoint.SecretHeader, Secret);
        using var refused = await http.SendAsync(old);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The customer's updates arrive with the new secret and are handled.
        var anna = new FakeUser(bot.Api, 7102);
        Assert.StartsWith("Как называется", FakeBotApi.TextOf(await anna.SendAsync("/new")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecret_401_BadOrHugeBody_400_NothingStored_AndTheStreamGoesOn()
    {
        var port = Hardening.OperationsTests.FreePort();
        await using var bot = await BotHarness.StartAsync(Webhook(port));
        await bot.Api.WaitForAsync(c => c.Method == "setWebhook", what: "register the webhook");
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}/hooks/telegram");
        var update = """{"update_id":900001,"message":{"message_id":5,"date":1764000000,"chat":{"id":7201,"type":"private","first_name":"Анна"},"from":{"id":7201,"is_bot":false,"first_name":"Анна","language_code":"ru"},"text":"/start"}}""";

        async Task<HttpStatusCode> PostAsync(string body, string? secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (secret is not null)
            {
                request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, secret);
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(update, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(update, Secret + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(update, Secret[..^1]));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("{not json", Secret));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("[1,2,3]", Secret));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("{\"update_id\":1,\"message\":{\"text\":\"" + new string('я', 600_000) + "\"}}", Secret));
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(0, await db.ProcessedUpdates.CountAsync(p => p.UpdateKey == "900001"));
        }

        // The right secret: taken, and taken once however often it comes.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(update, Secret));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(update, Secret));
        await bot.Api.WaitForMessageAsync(7201, 1);
        await Task.Delay(500);
        Assert.Single(bot.Api.SentTo(7201));
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(1, await db.ProcessedUpdates.CountAsync(p => p.UpdateKey == "900001"));
        }

        // One log line for the refused secrets, not one per request.
        Assert.Single(bot.Logs, l => l.Contains("without the right secret", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs, l => l.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TenThousandPostsAtFullSpeedFromAThousandChats_EachTakenOnce()
    {
        var port = Hardening.OperationsTests.FreePort();
        var settings = Webhook(port);
        settings["Telegram:PrivateChatPerSecond"] = "1000";
        settings["Telegram:GlobalPerSecond"] = "100000";
        await using var bot = await BotHarness.StartAsync(settings);
        await bot.Api.WaitForAsync(c => c.Method == "setWebhook", what: "register the webhook");
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}/hooks/telegram");
        var posts = Enumerable.Range(0, 10_000).Select(i => (Id: 1_000_000 + i, User: 800_000 + (i % 1000))).ToList();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(posts, new ParallelOptions { MaxDegreeOfParallelism = 40 }, async (post, ct) =>
        {
            var body = $$$"""{"update_id":{{{post.Id}}},"message":{"message_id":{{{post.Id}}},"date":1764000000,"chat":{"id":{{{post.User}}},"type":"private","first_name":"Клиент"},"from":{"id":{{{post.User}}},"is_bot":false,"first_name":"Клиент","language_code":"ru"},"text":"Здравствуйте"}}""";
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, Secret);
            using var response = await http.SendAsync(request, ct);
            statuses.Add(response.StatusCode);
        });
        watch.Stop();

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        await using var db = bot.OpenDatabase();
        var taken = await db.ProcessedUpdates.Where(p => p.UpdateKey.Length == 7).Select(p => p.UpdateKey).ToListAsync();
        Assert.Equal(10_000, taken.Count);
        Assert.Equal(posts.Select(p => p.Id.ToString(CultureInfo.InvariantCulture)).Order(), taken.Order());
        Assert.Equal(1000, await db.Customers.CountAsync());
        output.WriteLine($"webhook: 10,000 POSTs from 1,000 chats, 40 at a time, all answered 200 in {watch.Elapsed.TotalSeconds:F1} s ({10_000 / watch.Elapsed.TotalSeconds:F0} updates/s)");
    }

    [Theory]
    [InlineData("Telegram:WebhookSecret", "has spaces in it", "Telegram:WebhookSecret")]
    [InlineData("Telegram:WebhookSecret", "", "Telegram:WebhookSecret")]
    [InlineData("Telegram:WebhookSecret", "abcdef\n", "Telegram:WebhookSecret")]
    [InlineData("Telegram:WebhookUrl", "http://support.example.ru/hooks/telegram", "Telegram:WebhookUrl")]
    [InlineData("Telegram:WebhookUrl", "https://support.example.ru/", "Telegram:WebhookUrl")]
    [InlineData("Telegram:WebhookMaxConnections", "500", "Telegram:WebhookMaxConnections")]
    [InlineData("Webhook:Host", "somewhere", "Webhook:Host")]
    [InlineData("Webhook:Port", "70000", "Webhook:Port")]
    public async Task BadWebhookSettings_StopStartUp_NamingTheKey_NeverThePrintedSecret(string key, string value, string named)
    {
        var settings = Webhook(Hardening.OperationsTests.FreePort());
        settings[key] = value;
        var error = await Assert.ThrowsAsync<ChatSupport.Domain.Configuration.SupportConfigurationException>(() => BotHarness.StartAsync(settings));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        if (key == "Telegram:WebhookSecret" && value.Length > 0)
        {
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }
}
