using System.Globalization;
using System.Net;
using System.Text;
using ChatSupport.Bot.Max;
using ChatSupport.Domain.Channels;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>
/// Max:Mode=Webhook: the fake MAX API pushes each update to every subscription with the secret header and sends again
/// what was not answered 200, as MAX does; nothing polls MAX. Telegram runs beside it, here in webhook mode too, on the
/// same listener.
/// </summary>
public sealed class MaxWebhookTests
{
    private const string Secret = "max-Hook_secret-42";
    private const string TelegramSecret = "tg-Hook_secret-42";
    private const long Boris = 5301;

    private static Dictionary<string, string?> Webhooks(int port, string maxPath = "/hooks/max") => new(EngineersEndToEndTests.StaffSettings())
    {
        ["Max:Mode"] = "Webhook",
        ["Max:WebhookUrl"] = $"http://127.0.0.1:{port}{maxPath}",
        ["Max:WebhookSecret"] = Secret,
        ["Telegram:Mode"] = "Webhook",
        ["Telegram:WebhookUrl"] = $"http://127.0.0.1:{port}/hooks/telegram",
        ["Telegram:WebhookSecret"] = TelegramSecret,
        ["Webhook:Port"] = port.ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task BothMessengersPushToOneListener_AMaxTicketIsRegisteredAndClaimed_SubscribedOncePerDeployment()
    {
        var port = Hardening.OperationsTests.FreePort();
        await using var bot = await BotHarness.StartAsync(Webhooks(port), withMax: true);
        var subscribe = await bot.Max.WaitForAsync(c => c.Method == "POST" && c.Path == "subscriptions", what: "subscribe the webhook");
        Assert.Equal($"http://127.0.0.1:{port}/hooks/max", subscribe.Body["url"]!.GetValue<string>());
        Assert.Equal(Secret, subscribe.Body["secret"]!.GetValue<string>());
        Assert.Equal(["message_created", "message_edited", "message_callback", "bot_started"], subscribe.Body["update_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        await bot.Api.WaitForAsync(c => c.Method == "setWebhook", what: "register the Telegram webhook");

        // The MAX customer registers a ticket; the duty engineer claims it in Telegram — both arrive pushed.
        var boris = new FakeMaxUser(bot.Max, Boris);
        Assert.StartsWith("Здравствуйте, Борис!", (await boris.StartAsync()).Text);
        await boris.SendAsync("/new");
        await boris.SendAsync("ООО Ромашка");
        await boris.PressAsync("Диагностика");
        await boris.SendAsync("Не проходит обмен с 1С");
        await boris.PressAsync("Готово");
        await boris.PressAsync("2 — серьёзные");
        Assert.Contains("#1", (await boris.PressAsync("Зарегистрировать")).Text);
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == EngineersEndToEndTests.Duty, what: "post the card");
        bot.Api.UserPresses(EngineersEndToEndTests.Ivan, card.MessageId!.Value, "claim:1", "Иван", chatId: EngineersEndToEndTests.Duty);
        Assert.Equal("Инженер Иван Петров взял вашу заявку #1 в работу.", (await boris.NextAsync()).Text);

        Assert.DoesNotContain(bot.Max.Calls, c => c.Path == "updates");
        Assert.DoesNotContain(bot.Api.Calls, c => c.Method == "getUpdates");
        Assert.All(bot.Max.Pushes, p => Assert.Equal(200, p.Status));
        Assert.NotEmpty(bot.Api.Pushes);

        // A second start of the same deployment (a replica, a restart) looks and leaves the subscription alone…
        await bot.RestartAsync();
        // Its decision is logged once the look is over: only then is «no second POST» a fact, not a race.
        await Eventually.TrueAsync(() => Task.FromResult(bot.Logs.Any(l => l.Contains("is subscribed already", StringComparison.Ordinal))), "the restart finds the subscription");
        Assert.Single(bot.Max.Calls, c => c.Method == "POST" && c.Path == "subscriptions");
        Assert.DoesNotContain(bot.Max.Calls, c => c.Method == "DELETE");
        Assert.Equal([$"http://127.0.0.1:{port}/hooks/max"], bot.Max.SubscribedUrls);

        // … and each messenger's fingerprint is a hash, never the secret.
        await using var db = bot.OpenDatabase();
        var states = await db.ChannelStates.ToListAsync();
        Assert.Equal(2, states.Count);
        Assert.Contains(states, s => s.Channel == ChannelKind.Telegram);
        Assert.Contains(states, s => s.Channel == ChannelKind.Max);
        Assert.All(states, s => Assert.Matches("^[0-9A-F]{64}$", s.Value));
        Assert.Equal(1, await db.Tickets.CountAsync(t => t.Customer.Channel == ChannelKind.Max));
    }

    [Fact]
    public async Task ANewAddress_EndsTheOldSubscription_AndBackToPolling_EndsTheWebhook()
    {
        var port = Hardening.OperationsTests.FreePort();
        await using var bot = await BotHarness.StartAsync(Webhooks(port), withMax: true);
        await bot.Max.WaitForAsync(c => c.Method == "POST" && c.Path == "subscriptions", what: "subscribe the webhook");

        // The desk moves its address: the new one is subscribed, then the old one ended (MAX would deliver to both).
        var moved = $"http://127.0.0.1:{port}/hooks/max-v2";
        await bot.RestartAsync(new Dictionary<string, string?> { ["Max:WebhookUrl"] = moved });
        var ended = await bot.Max.WaitForAsync(c => c.Method == "DELETE" && c.Path == "subscriptions", what: "end the old subscription");
        Assert.Equal($"http://127.0.0.1:{port}/hooks/max", ended.Query["url"]);
        Assert.Equal([moved], bot.Max.SubscribedUrls);
        var boris = new FakeMaxUser(bot.Max, Boris);
        Assert.StartsWith("Здравствуйте, Борис!", (await boris.StartAsync()).Text);
        // The fake records a push when its answer is back, which may be after the bot's reply was sent.
        await Eventually.TrueAsync(() => Task.FromResult(bot.Max.Pushes.Any(p => p.Url == moved && p.Status == 200)), "the push to the new address is answered 200");
        await Eventually.TrueAsync(() => Task.FromResult(bot.Logs.Any(l => l.Contains("that subscription is ended", StringComparison.Ordinal))), "ending the old one is logged");

        // Back to polling: the subscription is ended before the first poll, and the customer is heard by polling.
        await bot.RestartAsync(new Dictionary<string, string?> { ["Max:Mode"] = "Polling" });
        await bot.Max.WaitForAsync(c => c.Method == "DELETE" && c.Query.GetValueOrDefault("url") == moved, what: "end the webhook before polling");
        Assert.Empty(bot.Max.SubscribedUrls);
        var pushes = bot.Max.Pushes.Count;
        Assert.Contains("Как называется", (await boris.SendAsync("/new")).Text, StringComparison.Ordinal);
        Assert.Contains(bot.Max.Calls, c => c.Path == "updates");
        Assert.Equal(pushes, bot.Max.Pushes.Count);
        await using var db = bot.OpenDatabase();
        Assert.Equal(ChatSupport.Bot.Channels.WebhookSetup.Polling, (await db.ChannelStates.SingleAsync(s => s.Channel == ChannelKind.Max)).Value);
    }

    [Fact]
    public async Task ASubscriptionMaxDroppedByItself_IsRenewedWithoutARestart()
    {
        var port = Hardening.OperationsTests.FreePort();
        var settings = Webhooks(port);
        settings["Max:WebhookCheckInterval"] = "00:00:01";
        await using var bot = await BotHarness.StartAsync(settings, withMax: true);
        var url = $"http://127.0.0.1:{port}/hooks/max";
        await bot.Max.WaitForAsync(c => c.Method == "POST" && c.Path == "subscriptions", what: "subscribe the webhook");

        // Looked at again and left alone while it is there…
        var looked = bot.Max.Calls.Count(c => c.Method == "GET" && c.Path == "subscriptions");
        await bot.Max.WaitForAsync(_ => bot.Max.Calls.Count(c => c.Method == "GET" && c.Path == "subscriptions") >= looked + 2, what: "look at the subscription again");
        Assert.Single(bot.Max.Calls, c => c.Method == "POST" && c.Path == "subscriptions");
        Assert.Single(bot.Logs, l => l.Contains("is subscribed already", StringComparison.Ordinal) || l.Contains("webhook subscribed", StringComparison.Ordinal));

        // … and subscribed again when MAX dropped it (8 hours of failed deliveries): the customer is heard again.
        var posted = bot.Max.Calls.Count;
        bot.Max.Unsubscribe(url);
        var renewed = await bot.Max.WaitForAsync(c => c.Method == "POST" && c.Path == "subscriptions", what: "subscribe again", after: posted);
        Assert.Equal(url, renewed.Body["url"]!.GetValue<string>());
        await Eventually.TrueAsync(() => Task.FromResult(bot.Logs.Any(l => l.Contains("subscribed again", StringComparison.Ordinal))), "the renewal is logged");
        Assert.StartsWith("Здравствуйте, Борис!", (await new FakeMaxUser(bot.Max, Boris).StartAsync()).Text);

        // A polling replica of a rollout says «polling» in the database: this webhook replica stops renewing, and
        // never ends what the other did.
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(1, await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "ChannelStates" SET "Value" = {ChatSupport.Bot.Channels.WebhookSetup.Polling} WHERE "Channel" = {ChannelKind.Max.Name}"""));
        }

        posted = bot.Max.Calls.Count;
        bot.Max.Unsubscribe(url);
        await Eventually.TrueAsync(() => Task.FromResult(bot.Logs.Any(l => l.Contains("the desk polls now", StringComparison.Ordinal))), "the replica yields to polling");
        await Task.Delay(2500);
        Assert.DoesNotContain(bot.Max.Calls.Skip(posted), c => c.Method is "POST" or "DELETE" && c.Path == "subscriptions");
        Assert.Empty(bot.Max.SubscribedUrls);
    }

    [Fact]
    public async Task WrongSecret_401_BadOrHugeBody_400_NothingStored_AndARedeliveryIsTakenOnce()
    {
        var port = Hardening.OperationsTests.FreePort();
        await using var bot = await BotHarness.StartAsync(Webhooks(port), withMax: true);
        await bot.Max.WaitForAsync(c => c.Method == "POST" && c.Path == "subscriptions", what: "subscribe the webhook");
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{port}/hooks/max");
        var start = $$"""{"update_type":"bot_started","timestamp":1764000000000,"chat_id":{{FakeMaxApi.DialogOf(5302)}},"user":{"user_id":5302,"first_name":"Вера","name":"Вера","is_bot":false,"last_activity_time":1764000000000},"user_locale":"ru"}""";

        async Task<HttpStatusCode> PostAsync(string body, string? secret, string header = MaxWebhookEndpoint.SecretHeader)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (secret is not null)
            {
                request.Headers.Add(header, secret);
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(start, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(start, Secret + "x"));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(start, TelegramSecret));
        // Telegram's header with MAX's secret is no way in either.
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(start, Secret, ChatSupport.Bot.Telegram.TelegramWebhookEndpoint.SecretHeader));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("{not json", Secret));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("[1,2,3]", Secret));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("""{"update_type":"message_created","message":{"body":{"text":""" + "\"" + new string('я', 600_000) + "\"}}}", Secret));
        // The same without a Content-Length (chunked): counted while read, refused past 1 MB.
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("""{"update_type":"message_created","message":{"body":{"text":""" + "\"" + new string('я', 600_000) + "\"}}}"))) })
        {
            chunked.Headers.Add(MaxWebhookEndpoint.SecretHeader, Secret);
            chunked.Headers.TransferEncodingChunked = true;
            using var refusedChunked = await http.SendAsync(chunked);
            Assert.Equal(HttpStatusCode.BadRequest, refusedChunked.StatusCode);
        }

        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(0, await db.ProcessedUpdates.CountAsync(p => p.Channel == ChannelKind.Max));
        }

        // A kind the desk does not use is taken and ignored; the right secret is taken, once however often it comes.
        Assert.Equal(HttpStatusCode.OK, await PostAsync("""{"update_type":"dialog_muted","timestamp":1764000000000}""", Secret));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(start, Secret));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(start, Secret));
        await bot.Max.WaitForMessageAsync(5302, 1);
        await Task.Delay(500);
        Assert.Single(bot.Max.SentTo(5302));
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(1, await db.ProcessedUpdates.CountAsync(p => p.Channel == ChannelKind.Max));
        }

        Assert.Single(bot.Logs, l => l.Contains("MAX webhook: a request from", StringComparison.Ordinal));
        Assert.Single(bot.Logs, l => l.Contains("MAX webhook: a request whose body", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs, l => l.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Max:WebhookSecret", "abcd", "Max:WebhookSecret")]
    [InlineData("Max:WebhookSecret", "has spaces in it", "Max:WebhookSecret")]
    [InlineData("Max:WebhookSecret", "", "Max:WebhookSecret")]
    [InlineData("Max:WebhookUrl", "https://support.example.ru:8443/hooks/max", "Max:WebhookUrl")]
    [InlineData("Max:WebhookUrl", "http://support.example.ru/hooks/max", "Max:WebhookUrl")]
    [InlineData("Max:WebhookUrl", "https://support.example.ru/hooks/telegram", "Max:WebhookUrl")]
    [InlineData("Max:Mode", "Push", "Max:Mode")]
    [InlineData("Max:WebhookCheckInterval", "1.00:00:00", "Max:WebhookCheckInterval")]
    [InlineData("Max:WebhookSecret", "abcdef\n", "Max:WebhookSecret")]
    [InlineData("Max:WebhookUrl", "https://support.example.ru/hooks/max#frag", "Max:WebhookUrl")]
    public async Task BadMaxWebhookSettings_StopStartUp_NamingTheKey_NeverThePrintedSecret(string key, string value, string named)
    {
        var settings = Webhooks(Hardening.OperationsTests.FreePort());
        settings["Telegram:WebhookUrl"] = "https://support.example.ru/hooks/telegram";
        settings[key] = value;
        var error = await Assert.ThrowsAsync<ChatSupport.Domain.Configuration.SupportConfigurationException>(() => BotHarness.StartAsync(settings, withMax: true));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        if (key == "Max:WebhookSecret" && value.Length > 0)
        {
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }
}
