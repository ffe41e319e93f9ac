using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>
/// A mass incident: one card for its tickets, the customer's one button, taking it claims each ticket (a reaction for
/// each), its news reaches every customer within the messenger's limits, closing it resolves each with its own events.
/// </summary>
public sealed class IncidentEndToEndTests(ITestOutputHelper output)
{
    private const string Title = "Не работает вход в личный кабинет";

    /// <summary>Low enough that 30 messages cannot go within one second: the pace is the outbox's, not luck.</summary>
    private const int GlobalPerSecond = 10;

    private static bool ToDuty(ApiCall c) => FakeBotApi.ChatIdOf(c) == Duty;

    [Fact]
    public async Task ThirtyTickets_OneCard_ClaimedOneByOne_NewsWithinLimits_ClosedWithTheirOwnEvents()
    {
        var settings = StaffSettings();
        settings["Telegram:GlobalPerSecond"] = GlobalPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Telegram:GroupPerMinute"] = "1000";
        await using var bot = await BotHarness.StartAsync(settings);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var maria = new FakeUser(bot.Api, Maria, "Мария");
        var customers = Enumerable.Range(0, 30).Select(i => new FakeUser(bot.Api, 6100 + i, $"Клиент{i}")).ToList();

        Assert.Equal("Открытого сбоя нет. Открыть: /incident open что случилось", FakeBotApi.TextOf(await ivan.SendAsync("/incident")));
        Assert.StartsWith($"🚨 Сбой №1 «{Title}» открыт.", FakeBotApi.TextOf(await ivan.SendAsync($"/incident open {Title}")));
        Assert.StartsWith($"Уже открыт сбой №1 «{Title}»", FakeBotApi.TextOf(await maria.SendAsync("/incident open Второй сбой")));
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && ToDuty(c) && FakeBotApi.TextOf(c).StartsWith($"🚨 Сбой №1: {Title}", StringComparison.Ordinal), what: "post the incident's card");
        Assert.Equal(["✋ Взять сбой в работу"], FakeBotApi.ButtonsOf(card).Keys);

