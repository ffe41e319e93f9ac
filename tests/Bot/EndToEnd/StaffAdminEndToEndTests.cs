using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>/staff: the team changed from the chat, at once, audited; configuration seeds it and wins for whom it names.</summary>
public sealed class StaffAdminEndToEndTests
{
    private const long Petr = 3004;

    [Fact]
    public async Task AManagerAddsAnEngineer_WhoClaimsAtOnce_CannotRemoveThemWhileTheyHoldTickets_ThenRemovesThem()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 5001);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        var petr = new FakeUser(bot.Api, Petr, "Пётр");
        await RegisterAsync(anna, "Не работает обмен", "3 — неудобство");

        Assert.Equal("Эта команда доступна только инженерам поддержки.", FakeBotApi.TextOf(await petr.SendAsync("/claim 1")));
        Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(await ivan.SendAsync("/staff add 3004 engineer Пётр Иванов")));

        var added = await olga.SendAsync("/staff add 3004 engineer Пётр Иванов");
        Assert.StartsWith("✅ В команде: Пётр Иванов — инженер (Telegram id 3004).", FakeBotApi.TextOf(added));
        Assert.Equal("Этот Telegram id уже в команде: Пётр Иванов.", FakeBotApi.TextOf(await olga.SendAsync("/staff add 3004 manager Пётр")));
        Assert.StartsWith("Вы взяли #1", FakeBotApi.TextOf(await petr.SendAsync("/claim 1")));

        var list = FakeBotApi.TextOf(await olga.SendAsync("/staff"));
        Assert.StartsWith("👥 Сотрудники (4):\nОльга Орлова — менеджер · 3003 · из конфигурации\n", list);
        Assert.Contains("Пётр Иванов — инженер · 3004\n", list);

        Assert.Equal("Нельзя убрать: Пётр Иванов ведёт или должен взять заявки #1. Сначала передайте их: /reassign 3004 <кому>", FakeBotApi.TextOf(await olga.SendAsync("/staff remove Пётр")));
        await olga.SendAsync("/reassign Пётр Иван");
        Assert.Equal("↪ Заявку #1 теперь ведёт Иван Петров (решение менеджера: Ольга Орлова).", FakeBotApi.TextOf(await petr.NextAsync()));
        Assert.Equal("🗑 Больше не в команде: Пётр Иванов. Кнопки и команды этого сотрудника больше не действуют.", FakeBotApi.TextOf(await olga.SendAsync("/staff remove Пётр")));
        Assert.Equal("Эта команда доступна только инженерам поддержки.", FakeBotApi.TextOf(await petr.SendAsync("/queue")));
        // A card's button kept from before: refused the same way, and the ticket stays Ivan's.
        bot.Api.UserPresses(Petr, 1, "2:cl:1", "Пётр");
        Assert.Equal("Эта команда доступна только инженерам поддержки.", FakeBotApi.TextOf(await petr.NextAsync()));

        Assert.Equal("Нельзя: Ольга Орлова — единственный менеджер, без менеджера некому управлять командой.", FakeBotApi.TextOf(await olga.SendAsync("/staff role Ольга engineer")));
        Assert.StartsWith("✅ Роль изменена: Мария Сидорова — менеджер. Внимание: сотрудник описан в Support:Staff", FakeBotApi.TextOf(await olga.SendAsync("/staff role Мария manager")));

        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(
                [("added", "3001"), ("added", "3002"), ("added", "3003"), ("added", "3004"), ("removed", "3004"), ("role", "3002")],
                await db.StaffChanges.OrderBy(c => c.Id).Select(c => new ValueTuple<string, string>(c.Action, c.UserId)).ToListAsync());
            Assert.Equal("Ольга Орлова", (await db.StaffChanges.OrderBy(c => c.Id).LastAsync()).ByName);
        }

        // A restart: the configuration wins for the people it names (Maria an engineer again); no one removed comes back.
        await bot.RestartAsync();
        await using var after = bot.OpenDatabase();
        var staff = await after.StaffMembers.OrderBy(m => m.UserId).ToListAsync();
        Assert.Equal([("3001", StaffRole.Engineer), ("3002", StaffRole.Engineer), ("3003", StaffRole.Manager)], staff.Select(m => (m.UserId, m.Role)));
    }

    [Fact]
    public async Task StaffAdd_WithoutAnIdOrAForward_AndAnUnknownVerb_AnswerWithTheUsage()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        Assert.StartsWith("Формат: /staff · /staff add 3004 engineer", FakeBotApi.TextOf(await olga.SendAsync("/staff add engineer Пётр Иванов")));
        Assert.Equal("Формат: /staff · /staff add 3004 engineer Пётр Иванов (Telegram id; или ответьте этой командой без id на сообщение, пересланное от сотрудника) · /staff remove Пётр · /staff role Мария manager",
            FakeBotApi.TextOf(await olga.SendAsync("/staff fire Пётр")));
    }

    [Fact]
    public async Task StaffAdd_AsAReplyToAForwardedMessage_TakesTheSendersId_AHiddenSenderIsExplained()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var olga = new FakeUser(bot.Api, Olga, "Ольга");

        bot.Api.UserRepliesToForward(Olga, "/staff add engineer Семён Козлов", forwardedFrom: null);
        Assert.Equal("Не вижу, чей это аккаунт: пересланное сообщение скрывает отправителя (его настройки приватности). Укажите Telegram id: /staff add 3004 engineer Пётр Иванов",
            FakeBotApi.TextOf(await olga.NextAsync()));

        bot.Api.UserRepliesToForward(Olga, "/staff add engineer Семён Козлов", forwardedFrom: 3005);
        Assert.StartsWith("✅ В команде: Семён Козлов — инженер (Telegram id 3005).", FakeBotApi.TextOf(await olga.NextAsync()));
        var semyon = new FakeUser(bot.Api, 3005, "Семён");
        Assert.Equal("Открытого сбоя нет. Открыть: /incident open что случилось", FakeBotApi.TextOf(await semyon.SendAsync("/incident")));
        await using var db = bot.OpenDatabase();
        var added = await db.StaffMembers.SingleAsync(m => m.UserId == "3005");
        Assert.Equal((StaffRole.Engineer, "Семён Козлов"), (added.Role, added.Name));
    }

    /// <summary>Every command only managers may use, typed by an engineer: one answer each, and nothing in the database moves.</summary>
    [Fact]
    public async Task EveryManagersCommand_ByAnEngineer_IsRefused_AndChangesNothing()
    {
        string[] typed =
        [
            "/digest", "/digest 2026-11-24", "/export 2026-11-01 2026-11-30", "/export", "/duty swap Иван Мария", "/assign 1 Мария", "/assign 1", "/assign",
            "/reassign Иван Мария", "/reassign", "/block 1 спам", "/block", "/unblock 1", "/staff", "/staff add 3009 manager Захватчик", "/staff remove Ольга",
            "/staff role Иван manager", "/staff fire Ольга",
        ];
        foreach (var text in typed)
        {
            Assert.True(StaffCommand.Parse(BotCommand.Parse(text)!).ManagersOnly, $"{text} is not a managers' command");
        }

        // Every command name that has a managers-only form is among them (a new one must join this test).
        var managersOnly = StaffCommand.Names.Where(n => StaffCommand.Parse(new BotCommand(n, string.Empty)).ManagersOnly).Append("duty").Order();
        Assert.Equal(managersOnly, typed.Select(t => BotCommand.Parse(t)!.Name).Distinct().Order());

        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 5301);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Не работает обмен", "3 — неудобство");
        await using var before = bot.OpenDatabase();
        var snapshot = await SnapshotAsync(before);

        foreach (var text in typed)
        {
            Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(await ivan.SendAsync(text)));
        }

        // A manager's button (an engineer to assign to), pressed by an engineer.
        var choose = await olga.SendAsync("/assign 1");
        var mark = bot.Api.Calls.Count;
        bot.Api.UserPresses(Ivan, choose.MessageId!.Value, FakeBotApi.ButtonsOf(choose)["Иван Петров"], "Иван", chatId: Duty);
        var notice = await bot.Api.WaitForAsync(c => c.Method == "answerCallbackQuery", what: "refuse the press", after: mark);
        Assert.Equal("Эта команда доступна только менеджерам поддержки.", notice.Body["text"]?.GetValue<string>());

        await using var after = bot.OpenDatabase();
        Assert.Equal(snapshot, await SnapshotAsync(after));
        Assert.DoesNotContain(bot.Api.Calls, c => c.Method == "sendDocument" && FakeBotApi.ChatIdOf(c) == Ivan);
    }

    private static async Task<string> SnapshotAsync(ChatSupport.Bot.Persistence.SupportDbContext db) => string.Join(" | ",
        await db.StaffMembers.CountAsync(),
        await db.StaffChanges.CountAsync(),
        await db.Customers.CountAsync(c => c.BlockedAt != null),
        await db.Set<TicketEvent>().CountAsync(),
        await db.Tickets.CountAsync(t => t.AssigneeId != null || t.HolderId != null),
        await db.DutyChanges.CountAsync());
}
