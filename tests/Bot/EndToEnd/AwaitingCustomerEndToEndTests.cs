using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>«Ждёт ответа клиента» through Telegram on the fake clock: /wait, the reminder, the answer, the button, the close.</summary>
public sealed class AwaitingCustomerEndToEndTests
{
    [Fact]
    public async Task Wait_Reminder_Answer_ThenButton_AndCloseWithoutAnswer()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4101);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Не проходит обмен", "2 — серьёзные");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();

        // The question: to the customer, the holder told what happens next, the card says so.
        var mark = bot.Api.Calls.Count;
        bot.Api.UserSends(Ivan, "/wait 1 Какая версия платформы?\nИ когда началось?", "Иван");
        var asked = await anna.NextAsync();
        Assert.Equal(
            "❓ Инженер Иван Петров по заявке #1 ждёт вашего ответа:\nКакая версия платформы?\nИ когда началось?\n\nОтветьте, пожалуйста, на это сообщение — ответ сразу дойдёт до инженера.",
            FakeBotApi.TextOf(asked));
        var told = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("⏳ #1", StringComparison.Ordinal), what: "tell Ivan", after: mark);
        Assert.Equal(
            "⏳ #1 ждёт ответа клиента. Ответ придёт вам, и заявка вернётся в работу; без ответа клиенту напомним через 1 день, а через 5 дней заявка закроется.",
            FakeBotApi.TextOf(told));
        var card = await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).Contains("Ждёт ответа клиента"), what: "edit the card", after: mark);
        Assert.Contains("⏳ Ждёт ответа клиента (Иван Петров), с 25.11.2026 18:30 МСК", FakeBotApi.TextOf(card));

        // A manager's digest counts it.
        var digest = await olga.SendAsync("/digest 2026-11-25");
        Assert.Contains("Сейчас ждут ответа клиента: 1 (#1 Иван Петров · 0 мин)", FakeBotApi.TextOf(digest));

        // No answer for a day: one reminder quoting the question and the day it would close.
        var before = anna.Received;
        bot.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(2));
        await Task.Delay(300);
        Assert.Equal(before, anna.Received);
        bot.Clock.Advance(TimeSpan.FromMinutes(3));
        var reminder = await anna.NextAsync();
        Assert.Equal(
            "⏳ Напоминаем: по заявке #1 инженер ждёт вашего ответа:\n«Какая версия платформы?\nИ когда началось?»\n\nБез ответа заявка будет закрыта 30.11.2026 18:30 МСК. Если вопрос уже не актуален, ничего делать не нужно — заявка закроется сама.",
            FakeBotApi.TextOf(reminder));
        bot.Clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(300);

        // The answer: stored, relayed, and the ticket is back with Ivan.
        mark = bot.Api.Calls.Count;
        var added = await anna.SendAsync("8.3.24, со вчерашнего вечера");
        Assert.Equal("Добавил ваше сообщение к заявке #1. Инженер его увидит.", FakeBotApi.TextOf(added));
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "↩ Клиент ответил по #1 — заявка снова в работе у вас.", what: "tell Ivan it is back", after: mark);
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "#1 · Анна (ООО Ромашка):\n8.3.24, со вчерашнего вечера", what: "relay the answer", after: mark);
        await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).Contains("🛠 В работе у Иван Петров"), what: "card back in progress", after: mark);
        await using (var db = bot.OpenDatabase())
        {
            var t = await db.Tickets.SingleAsync();
            Assert.Equal(TicketStatus.InProgress, t.Status);
            Assert.Null(t.AwaitingSince);
        }

        // A /reply that is a question: the button under «Отправлено клиенту» starts the wait.
        mark = bot.Api.Calls.Count;
        bot.Api.UserSends(Ivan, "/reply 1 Спасибо! Пришлите, пожалуйста, лог обмена.", "Иван");
        await anna.NextAsync();
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "✓ Отправлено клиенту по #1.", what: "confirm the reply", after: mark);
        mark = bot.Api.Calls.Count;
        ivan.Tap("Ждать ответа клиента");
        var notice = await bot.Api.WaitForAsync(c => c.Method == "answerCallbackQuery", what: "answer the press", after: mark);
        Assert.Equal("#1 ждёт ответа клиента", notice.Body["text"]?.GetValue<string>());
        ivan.Tap("Ждать ответа клиента");
        await bot.Api.WaitForNthAsync(c => c.Method == "answerCallbackQuery", 2, what: "answer the second press", after: mark);

        // Five days without an answer: reminded once (the question is the last reply), then closed; both told.
        bot.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var second = await anna.NextAsync();
        Assert.StartsWith("⏳ Напоминаем: по заявке #1 инженер ждёт вашего ответа:\n«Спасибо! Пришлите, пожалуйста, лог обмена.»", FakeBotApi.TextOf(second));
        mark = bot.Api.Calls.Count;
        bot.Clock.Advance(TimeSpan.FromDays(4));
        var closed = await anna.NextAsync();
        Assert.StartsWith(
            "Заявка #1 закрыта: мы не получили ответа на вопрос инженера за 5 дней. Если проблема осталась — создайте новую заявку, мы поможем.\n\nОцените, пожалуйста, работу поддержки",
            FakeBotApi.TextOf(closed));
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "☑ #1 закрыта: клиент не ответил на вопрос за 5 дней.", what: "tell Ivan", after: mark);
        await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).Contains("☑ Закрыта"), what: "close the card", after: mark);

        await using var check = bot.OpenDatabase();
        var ticket = await check.Tickets.SingleAsync();
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        var kinds = await check.Set<TicketEvent>().OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
        Assert.Equal(
            [TicketEventKind.Registered, TicketEventKind.Claimed, TicketEventKind.AskedCustomer, TicketEventKind.CustomerReminded, TicketEventKind.CustomerMessage,
             TicketEventKind.CustomerAnswered, TicketEventKind.EngineerMessage, TicketEventKind.AskedCustomer, TicketEventKind.CustomerReminded, TicketEventKind.Closed,
             TicketEventKind.SatisfactionAsked],
            kinds);
        var messages = await check.Set<TicketMessage>().OrderBy(m => m.Id).Select(m => m.Author).ToListAsync();
        Assert.Equal([TicketAuthor.Engineer, TicketAuthor.Customer, TicketAuthor.Engineer], messages);
    }

    [Fact]
    public async Task Wait_ByAnotherEngineer_OrWithoutAQuestion_IsRefusedClearly()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4102);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var maria = new FakeUser(bot.Api, Maria, "Мария");
        await RegisterAsync(anna, "Проблема", "3 — неудобство");

        Assert.Equal("Сначала возьмите заявку #1 в работу: /claim 1", FakeBotApi.TextOf(await ivan.SendAsync("/wait 1 Вопрос?")));
        await ivan.SendAsync("/claim 1");
        Assert.Equal("Заявку #1 ведёт Иван Петров: спрашивать клиента по ней может только он или менеджер.", FakeBotApi.TextOf(await maria.SendAsync("/wait 1 Вопрос?")));
        Assert.Equal("Формат: /wait 12 вопрос клиенту", FakeBotApi.TextOf(await ivan.SendAsync("/wait 1")));
        Assert.Equal("Заявки #9 нет. Очередь — /queue.", FakeBotApi.TextOf(await ivan.SendAsync("/wait 9 Вопрос?")));

        await using var check = bot.OpenDatabase();
        Assert.Equal(TicketStatus.InProgress, (await check.Tickets.SingleAsync()).Status);
        Assert.False(await check.Set<TicketEvent>().AnyAsync(e => e.Kind == TicketEventKind.AskedCustomer));
    }
}