        // The first customer is told at once, and links the new ticket with one button.
        var first = customers[0];
        var prompt = await first.SendAsync("/new");
        Assert.StartsWith($"⚠️ Сейчас идёт сбой: «{Title}». Мы знаем о нём и работаем над ним.", FakeBotApi.TextOf(prompt));
        await first.SendAsync("ООО Ромашка");
        await first.PressAsync("Диагностика");
        await first.SendAsync("Не могу войти");
        await first.PressAsync("Готово");
        await first.PressAsync("1 — ПО не работает");
        var registered = await first.PressAsync("Зарегистрировать");
        Assert.Contains($"⚠️ Мы знаем о сбое «{Title}» и работаем над ним.", FakeBotApi.TextOf(registered));
        var joined = await first.PressAsync("🔗 Моя заявка — об этом сбое");
        Assert.Equal($"🔗 Заявка #1 присоединена к сбою «{Title}». Новости о нём придут сюда; срок реакции по вашей заявке прежний.", FakeBotApi.TextOf(joined));
        await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && ToDuty(c) && FakeBotApi.TextOf(c).StartsWith("🔗 🔴 #1 · уровень 1", StringComparison.Ordinal) && FakeBotApi.TextOf(c).Contains("В сбое №1", StringComparison.Ordinal), what: "fold #1's card");

        // 29 more registered as usual, then linked by an engineer in one command.
        for (var i = 1; i < customers.Count; i++)
        {
            await RegisterAsync(customers[i], $"Вход не работает ({i})", i % 2 == 0 ? "2 — серьёзные" : "1 — ПО не работает");
        }

        var link = await ivan.SendAsync("/incident link " + string.Join(' ', Enumerable.Range(1, 30)) + " 999");
        Assert.StartsWith("🔗 К сбою №1 присоединены: #2, #3,", FakeBotApi.TextOf(link));
        Assert.Contains("Уже в сбое: #1.", FakeBotApi.TextOf(link));
        Assert.EndsWith("#999 — нет такой заявки.", FakeBotApi.TextOf(link));
        await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && ToDuty(c) && FakeBotApi.TextOf(c).Contains("Заявок открыто: 30 — ждут инженера: 30, в работе: 0", StringComparison.Ordinal), what: "count 30 on the incident's card");

        // Taking the incident claims each ticket: 30 reactions, each customer told.
        bot.Clock.Advance(TimeSpan.FromMinutes(20));
        var claimAt = bot.Clock.GetUtcNow();
        var claimed = FakeBotApi.TextOf(await maria.SendAsync("/incident claim"));
        Assert.StartsWith("✋ Вы взяли сбой №1 и его заявки: #1, #2,", claimed);
        Assert.Contains("реакция записана по каждой (30 в срок, 0 с опозданием). Клиентам сообщено.", claimed);
        foreach (var customer in customers)
        {
            await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == customer.Id && FakeBotApi.TextOf(c).StartsWith("Инженер Мария Сидорова взял вашу заявку #", StringComparison.Ordinal), what: $"tell {customer.Id} it was taken");
        }

        // The news: once to each of the 30, never more than the limit in a second.
        var mark = bot.Api.Calls.Count;
        Assert.StartsWith("📢 Новости о сбое №1 уходят клиентам заявок #1, #2,", FakeBotApi.TextOf(await maria.SendAsync("/incident update Нашли причину, восстановим к 20:00 МСК.")));
        List<ApiCall> news = [];
        await Eventually.TrueAsync(() =>
        {
            news = [.. bot.Api.Calls.Skip(mark).Where(c => c.Method == "sendMessage" && FakeBotApi.TextOf(c).StartsWith($"📢 Новости о сбое «{Title}»", StringComparison.Ordinal))];
            return Task.FromResult(news.Count >= 30);
        }, "the news reaches all 30 customers", TimeSpan.FromSeconds(60));
        Assert.Equal(customers.Select(c => c.Id).Order(), news.Select(FakeBotApi.ChatIdOf).Order());
        var times = news.Select(c => c.At).Order().ToList();
        var mostInASecond = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(100)).Count()).Max();
        output.WriteLine($"30 news messages in {(times[^1] - times[0]).TotalSeconds:F2} s, at most {mostInASecond} within 0.9 s (limit {GlobalPerSecond}/s)");
        Assert.True(mostInASecond <= GlobalPerSecond, $"{mostInASecond} messages went within a second");
        Assert.Contains(news, c => FakeBotApi.TextOf(c) == $"📢 Новости о сбое «{Title}» (ваша заявка #7):\n\nНашли причину, восстановим к 20:00 МСК.");

        // Closing asks first, in the duty chat; only the asker (or a manager) answers.
        mark = bot.Api.Calls.Count;
        bot.Api.UserSends(Maria, "/incident close Вход восстановлен: истёк сертификат, заменили.", "Мария", chatId: Duty, chatType: "supergroup");
        var question = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && ToDuty(c) && FakeBotApi.TextOf(c).StartsWith($"Закрыть сбой №1 «{Title}»?", StringComparison.Ordinal), what: "ask before closing", after: mark);
        Assert.Equal(["✅ Да, закрыть", "Отмена"], FakeBotApi.ButtonsOf(question).Keys);
        var yes = FakeBotApi.ButtonsOf(question)["✅ Да, закрыть"];
        mark = bot.Api.Calls.Count;
        bot.Api.UserPresses(Ivan, question.MessageId!.Value, yes, "Иван", chatId: Duty);
        var refusal = await bot.Api.WaitForAsync(c => c.Method == "answerCallbackQuery", what: "refuse Ivan's press", after: mark);
        Assert.Equal("Ответить на этот вопрос может тот, кто закрывает сбой, или менеджер.", refusal.Body["text"]?.GetValue<string>());
        mark = bot.Api.Calls.Count;
        bot.Api.UserPresses(Maria, question.MessageId!.Value, yes, "Мария", chatId: Duty);
        var closed = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && ToDuty(c) && FakeBotApi.TextOf(c).StartsWith("✅ Сбой №1 закрыт.", StringComparison.Ordinal), what: "say it is closed", after: mark);
        Assert.Contains("(30); клиенты получили итог и вопрос «Проблема решена?».", FakeBotApi.TextOf(closed));
        foreach (var customer in customers)
        {
            var asked = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == customer.Id && FakeBotApi.TextOf(c).StartsWith("Инженер Мария Сидорова отметил заявку #", StringComparison.Ordinal), what: $"ask {customer.Id} if it is solved");
            Assert.Contains("Вход восстановлен: истёк сертификат, заменили.\n\nПроблема решена?", FakeBotApi.TextOf(asked));
        }

        await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && ToDuty(c) && FakeBotApi.TextOf(c).StartsWith($"✅ Сбой №1 закрыт: {Title}", StringComparison.Ordinal), what: "close the incident's card");
        Assert.DoesNotContain("Сейчас идёт сбой", FakeBotApi.TextOf(await customers[0].SendAsync("/new")));

        await using var db = bot.OpenDatabase();
        var all = await db.Tickets.Include(t => t.Events).Include(t => t.Messages).OrderBy(t => t.Number).ToListAsync();
        Assert.Equal(30, all.Count);
        Assert.All(all, t =>
        {
            Assert.Equal((TicketStatus.Resolved, 1L, "3002"), (t.Status, t.IncidentId!.Value, t.HolderId));
            // Its own reaction, at the moment the incident was taken, within its own deadline.
            Assert.Equal(claimAt, t.ReactedAt!.Value.ToDateTimeOffset(), TimeSpan.FromSeconds(5));
            var kinds = t.Events.OrderBy(e => e.Id).Select(e => e.Kind).Where(k => k is not TicketEventKind.CustomerMessage and not TicketEventKind.Escalated).ToList();
            Assert.Equal([TicketEventKind.Registered, TicketEventKind.IncidentLinked, TicketEventKind.Claimed, TicketEventKind.IncidentNews, TicketEventKind.Resolved], kinds);
            Assert.Equal(ReactionOutcome.Met, t.Events.Single(e => e.Kind == TicketEventKind.Claimed).Data.Reaction);
            Assert.Equal("Вход восстановлен: истёк сертификат, заменили.", t.Events.Single(e => e.Kind == TicketEventKind.Resolved).Data.Text);
            Assert.Contains(t.Messages, m => m.Author == TicketAuthor.Engineer && m.Text == "Нашли причину, восстановим к 20:00 МСК.");
        });
        Assert.Equal(ActorKind.Customer, all[0].Events.Single(e => e.Kind == TicketEventKind.IncidentLinked).ActorKind);
        var incident = await db.Incidents.SingleAsync();
        Assert.Equal((false, (int?)null, "Мария Сидорова", 1), (incident.IsOpen, incident.OpenSlot, incident.HolderName, incident.UpdatesSent));
    }

    [Fact]
    public async Task WrongInputs_AreAnsweredPlainly_AReopenedTicketLeaves_AndClosingLeavesNoTicketFolded()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 6201);
        var boris = new FakeUser(bot.Api, 6202, "Борис");
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var maria = new FakeUser(bot.Api, Maria, "Мария");
        await RegisterAsync(anna, "Не работает вход", "2 — серьёзные");
        await RegisterAsync(boris, "Не могу войти", "3 — неудобство");

        Assert.Equal("Эта команда доступна только инженерам поддержки.", FakeBotApi.TextOf(await anna.SendAsync("/incident open Взлом")));
        Assert.StartsWith("Массовый сбой:\n/incident — что с открытым сбоем", FakeBotApi.TextOf(await ivan.SendAsync("/incident open")));
        Assert.StartsWith("Массовый сбой:", FakeBotApi.TextOf(await ivan.SendAsync("/incident link двенадцать")));
        Assert.StartsWith("Название сбоя — до 200 символов", FakeBotApi.TextOf(await ivan.SendAsync("/incident open " + new string('я', 201))));
        Assert.Equal("Открытого сбоя нет. Открыть: /incident open что случилось", FakeBotApi.TextOf(await ivan.SendAsync("/incident update Новости")));
        await ivan.SendAsync($"/incident open {Title}");
        Assert.StartsWith("Текст длиннее 3500 символов", FakeBotApi.TextOf(await ivan.SendAsync("/incident update " + new string('я', 3501))));
        Assert.Equal("В сбое №1 нет открытых заявок — новости отправлять некому.", FakeBotApi.TextOf(await ivan.SendAsync("/incident update Ищем причину")));
        Assert.StartsWith("🔗 К сбою №1 присоединены: #1, #2.", FakeBotApi.TextOf(await ivan.SendAsync("/incident link 1 2")));
        Assert.Equal($"🔗 Заявка #1 присоединена к сбою «{Title}». Новости о нём придут сюда; срок реакции по вашей заявке прежний.", FakeBotApi.TextOf(await anna.NextAsync()));
        Assert.Equal($"🔗 Заявка #2 присоединена к сбою «{Title}». Новости о нём придут сюда; срок реакции по вашей заявке прежний.", FakeBotApi.TextOf(await boris.NextAsync()));

        // Resolved on its own, reopened by the customer: it is their own problem again, with a full card of its own.
        await ivan.SendAsync("/claim 1");
        await ivan.SendAsync("/resolve 1 Перезапустили службу");
        var mark = bot.Api.Calls.Count;
        Assert.StartsWith("📢 Новости о сбое №1 уходят клиентам заявок #2 (1)", FakeBotApi.TextOf(await ivan.SendAsync("/incident update Ищем причину")));
        await boris.NextAsync();
        // The customer's messages go their own way (each chat in its order, chats side by side): the question may come after Ivan's line.
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == anna.Id && FakeBotApi.TextOf(c).EndsWith("Проблема решена?", StringComparison.Ordinal), what: "ask Anna");
        await anna.PressAsync("↩ Нет, открыть снова");
        Assert.DoesNotContain(bot.Api.Calls.Skip(mark), c => FakeBotApi.ChatIdOf(c) == anna.Id && FakeBotApi.TextOf(c).StartsWith("📢", StringComparison.Ordinal));
        Assert.StartsWith("🔁 Клиент открыл #1 снова", FakeBotApi.TextOf(await ivan.NextAsync()));
        await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🟠 #1 · Уровень 2", StringComparison.Ordinal) && FakeBotApi.ButtonsOf(c).ContainsKey("✋ Взять в работу"), what: "a full card for the reopened ticket");
        Assert.Equal("Не в этом сбое: #1.", FakeBotApi.TextOf(await ivan.SendAsync("/incident unlink 1")));

        // #2 is Maria's: an engineer closing the incident cannot resolve it — it leaves the incident with its full card.
        Assert.StartsWith("Вы взяли #2", FakeBotApi.TextOf(await maria.SendAsync("/claim 2")));
        Assert.Equal("✋ Сбой №1 ведёте вы. Ожидающих заявок в нём нет.", FakeBotApi.TextOf(await ivan.SendAsync("/incident claim")));
        Assert.Equal("Сбой №1 уже ведёт Иван Петров, ожидающих заявок в нём нет.", FakeBotApi.TextOf(await maria.SendAsync("/incident claim")));
        var first = await ivan.SendAsync("/incident close Всё восстановлено");
        await ivan.SendAsync("/incident close Всё восстановлено, сертификат заменён");
        mark = bot.Api.Calls.Count;
        bot.Api.UserPresses(Ivan, first.MessageId!.Value, FakeBotApi.ButtonsOf(first)["✅ Да, закрыть"], "Иван");
        var stale = await bot.Api.WaitForAsync(c => c.Method == "answerCallbackQuery", what: "refuse the replaced question", after: mark);
        Assert.Equal("Закрытие этого сбоя не запрашивали (или уже ответили). Закрыть: /incident close текст", stale.Body["text"]?.GetValue<string>());
        Assert.Equal("Сбой №1 не закрыт: заявки остаются как были.", FakeBotApi.TextOf(await ivan.PressAsync("Отмена")));
        await ivan.SendAsync("/incident close Всё восстановлено");
        mark = bot.Api.Calls.Count;
        Assert.Equal(
            "✅ Сбой №1 закрыт. Решены заявки: нет (0); клиенты получили итог и вопрос «Проблема решена?».\nНе решены — отделены от сбоя, у каждой снова своя карточка:\nЗаявку #2 ведёт Мария Сидорова: решить её может только он или менеджер.",
            FakeBotApi.TextOf(await ivan.PressAsync("✅ Да, закрыть")));
        await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🟢 #2 · Уровень 3", StringComparison.Ordinal), what: "unfold #2's card", after: mark);
        await using (var db = bot.OpenDatabase())
        {
            var all = await db.Tickets.Include(t => t.Events).OrderBy(t => t.Number).ToListAsync();
            Assert.All(all, t => Assert.Null(t.IncidentId));
            Assert.All(all, t => Assert.Equal(TicketEventKind.IncidentUnlinked, t.Events.OrderBy(e => e.Id).Last(e => e.Kind is TicketEventKind.IncidentLinked or TicketEventKind.IncidentUnlinked).Kind));
            Assert.Equal((TicketStatus.InProgress, "3002"), (all[1].Status, all[1].HolderId!));
        }

        Assert.Equal("Открытого сбоя нет. Открыть: /incident open что случилось", FakeBotApi.TextOf(await ivan.SendAsync("/incident claim")));
        Assert.StartsWith("🚨 Сбой №2", FakeBotApi.TextOf(await ivan.SendAsync("/incident open Снова не работает вход")));
    }

    [Fact]
    public async Task ARequestLeftUnconfirmedDuringAnIncident_IsRegisteredByTheHour_WithTheSameOneButtonLink()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 6203);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await ivan.SendAsync($"/incident open {Title}");
        Assert.StartsWith("⚠️ Сейчас идёт сбой", FakeBotApi.TextOf(await anna.SendAsync("/new")));
        await anna.SendAsync("ООО Ромашка");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Не входит в кабинет");

        await bot.AdvanceUntilAsync(() => bot.Api.SentTo(anna.Id).Count > 4, TimeSpan.FromMinutes(55), "register the left dialogue");
        var told = await anna.NextAsync();
        Assert.StartsWith("Мы зарегистрировали вашу заявку #1 по тому, что вы успели описать", FakeBotApi.TextOf(told));
        Assert.Contains($"⚠️ Мы знаем о сбое «{Title}» и работаем над ним.", FakeBotApi.TextOf(told));
        Assert.StartsWith("🔗 Заявка #1 присоединена к сбою", FakeBotApi.TextOf(await anna.PressAsync("🔗 Моя заявка — об этом сбое")));
        await using var db = bot.OpenDatabase();
        Assert.Equal(1L, (await db.Tickets.SingleAsync()).IncidentId);
    }
}
