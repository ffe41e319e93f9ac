using System.Net.Http.Json;
using System.Text.Json;
using ChatSupport.Bot.Persistence;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>
/// An engineer who never opened the bot's private chat claims a ticket: Telegram refuses every private message
/// to them (403 «bot can't initiate conversation with a user»). Nothing is lost: the duty chat asks them to open
/// the bot (once an hour), they can work from the duty chat meanwhile, and what was held arrives in order the
/// moment they start the bot.
/// </summary>
public sealed class UnreachableStaffTests
{
    private static readonly string Port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task AnEngineerWhoNeverStartedTheBot_IsToldInTheDutyChat_AndGetsEverythingOnStart()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(StaffSettings()) { ["Health:Port"] = Port });
        bot.Api.RequireStartForPrivateChats = true;
        var anna = new FakeUser(bot.Api, 4101);
        await RegisterAsync(anna, "Не работает выгрузка в 1С", "2 — серьёзные", withPhoto: true);
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty, what: "post the card");

        bot.Api.UserPresses(Ivan, card.MessageId!.Value, "claim:1", "Иван", chatId: Duty);

        Assert.Equal("Инженер Иван Петров взял вашу заявку #1 в работу.", FakeBotApi.TextOf(await anna.NextAsync()));
        var notice = await DutyNoticeAsync(bot, 1);
        Assert.StartsWith("⚠ Иван Петров, я не могу написать вам в личный чат", FakeBotApi.TextOf(notice));
        Assert.Contains("https://t.me/user123456?start=staff", FakeBotApi.TextOf(notice));
        var mention = Assert.Single(notice.Body["entities"]!.AsArray());
        Assert.Equal("text_mention", mention!["type"]!.GetValue<string>());
        Assert.Equal(Ivan, mention["user"]!["id"]!.GetValue<long>());

        // The customer writes twice: held for Ivan, without knocking on the closed chat again, and no second notice within the hour.
        await anna.SendAsync("Ещё: сервер 1С 8.3.24");
        bot.Clock.Advance(TimeSpan.FromMinutes(30));
        await anna.SendAsync("И лог во вложении не нужен");
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.Outbox.CountAsync(o => o.ChatId == "3001" && o.Status == OutboxStatus.Held) == 5;
        }, "hold the claim line, the files' line, the photo and both relays");
        Assert.Single(bot.Api.SentTo(Ivan));
        Assert.Equal(1, DutyNotices(bot));

        // Meanwhile he works from the duty chat.
        var details = await DutySaysAsync(bot, "/ticket 1", c => FakeBotApi.TextOf(c).Contains("Ещё: сервер 1С 8.3.24", StringComparison.Ordinal));
        Assert.StartsWith("🟠 #1", FakeBotApi.TextOf(details));
        await DutySaysAsync(bot, "/reply 1 Смотрю, через 10 минут напишу", c => FakeBotApi.TextOf(c) == "✓ Отправлено клиенту по #1.");
        Assert.Equal("💬 Инженер Иван Петров по заявке #1:\nСмотрю, через 10 минут напишу", FakeBotApi.TextOf(await anna.NextAsync()));

        // The operator sees him at /health and at start-up.
        using (var http = new HttpClient())
        {
            var health = await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{Port}/health"));
            Assert.Equal("Иван Петров", health.GetProperty("unreachableStaff")[0].GetProperty("name").GetString());
            Assert.Equal(5, health.GetProperty("outbox").GetProperty("heldForStaff").GetInt32());
        }

        await bot.RestartAsync();
        Assert.Contains(bot.Logs, l => l.Contains("Иван Петров has not opened the private chat with the bot", StringComparison.Ordinal));

        // An hour after the first notice, the next held message brings a second one.
        bot.Clock.Advance(TimeSpan.FromMinutes(31));
        await anna.SendAsync("Уже час жду");
        var second = await DutyNoticeAsync(bot, 2);
        Assert.Contains("В очереди для вас: 6 сообщений", FakeBotApi.TextOf(second));

        // He opens the bot: everything held arrives, in order, then a line that says so.
        bot.Api.UserSends(Ivan, "/start staff", "Иван");
        await bot.Api.WaitForNthAsync(c => c.Method is "sendMessage" or "sendPhoto" && FakeBotApi.ChatIdOf(c) == Ivan && c.Status == 200, 8, what: "deliver what was held, then answer /start");
        var received = bot.Api.SentTo(Ivan).Where(c => c.Status == 200).Select(FakeBotApi.TextOf).ToList();
        Assert.StartsWith("Вы взяли #1 (реакция в срок)", received[0]);
        Assert.StartsWith("📎 Файлы клиента по #1 (1 файл):", received[1]);
        Assert.Equal("sendPhoto", bot.Api.SentTo(Ivan).Where(c => c.Status == 200).ElementAt(2).Method);
        Assert.Equal("#1 · Анна (ООО Ромашка):\nЕщё: сервер 1С 8.3.24", received[3]);
        Assert.Equal("#1 · Анна (ООО Ромашка):\nИ лог во вложении не нужен", received[4]);
        Assert.Equal("#1 · Анна (ООО Ромашка):\nУже час жду", received[5]);
        Assert.Equal("✅ Теперь я могу писать вам. Выше — всё, что ждало вас: 6 сообщений.", received[6]);
        Assert.StartsWith("Команды", received[7]);

        // A Telegram reply to a relayed message now reaches the customer.
        var relayed = bot.Api.SentTo(Ivan).Where(c => c.Status == 200).ElementAt(5);
        bot.Api.UserReplies(Ivan, relayed.MessageId!.Value, "Вижу, разбираюсь");
        Assert.Equal("💬 Инженер Иван Петров по заявке #1:\nВижу, разбираюсь", FakeBotApi.TextOf(await anna.NextAsync()));
        await using var check = bot.OpenDatabase();
        Assert.False(await check.Outbox.AnyAsync(o => o.Status == OutboxStatus.Held || o.Status == OutboxStatus.Undeliverable));
    }

    private static int DutyNotices(BotHarness bot) =>
        bot.Api.SentTo(Duty).Count(c => FakeBotApi.TextOf(c).StartsWith("⚠ Иван Петров, я не могу", StringComparison.Ordinal));

    private static Task<ApiCall> DutyNoticeAsync(BotHarness bot, int n) =>
        bot.Api.WaitForNthAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("⚠ Иван Петров, я не могу", StringComparison.Ordinal), n, what: $"ask Ivan to open the bot ({n})");

    private static async Task<ApiCall> DutySaysAsync(BotHarness bot, string command, Func<ApiCall, bool> match)
    {
        var mark = bot.Api.Calls.Count;
        bot.Api.UserSends(Ivan, command, "Иван", chatId: Duty, chatType: "supergroup");
        return await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && match(c), what: $"answer {command} in the duty chat", after: mark);
    }

    private static int FreePort() => Hardening.OperationsTests.FreePort();
}
