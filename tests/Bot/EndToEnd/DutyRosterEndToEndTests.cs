using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>The duty roster through Telegram on the fake clock: /duty, pings to those on duty, the handover, by-hand changes, a swap.</summary>
public sealed class DutyRosterEndToEndTests
{
    private static readonly string[] Week = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static Dictionary<string, string?> RosterSettings()
    {
        var settings = StaffSettings();
        settings["Support:Roster:0:Engineer"] = "Иван Петров";
        settings["Support:Roster:1:Engineer"] = Maria.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var day in Week)
        {
            settings[$"Support:Roster:0:{day}"] = "09:00-21:00";
            settings[$"Support:Roster:1:{day}"] = "21:00-09:00";
        }

        return settings;
    }

    private static bool IsHandover(ApiCall c) => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🔄 Смена дежурных", StringComparison.Ordinal);

    private static IReadOnlyList<string> MentionedIds(ApiCall c) =>
        c.Body["entities"] is { } entities ? [.. entities.AsArray().Select(e => e!["user"]!["id"]!.ToString())] : [];

    [Fact]
    public async Task Roster_PingsTheOnesOnDuty_HandsOverAtTheChange_AndTakesChangesFromTheChat()
    {
        await using var bot = await BotHarness.StartAsync(RosterSettings());
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var maria = new FakeUser(bot.Api, Maria, "Мария");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");

        // 18:30 МСК on a Wednesday: Ivan's day shift, Maria's night next.
        var board = await ivan.SendAsync("/duty");
        Assert.Equal(
            "🗓 Дежурят сейчас: Иван Петров (до 25.11.2026 21:00 МСК).\nСледующая смена: 25.11.2026 21:00 МСК — Мария Сидорова.\n\n/duty on — начать смену, /duty off — закончить.",
            FakeBotApi.TextOf(board));

        // A level 1 ticket pings at once, mentioning Ivan only.
        var anna = new FakeUser(bot.Api, 4201);
        await RegisterAsync(anna, "Сервер лежит", "1 — ПО не работает");
        var immediate = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🔴 Критичная заявка #1", StringComparison.Ordinal), what: "ping level 1");
        Assert.Contains("👥 Иван Петров", FakeBotApi.TextOf(immediate));
        Assert.DoesNotContain("Мария", FakeBotApi.TextOf(immediate));
        Assert.Equal([Ivan.ToString(System.Globalization.CultureInfo.InvariantCulture)], MentionedIds(immediate));

        // Ivan holds another ticket when his shift ends.
        var boris = new FakeUser(bot.Api, 4202, "Борис");
        await RegisterAsync(boris, "Медленно работает отчёт", "2 — серьёзные");
        await ivan.SendAsync("/claim 2");

        // 21:00: the handover — Maria arrives (mentioned), Ivan leaves; #1 unclaimed with its time left, #2 held by Ivan.
        Assert.DoesNotContain(bot.Api.Calls, IsHandover);
        await bot.AdvanceAsync(TimeSpan.FromMinutes(145));
        Assert.DoesNotContain(bot.Api.Calls, IsHandover);
        await bot.AdvanceAsync(TimeSpan.FromMinutes(6));
        var handover = await bot.Api.WaitForAsync(IsHandover, what: "the handover at 21:00");
        var text = FakeBotApi.TextOf(handover);
        Assert.Contains("Заступают: Мария Сидорова\nУходят: Иван Петров", text);
        Assert.Contains("Без исполнителя: 1\n• #1 🔴 ООО Ромашка · осталось 1 ч", text);
        Assert.Contains("В работе у уходящих: 1\n• #2 🟠 ООО Ромашка · Иван Петров, в работе\nПередайте их заступающим или верните в очередь", text);
        Assert.Contains("Под угрозой и просрочены: 0", text);
        Assert.Equal([Maria.ToString(System.Globalization.CultureInfo.InvariantCulture)], MentionedIds(handover));

        // 21:42: the 80% ping mentions Maria, who is on duty now.
        await bot.AdvanceAsync(TimeSpan.FromMinutes(45));
        var eighty = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("⚠ #1", StringComparison.Ordinal), what: "ping at 80%");
        Assert.Contains("👥 Мария Сидорова", FakeBotApi.TextOf(eighty));
        Assert.DoesNotContain("Иван", FakeBotApi.TextOf(eighty));

        // Maria ends her shift by hand: nobody is on duty, the next level 1 ping mentions every engineer.
        Assert.Equal("Вы сейчас не на дежурстве. Начать смену — /duty on.", FakeBotApi.TextOf(await ivan.SendAsync("/duty off")));
        Assert.Equal("👋 Смена закончена: пинги больше не упоминают вас.", FakeBotApi.TextOf(await maria.SendAsync("/duty off")));
        await bot.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Contains("Заступают: никто\nУходят: Мария Сидорова", FakeBotApi.TextOf(await bot.Api.WaitForNthAsync(IsHandover, 2, what: "the handover after /duty off")));
        Assert.StartsWith("🗓 Сейчас никто не на дежурстве", FakeBotApi.TextOf(await maria.SendAsync("/duty")));
        var petr = new FakeUser(bot.Api, 4203, "Пётр");
        await RegisterAsync(petr, "Не стартует кластер", "1 — ПО не работает");
        var second = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🔴 Критичная заявка #3", StringComparison.Ordinal), what: "ping level 1 again");
        Assert.Contains("👥 Иван Петров, Мария Сидорова", FakeBotApi.TextOf(second));

        // A swap is for managers; a manager gives Maria's night to Ivan (named by @username) and he is on duty at once.
        Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(await maria.SendAsync("/duty swap Сидорова Петров")));
        Assert.StartsWith("Не понял, кого с кем поменять.", FakeBotApi.TextOf(await olga.SendAsync("/duty swap Петров Петров")));
        var swapped = await olga.SendAsync("/duty swap Сидорова @user3001");
        Assert.Equal(
            "🔁 Замена дежурства на 25.11.2026 (25.11.2026 21:00 МСК — 26.11.2026 09:00 МСК): Мария Сидорова → Иван Петров. Менеджер: Ольга Орлова.",
            FakeBotApi.TextOf(swapped));
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c) == FakeBotApi.TextOf(swapped), what: "tell the duty chat");
        Assert.Equal(FakeBotApi.TextOf(swapped), FakeBotApi.TextOf(await ivan.NextAsync()));
        Assert.Equal(FakeBotApi.TextOf(swapped), FakeBotApi.TextOf(await maria.NextAsync()));
        await bot.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Contains("Заступают: Иван Петров\nУходят: никто", FakeBotApi.TextOf(await bot.Api.WaitForNthAsync(IsHandover, 3, what: "the handover after the swap")));
        Assert.StartsWith("🗓 Дежурят сейчас: Иван Петров (до 26.11.2026 21:00 МСК).", FakeBotApi.TextOf(await ivan.SendAsync("/duty")));

        // After a restart the same duty is not handed over again; the changes stay in the database.
        await bot.RestartAsync();
        await bot.AdvanceAsync(TimeSpan.FromMinutes(3));
        Assert.Equal(3, bot.Api.Calls.Count(IsHandover));
        await using var db = bot.OpenDatabase();
        Assert.Equal(2, await db.DutyChanges.CountAsync());
        Assert.Equal(4, await db.DutyHandovers.CountAsync());
    }
}
