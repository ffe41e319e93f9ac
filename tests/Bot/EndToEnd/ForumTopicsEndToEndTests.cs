using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>A topic per ticket in a forum duty chat, through the real Telegram.Bot client and a fake Bot API that checks like Telegram.</summary>
public sealed class ForumTopicsEndToEndTests
{
    private static bool InDuty(ApiCall c) => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty;

    private static Task WaitForTopicsAsync(BotHarness bot, bool available) =>
        Eventually.TrueAsync(() => Task.FromResult(bot.Services.GetRequiredService<TopicSupport>().Available == available), $"topics {(available ? "on" : "off")}");

    [Fact]
    public async Task ATicketsWholeLife_InItsOwnTopic_AcrossARestart()
    {
        await using var api = await FakeBotApi.StartAsync();
        api.MakeForum(Duty);
        var settings = StaffSettings();
        // A whole life in a few seconds is more than Telegram's 20 messages a minute in one group; the limit has its own tests.
        settings["Telegram:GroupPerMinute"] = "600";
        await using var bot = await BotHarness.StartAsync(settings, api: api);
        await WaitForTopicsAsync(bot, available: true);
        var anna = new FakeUser(bot.Api, 4301);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");

        // Registered: a red topic named after the ticket, the card its first message; the level-1 ping stays in General with a link.
        await RegisterAsync(anna, "Сервер не отвечает", "1 — ПО не работает");
        var created = await bot.Api.WaitForAsync(c => c.Method == "createForumTopic", what: "create the topic");
        Assert.Equal("🔴 #1 · ООО Ромашка · до 22:30 МСК", created.Body["name"]!.ToString());
        Assert.Equal(0xFB6F5F, created.Body["icon_color"]!.GetValue<int>());
        var thread = Assert.Single(bot.Api.TopicsOf(Duty)).ThreadId;
        var card = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("🔴 #1 · Уровень 1", StringComparison.Ordinal), what: "the card");
        Assert.Equal(thread, FakeBotApi.ThreadOf(card));
        var ping = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("🔴 Критичная заявка #1", StringComparison.Ordinal), what: "the level-1 ping");
        Assert.Null(FakeBotApi.ThreadOf(ping));
        Assert.EndsWith($"\n🔗 https://t.me/c/1/{thread}", FakeBotApi.TextOf(ping));

        // The customer writes: into the topic (nobody holds it yet), with the claim button.
        var mark = bot.Api.Calls.Count;
        await anna.SendAsync("Лог приложу позже");
        var relayed = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("✉ #1", StringComparison.Ordinal), what: "relay into the topic", after: mark);
        Assert.Equal(thread, FakeBotApi.ThreadOf(relayed));
        Assert.Equal("✉ #1: клиент Анна (ООО Ромашка) дописал:\nЛог приложу позже", FakeBotApi.TextOf(relayed));

        // Maria writes in the topic: an internal note, and the topic is told so.
        mark = bot.Api.Calls.Count;
        bot.Api.UserSendsInTopic(Maria, Duty, thread, "Похоже на прошлый сбой с сертификатом", "Мария");
        var note = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("🔒", StringComparison.Ordinal), what: "the note's answer", after: mark);
        Assert.Equal("🔒 Ваши сообщения в теме #1 — внутренние заметки: клиент их не видит. Чтобы ответить клиенту, возьмите заявку: /claim 1", FakeBotApi.TextOf(note));
        Assert.Equal(thread, FakeBotApi.ThreadOf(note));
        bot.Api.UserSendsInTopic(Maria, Duty, thread, "Проверила: сертификат истёк вчера", "Мария");
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.Set<TicketMessage>().CountAsync(m => m.Author == TicketAuthor.Internal) == 2;
        }, "the second note is kept");
        Assert.Single(bot.Api.Calls, c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("🔒", StringComparison.Ordinal));

        // Ivan takes it with the card's button in the topic: the topic is renamed once.
        mark = bot.Api.Calls.Count;
        bot.Api.UserPresses(Ivan, card.MessageId!.Value, "claim:1", "Иван", chatId: Duty, threadId: thread);
        await anna.NextAsync();
        var renamed = await bot.Api.WaitForAsync(c => c.Method == "editForumTopic", what: "rename on claim", after: mark);
        Assert.Equal("🔴 #1 · ООО Ромашка · 🛠 Иван Петров", renamed.Body["name"]!.ToString());

        // Ivan's plain message in the topic goes to the customer; the confirmation stays in the topic.
        mark = bot.Api.Calls.Count;
        bot.Api.UserSendsInTopic(Ivan, Duty, thread, "Перезапустите службу, пожалуйста", "Иван");
        Assert.Equal("💬 Инженер Иван Петров по заявке #1:\nПерезапустите службу, пожалуйста", FakeBotApi.TextOf(await anna.NextAsync()));
        var sent = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c) == "✓ Отправлено клиенту по #1.", what: "confirm in the topic", after: mark);
        Assert.Equal(thread, FakeBotApi.ThreadOf(sent));

        // The customer answers; Ivan replies to that relayed message in the topic; nothing goes to Ivan privately (Relay = Topic).
        var privately = bot.Api.SentTo(Ivan).Count;
        mark = bot.Api.Calls.Count;
        await anna.SendAsync("Перезапустила, не помогло");
        var answer = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("✉ #1", StringComparison.Ordinal), what: "relay the answer", after: mark);
        Assert.Equal(thread, FakeBotApi.ThreadOf(answer));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.TrackedMessages.AnyAsync(m => m.MessageId == answer.MessageId!.Value.ToString());
        }, "the relayed answer is tracked");
        bot.Api.UserSendsInTopic(Ivan, Duty, thread, "Пришлите лог, пожалуйста", "Иван", replyTo: answer.MessageId);
        Assert.Equal("💬 Инженер Иван Петров по заявке #1:\nПришлите лог, пожалуйста", FakeBotApi.TextOf(await anna.NextAsync()));
        Assert.Equal(privately, bot.Api.SentTo(Ivan).Count);

        // After a restart the topic is still the ticket's: a command typed in it is answered in it, the name follows.
        await bot.RestartAsync();
        await WaitForTopicsAsync(bot, available: true);
        mark = bot.Api.Calls.Count;
        bot.Api.UserSendsInTopic(Ivan, Duty, thread, "/wait 1 Какая версия платформы?", "Иван");
        await anna.NextAsync();
        var waiting = await bot.Api.WaitForAsync(c => c.Method == "editForumTopic", what: "rename on wait", after: mark);
        Assert.Equal("🔴 #1 · ООО Ромашка · ⏳ ждёт клиента", waiting.Body["name"]!.ToString());
        var told = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("⏳ #1 ждёт ответа клиента", StringComparison.Ordinal), what: "answer in the topic", after: mark);
        Assert.Equal(thread, FakeBotApi.ThreadOf(told));

        // Resolved, confirmed: renamed, then closed.
        bot.Api.UserSendsInTopic(Ivan, Duty, thread, "/resolve 1 Обновили сертификат", "Иван");
        await anna.NextAsync();
        await anna.PressAsync("Да, закрыть");
        await Eventually.TrueAsync(() => Task.FromResult(bot.Api.TopicsOf(Duty).Single().Closed), "close the topic");
        Assert.Equal("🔴 #1 · ООО Ромашка · ☑ закрыта", bot.Api.TopicsOf(Duty).Single().Name);
        var names = bot.Api.Calls.Where(c => c.Method == "editForumTopic").Select(c => c.Body["name"]!.ToString()).ToList();
        Assert.Equal(["🔴 #1 · ООО Ромашка · 🛠 Иван Петров", "🔴 #1 · ООО Ромашка · ⏳ ждёт клиента", "🔴 #1 · ООО Ромашка · ✅ решена", "🔴 #1 · ООО Ромашка · ☑ закрыта"], names);
        Assert.DoesNotContain(bot.Api.Calls, c => c.Status != 200 && c.Method is "createForumTopic" or "editForumTopic" or "closeForumTopic" or "sendMessage");

        await using var check = bot.OpenDatabase();
        var ticket = await check.Tickets.Include(t => t.Messages).SingleAsync();
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(
            [(TicketAuthor.Customer, "Лог приложу позже"), (TicketAuthor.Internal, "Похоже на прошлый сбой с сертификатом"), (TicketAuthor.Internal, "Проверила: сертификат истёк вчера"), (TicketAuthor.Engineer, "Перезапустите службу, пожалуйста"),
             (TicketAuthor.Customer, "Перезапустила, не помогло"), (TicketAuthor.Engineer, "Пришлите лог, пожалуйста"), (TicketAuthor.Engineer, "Какая версия платформы?")],
            ticket.Messages.OrderBy(m => m.Id).Select(m => (m.Author, m.Text)));
    }

    [Fact]
    public async Task WithoutTheRight_TodaysBehaviour_AndARefusedCallTurnsTopicsOff()
    {
        await using var api = await FakeBotApi.StartAsync();
        api.MakeForum(Duty, canManageTopics: false);
        await using var bot = await BotHarness.StartAsync(StaffSettings(), api: api);
        await Eventually.TrueAsync(() => Task.FromResult(bot.Services.GetRequiredService<TopicSupport>().Status.Contains("may not manage topics", StringComparison.Ordinal)), "the check finds no right");
        var anna = new FakeUser(bot.Api, 4302);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");

        await RegisterAsync(anna, "Не работает отчёт", "3 — неудобство");
        var card = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("🟢 #1", StringComparison.Ordinal), what: "the card in the chat");
        Assert.Null(FakeBotApi.ThreadOf(card));
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await anna.SendAsync("Вот ещё подробности");
        var relayed = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("#1 ·", StringComparison.Ordinal), what: "relay privately");
        Assert.Equal("#1 · Анна (ООО Ромашка):\nВот ещё подробности", FakeBotApi.TextOf(relayed));
        Assert.DoesNotContain(bot.Api.Calls, c => c.Method == "createForumTopic");

        // The right given, then taken away again: the next ticket's topic call is refused, the card still arrives (in
        // General), and topics are off until the right is back.
        api.SetTopicRights(Duty, true);
        await bot.RestartAsync();
        await WaitForTopicsAsync(bot, available: true);
        api.SetTopicRights(Duty, false);
        var boris = new FakeUser(bot.Api, 4303, "Борис");
        await RegisterAsync(boris, "Ошибка при входе", "2 — серьёзные");
        await bot.Api.WaitForAsync(c => c.Method == "createForumTopic" && c.Status == 400, what: "a refused topic call");
        var second = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("🟠 #2", StringComparison.Ordinal), what: "the card in General");
        Assert.Null(FakeBotApi.ThreadOf(second));
        await WaitForTopicsAsync(bot, available: false);
        Assert.Empty(bot.Api.TopicsOf(Duty));
    }

    [Fact]
    public async Task RelayBoth_ReachesTopicAndHolder_AndATopicDeletedByHand_FallsBackToGeneral()
    {
        await using var api = await FakeBotApi.StartAsync();
        api.MakeForum(Duty);
        var settings = StaffSettings();
        settings["Support:Relay"] = "Both";
        await using var bot = await BotHarness.StartAsync(settings, api: api);
        await WaitForTopicsAsync(bot, available: true);
        var anna = new FakeUser(bot.Api, 4304);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Медленно работает", "3 — неудобство");
        await bot.Api.WaitForAsync(c => c.Method == "createForumTopic", what: "create the topic");
        var thread = Assert.Single(bot.Api.TopicsOf(Duty)).ThreadId;
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();

        // Both: into the topic and to Ivan privately.
        var mark = bot.Api.Calls.Count;
        await anna.SendAsync("Особенно по утрам");
        var inTopic = await bot.Api.WaitForAsync(c => InDuty(c) && FakeBotApi.TextOf(c).StartsWith("✉ #1", StringComparison.Ordinal), what: "relay into the topic", after: mark);
        Assert.Equal(thread, FakeBotApi.ThreadOf(inTopic));
        var privately = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("#1 ·", StringComparison.Ordinal), what: "relay privately", after: mark);
        Assert.Equal("#1 · Анна (ООО Ромашка):\nОсобенно по утрам", FakeBotApi.TextOf(privately));

        // Someone deletes the topic: the next message is refused there and goes to the general topic instead of nowhere.
        api.DeleteTopic(Duty, thread);
        mark = bot.Api.Calls.Count;
        await anna.SendAsync("И вечером тоже");
        await bot.Api.WaitForAsync(c => InDuty(c) && c.Status == 400 && FakeBotApi.ThreadOf(c) == thread, what: "refused in the deleted topic", after: mark);
        var general = await bot.Api.WaitForAsync(c => InDuty(c) && c.Status == 200 && FakeBotApi.TextOf(c).Contains("И вечером тоже", StringComparison.Ordinal), what: "the relay in General", after: mark);
        Assert.Null(FakeBotApi.ThreadOf(general));
        Assert.True(bot.Services.GetRequiredService<TopicSupport>().Available);
    }
}
