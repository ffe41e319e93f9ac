using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>/assign and /reassign: the reaction counts when the assignee takes the ticket; handovers tell everyone.</summary>
public sealed class AssignEndToEndTests
{
    private static bool IsPing(ApiCall c) =>
        c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("⏰", StringComparison.Ordinal);

    [Fact]
    public async Task AssignedWaitingTicket_PingsGoOn_TheReactionIsTheAssigneesTake()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4801);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var maria = new FakeUser(bot.Api, Maria, "Мария");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Сервер лежит", "1 — ПО не работает");

        Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(await ivan.SendAsync("/assign 1 Мария")));
        var choose = await olga.SendAsync("/assign 1");
        Assert.Equal("Кому назначить заявку #1? 🟢 — на дежурстве.", FakeBotApi.TextOf(choose));
        Assert.Contains("Мария Сидорова", FakeBotApi.ButtonsOf(choose).Keys);
        Assert.Equal("Не нашёл такого сотрудника. Формат: /assign 1 Иван Петров (имя, слово из него, @username или Telegram id) — или /assign 1 и выберите кнопкой.",
            FakeBotApi.TextOf(await olga.SendAsync("/assign 1 Пётр")));

        var assigned = await olga.PressAsync("Мария Сидорова");
        Assert.StartsWith("📌 #1 назначена: Мария Сидорова. Реакция будет учтена, когда сотрудник нажмёт «Беру»", FakeBotApi.TextOf(assigned));
        var toMaria = await maria.NextAsync();
        Assert.StartsWith("📌 Ольга Орлова назначает вам заявку #1 · 🔴 уровень 1 · ООО Ромашка\nСервер лежит\nРеакция: до 25.11.2026 22:30 МСК.", FakeBotApi.TextOf(toMaria));
        Assert.Equal(["✋ Беру", "↩ Не могу взять"], FakeBotApi.ButtonsOf(toMaria).Keys);
        var card = await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).Contains("📌 Назначена: Мария Сидорова — ждёт «Беру»", StringComparison.Ordinal), what: "show the assignment on the card");
        Assert.Contains("⏳ Ждёт инженера", FakeBotApi.TextOf(card));
        Assert.Equal("Заявка #1 уже назначена: Мария Сидорова.", FakeBotApi.TextOf(await olga.SendAsync("/assign 1 Мария")));

        // Not taken yet: the 50% ping comes as for any waiting ticket (2 h into the 4 h).
        await bot.AdvanceAsync(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5));
        await bot.Api.WaitForAsync(IsPing, what: "ping at 50% though assigned");

        var taken = await maria.PressAsync("✋ Беру");
        Assert.StartsWith("Вы взяли #1 (реакция в срок)", FakeBotApi.TextOf(taken));
        await using var db = bot.OpenDatabase();
        var ticket = await db.Tickets.Include(t => t.Events).SingleAsync();
        Assert.Equal((TicketStatus.InProgress, "3002", (string?)null), (ticket.Status, ticket.HolderId, ticket.AssigneeId));
        Assert.Equal(BotHarness.Start + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5), ticket.ReactedAt!.Value.ToDateTimeOffset(), TimeSpan.FromMinutes(1));
        Assert.Equal(
            [TicketEventKind.Registered, TicketEventKind.Assigned, TicketEventKind.Escalated, TicketEventKind.Claimed],
            ticket.Events.OrderBy(e => e.Id).Select(e => e.Kind).Where(k => k is not TicketEventKind.CustomerMessage));
    }

    [Fact]
    public async Task HeldTicket_AssignedElsewhere_PassesAtOnce_AndReassignMovesTheRest()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4802);
        var boris = new FakeUser(bot.Api, 4803, "Борис");
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var maria = new FakeUser(bot.Api, Maria, "Мария");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Не печатаются счета", "3 — неудобство");
        await RegisterAsync(boris, "Медленно открывается отчёт", "3 — неудобство");
        await RegisterAsync(boris, "Вопрос по лицензии", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await ivan.SendAsync("/claim 2");
        await olga.SendAsync("/assign 3 Иван");

        var handed = await olga.SendAsync("/assign 1 Мария");
        Assert.Equal("📌 #1 передана: Иван Петров → Мария Сидорова.", FakeBotApi.TextOf(handed));
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "↪ Заявку #1 теперь ведёт Мария Сидорова (решение менеджера: Ольга Орлова).", what: "tell Ivan");
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Maria && FakeBotApi.TextOf(c).StartsWith("📌 Ольга Орлова передаёт вам заявку #1 · ООО Ромашка (предыдущий исполнитель: Иван Петров).", StringComparison.Ordinal), what: "tell Maria");
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == anna.Id && FakeBotApi.TextOf(c) == "Вашу заявку #1 теперь ведёт инженер Мария Сидорова.", what: "tell the customer");

        // Ivan leaves: his held #2 and the #3 assigned to him go to Maria.
        var moved = await olga.SendAsync("/reassign Иван Мария");
        Assert.Equal("🔁 Передача заявок: Иван Петров → Мария Сидорова.\nВ работе: #2.\nНазначены, ждут «Беру»: #3.", FakeBotApi.TextOf(moved));
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "↪ Заявка #3 назначена другому сотруднику: Мария Сидорова (решение менеджера: Ольга Орлова). Брать её не нужно.", what: "tell Ivan his assignment moved");
        Assert.Equal("Открытых заявок нет: Иван Петров.", FakeBotApi.TextOf(await olga.SendAsync("/reassign Иван Мария")));
        var mark = bot.Api.Calls.Count;
        await maria.SendAsync("/reassign Мария Иван");
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Maria && FakeBotApi.TextOf(c) == "Эта команда доступна только менеджерам поддержки.", what: "refuse an engineer", after: mark);

        await using var db = bot.OpenDatabase();
        var all = await db.Tickets.Include(t => t.Events).OrderBy(t => t.Number).ToListAsync();
        Assert.Equal(["3002", "3002", null], all.Select(t => t.HolderId));
        Assert.Equal((string?)"3002", all[2].AssigneeId);
        Assert.Null(all[2].ReactedAt);
        Assert.Equal("Иван Петров", all[0].Events.Single(e => e.Kind == TicketEventKind.Assigned).Data.Holder);
    }

    [Fact]
    public async Task TheAssigneeDeclines_TheTicketWaitsForAnyoneAgain_EveryoneConcernedIsTold()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4804);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var maria = new FakeUser(bot.Api, Maria, "Мария");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Не проходит оплата", "2 — серьёзные");
        await olga.SendAsync("/assign 1 Мария");
        await maria.NextAsync();

        var declined = await maria.PressAsync("↩ Не могу взять");
        Assert.Equal("↩ Вы отказались от заявки #1. Дежурный чат и менеджеры предупреждены: её возьмёт другой инженер.", FakeBotApi.TextOf(declined));
        const string Told = "↩ Мария Сидорова не может взять #1 — заявка снова ждёт любого инженера. Назначить другого: /assign 1";
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c) == Told, what: "tell the duty chat");
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Managers && FakeBotApi.TextOf(c) == Told, what: "tell the managers");
        var card = await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🟠 #1", StringComparison.Ordinal) && !FakeBotApi.TextOf(c).Contains("📌", StringComparison.Ordinal), what: "take the assignment off the card");
        Assert.Contains("⏳ Ждёт инженера", FakeBotApi.TextOf(card));

        // Pressed again (or after someone took it): nothing to decline, said plainly.
        Assert.Equal("Заявка #1 уже не назначена вам — отказываться не от чего.", FakeBotApi.TextOf(await maria.PressAsync("↩ Не могу взять")));
        Assert.StartsWith("Вы взяли #1", FakeBotApi.TextOf(await ivan.SendAsync("/claim 1")));
        await using var db = bot.OpenDatabase();
        var ticket = await db.Tickets.Include(t => t.Events).SingleAsync();
        Assert.Equal(("3001", (string?)null), (ticket.HolderId, ticket.AssigneeId));
        Assert.Equal("Мария Сидорова", ticket.Events.Single(e => e.Kind == TicketEventKind.AssignmentDeclined).Data.Assignee);
    }
}
