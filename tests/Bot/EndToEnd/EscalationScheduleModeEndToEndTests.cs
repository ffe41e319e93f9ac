using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>Escalation with a support schedule (Mon–Fri 09:00-18:00 МСК): the night is not counted.</summary>
public sealed class EscalationScheduleModeEndToEndTests
{
    private static bool IsPing(ApiCall c, long chat) =>
        c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == chat && c.MessageId is not null
        && (FakeBotApi.TextOf(c).StartsWith("⏰", StringComparison.Ordinal) || FakeBotApi.TextOf(c).StartsWith("⚠", StringComparison.Ordinal) || FakeBotApi.TextOf(c).StartsWith("🚨", StringComparison.Ordinal));

    private static Dictionary<string, string?> ScheduleSettings()
    {
        var settings = StaffSettings();
        settings["Support:Calendar:Mode"] = "Schedule";
        // Next year's holidays known, as on a desk kept up to date (without them the managers are warned every morning).
        settings["Support:Calendar:Holidays:0"] = "2027-01-01";
        foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" })
        {
            settings[$"Support:Calendar:Week:{day}"] = "09:00-18:00";
        }

        return settings;
    }

    [Fact]
    public async Task Level1RegisteredAfterHours_NoPingAtNight_50PercentAtElevenNextMorning()
    {
        await using var bot = await BotHarness.StartAsync(ScheduleSettings());
        var anna = new FakeUser(bot.Api, 7101);

        // Wednesday 25.11.2026 18:30 МСК, after the 18:00 closing. Four support hours start Thursday 09:00:
        // deadline Thursday 13:00, 50% at 11:00, 80% at 12:12 (24x7 would have pinged at 20:30 and 21:42).
        await RegisterAsync(anna, "Сервер лежит", "1 — ПО не работает");
        var immediate = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🔴 Критичная заявка #1", StringComparison.Ordinal), what: "ping level 1 at once");
        Assert.StartsWith("🔴 Критичная заявка #1 (ООО Ромашка): реакция до 26.11.2026 13:00 МСК.", FakeBotApi.TextOf(immediate));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return !await db.ScheduleRequests.AnyAsync();
        }, "the pings are scheduled");

        // Through the night to Thursday 10:59: nothing.
        await bot.AdvanceAsync(TimeSpan.FromHours(16) + TimeSpan.FromMinutes(29));
        Assert.DoesNotContain(bot.Api.Calls, c => IsPing(c, Duty) || IsPing(c, Managers));

        // 11:00: the 50% reminder, with 2 h left.
        await bot.AdvanceAsync(TimeSpan.FromMinutes(1));
        var half = await bot.Api.WaitForAsync(c => IsPing(c, Duty), what: "ping at 50% of the support time");
        Assert.StartsWith("⏰ #1 ждёт инженера: прошло 50% времени реакции", FakeBotApi.TextOf(half));
        Assert.Contains("Срок реакции до 26.11.2026 13:00 МСК", FakeBotApi.TextOf(half));
        Assert.Contains("осталось 2 ч 00 мин", FakeBotApi.TextOf(half));
        Assert.Single(bot.Api.Calls, c => IsPing(c, Duty) || IsPing(c, Managers));

        // 12:11 still one; 12:12 the 80% ping with mentions.
        await bot.AdvanceAsync(TimeSpan.FromMinutes(71));
        Assert.Single(bot.Api.Calls, c => IsPing(c, Duty) || IsPing(c, Managers));
        await bot.AdvanceAsync(TimeSpan.FromMinutes(1));
        var eighty = await bot.Api.WaitForNthAsync(c => IsPing(c, Duty), 2, what: "ping at 80% of the support time");
        Assert.StartsWith("⚠ #1 ждёт инженера: прошло 80% времени реакции", FakeBotApi.TextOf(eighty));
        Assert.Contains("осталось 48 мин", FakeBotApi.TextOf(eighty));
    }
}
