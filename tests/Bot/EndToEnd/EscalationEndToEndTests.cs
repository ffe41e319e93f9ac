using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>Escalation pings with Quartz on the bot's SQLite file and a fake clock.</summary>
public sealed class EscalationEndToEndTests
{
    private static bool IsPing(ApiCall c, long chat) =>
        c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == chat && c.MessageId is not null
        && (FakeBotApi.TextOf(c).StartsWith("⏰", StringComparison.Ordinal) || FakeBotApi.TextOf(c).StartsWith("⚠", StringComparison.Ordinal) || FakeBotApi.TextOf(c).StartsWith("🚨", StringComparison.Ordinal));

    [Fact]
    public async Task Level1_PingsAt50And80And100Percent_ThenRepeats_UntilClaimed()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 7001);
        await RegisterAsync(anna, "Сервер лежит", "1 — ПО не работает");
        var immediate = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🔴 Критичная заявка #1", StringComparison.Ordinal), what: "ping level 1 at once");
        Assert.Contains("👥 Иван Петров, Мария Сидорова", FakeBotApi.TextOf(immediate));
        Assert.Equal(2, immediate.Body["entities"]!.AsArray().Count);

        // 18:30 + 4 h: 50% at 20:30, 80% at 21:42, breach at 22:30:01, then every 2 h.
        await bot.AdvanceAsync(TimeSpan.FromMinutes(119));
        Assert.DoesNotContain(bot.Api.Calls, c => IsPing(c, Duty));
        await bot.AdvanceAsync(TimeSpan.FromMinutes(1));
        var half = await bot.Api.WaitForAsync(c => IsPing(c, Duty), what: "ping at 50%");
        Assert.StartsWith("⏰ #1 ждёт инженера: прошло 50% времени реакции", FakeBotApi.TextOf(half));
        Assert.Contains("осталось 2 ч 00 мин", FakeBotApi.TextOf(half));
        Assert.Equal(["✋ Взять в работу"], FakeBotApi.ButtonsOf(half).Keys);

        await bot.AdvanceAsync(TimeSpan.FromMinutes(72));
        var eighty = await bot.Api.WaitForNthAsync(c => IsPing(c, Duty), 2, what: "ping at 80%");
        Assert.StartsWith("⚠ #1 ждёт инженера: прошло 80% времени реакции", FakeBotApi.TextOf(eighty));
        Assert.Contains("👥 Иван Петров, Мария Сидорова", FakeBotApi.TextOf(eighty));

        await bot.AdvanceAsync(TimeSpan.FromMinutes(49));
        var breach = await bot.Api.WaitForAsync(c => IsPing(c, Managers), what: "tell the managers");
        Assert.StartsWith("🚨 #1 просрочена", FakeBotApi.TextOf(breach));
        await bot.Api.WaitForNthAsync(c => IsPing(c, Duty), 3, what: "breach in the duty chat");

        await bot.AdvanceAsync(TimeSpan.FromHours(2));
        var repeat = await bot.Api.WaitForNthAsync(c => IsPing(c, Managers), 2, what: "repeat after 2 h");
        Assert.StartsWith("🚨 #1 всё ещё без инженера: просрочена на 2 ч 00 мин", FakeBotApi.TextOf(repeat));

        bot.Api.UserSends(Ivan, "/claim 1", "Иван");
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("Вы взяли #1", StringComparison.Ordinal), what: "claim");
        // Counted once everything fired before the claim has left the outbox (the repeat goes to two chats).
        await Eventually.TrueAsync(async () =>
        {
            await using var outbox = bot.OpenDatabase();
            return !await outbox.Outbox.AnyAsync(o => o.Status == ChatSupport.Bot.Persistence.OutboxStatus.Pending);
        }, "the outbox drained");
        var pings = bot.Api.Calls.Count(c => IsPing(c, Duty) || IsPing(c, Managers));
        await bot.AdvanceAsync(TimeSpan.FromHours(6));
        Assert.Equal(pings, bot.Api.Calls.Count(c => IsPing(c, Duty) || IsPing(c, Managers)));

        await using var db = bot.OpenDatabase();
        var escalated = await db.Set<TicketEvent>().CountAsync(e => e.Kind == TicketEventKind.Escalated);
        // 50%, 80%, the breach (one event, two chats) and one repeat.
        Assert.Equal(4, escalated);
        Assert.Equal(4, await db.EscalationsSent.CountAsync());
    }

    [Fact]
    public async Task LevelChange_Reschedules_AndReopen_SchedulesANewWindow()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 7002);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Медленные отчёты", "3 — неудобство");

        // Level 3 registered 25.11 18:30: 50% would be late on the 27th. Raised to 1: 50% at 20:30 the same day.
        await ivan.SendAsync("/level 1 1 Остановлены отгрузки");
        await anna.NextAsync();
        await bot.AdvanceAsync(TimeSpan.FromHours(2));
        var half = await bot.Api.WaitForAsync(c => IsPing(c, Duty), what: "ping at the new 50%");
        Assert.StartsWith("⏰ #1 ждёт инженера: прошло 50%", FakeBotApi.TextOf(half));

        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1");
        await anna.NextAsync();
        await anna.PressAsync("Нет, открыть снова");

        var before = bot.Api.Calls.Count(c => IsPing(c, Duty));
        await bot.AdvanceAsync(TimeSpan.FromHours(2));
        var again = await bot.Api.WaitForNthAsync(c => IsPing(c, Duty), before + 1, what: "ping in the reopened window");
        Assert.StartsWith("⏰ #1 ждёт инженера: прошло 50%", FakeBotApi.TextOf(again));
    }

    [Fact]
    public async Task LevelRaisedPastTheNewDeadline_OnePingNow_NotABurstAndNotLate()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 7004);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Медленно", "3 — неудобство");
        await bot.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.DoesNotContain(bot.Api.Calls, c => IsPing(c, Duty));

        // Raised to level 1 five hours after registration: the new deadline (4 h) has already passed.
        await ivan.SendAsync("/level 1 1 Остановлено производство");
        var ping = await bot.Api.WaitForAsync(c => IsPing(c, Duty), what: "ping once, now");
        await Task.Delay(1500);

        Assert.Single(bot.Api.Calls, c => IsPing(c, Duty));
        Assert.StartsWith("🚨 #1 просрочена", FakeBotApi.TextOf(ping));
        Assert.DoesNotContain("бот не работал", FakeBotApi.TextOf(ping));
    }

    [Fact]
    public async Task Restart_BetweenSchedulingAndFiring_FiresOnceAndSaysItIsLate()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 7003);
        await RegisterAsync(anna, "Сервер лежит", "1 — ПО не работает");
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return !await db.ScheduleRequests.AnyAsync();
        }, "the pings are scheduled");

        await bot.StopHostAsync();
        bot.Clock.Advance(TimeSpan.FromMinutes(150)); // 50% was due at 20:30; now 21:00
        await bot.RestartAsync();

        var late = await bot.Api.WaitForAsync(c => IsPing(c, Duty), what: "fire the missed ping");
        Assert.StartsWith("⏰ #1 ждёт инженера: прошло 50%", FakeBotApi.TextOf(late));
        Assert.Contains("(напоминание опоздало на 30 мин: бот не работал)", FakeBotApi.TextOf(late));

        await Task.Delay(1500);
        await bot.RestartAsync();
        await Task.Delay(1500);
        Assert.Single(bot.Api.Calls, c => IsPing(c, Duty));
    }
}
