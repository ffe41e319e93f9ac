using ChatSupport.Tests.Bot.Fakes;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>On the 1st at the digest time the managers get last month's report with its chart, on the fake clock.</summary>
public sealed class MonthlyReportEndToEndTests
{
    [Fact]
    public async Task OnTheFirst_LastMonthsReport_ComesWithItsChart_AfterThatDaysDigest()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4601);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Не работает отчёт", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1 Готово");
        await anna.NextAsync();
        await anna.PressAsync("Да, закрыть");
        await anna.PressAsync("😍 5");

        // 25.11 18:30 → 01.12 09:30 МСК in one jump: the digests owed go out, and with the one for 30.11 the November report.
        bool ToManagers(ApiCall c) => FakeBotApi.ChatIdOf(c) == Managers && c.Status == 200;
        Assert.DoesNotContain(bot.Api.Calls, c => ToManagers(c) && FakeBotApi.TextOf(c).StartsWith("📅", StringComparison.Ordinal));
        bot.Clock.Advance(TimeSpan.FromDays(5) + TimeSpan.FromHours(15));
        var report = await bot.Api.WaitForAsync(c => ToManagers(c) && FakeBotApi.TextOf(c).StartsWith("📅 Отчёт за ноябрь 2026", StringComparison.Ordinal), what: "the November report");
        var text = FakeBotApi.TextOf(report);
        Assert.Equal("sendPhoto", report.Method);
        Assert.Contains("(в сравнении с октябрём 2026)", text);
        Assert.Contains("  ур. 3: 100% (в прошлом месяце сроков не было), в срок 1 из 1", text);
        Assert.Contains("Зарегистрировано заявок: 1\nПо организациям (первые 10):\n  ООО Ромашка — 1", text);
        Assert.Contains("  Иван Петров: 1 / 0 / 1, 5", text);
        var digests = bot.Api.Calls.Where(c => ToManagers(c) && FakeBotApi.TextOf(c).StartsWith("📊 Сводка SLA за", StringComparison.Ordinal)).Select(c => FakeBotApi.TextOf(c)[..27]).ToList();
        Assert.Equal("📊 Сводка SLA за 30.11.2026", digests[^1]);
        var calls = bot.Api.Calls.ToList();
        Assert.True(calls.IndexOf(report) > calls.FindLastIndex(c => ToManagers(c) && FakeBotApi.TextOf(c).StartsWith("📊 Сводка SLA за 30.11.2026", StringComparison.Ordinal)));
        await Eventually.TrueAsync(() => Task.FromResult(bot.Api.Uploads.Any(u => u.FileName == "report-2026-11.png")), "the report's chart");
        using var chart = SkiaSharp.SKBitmap.Decode(bot.Api.Uploads.First(u => u.FileName == "report-2026-11.png").Content);
        Assert.Equal((1200, 600), (chart.Width, chart.Height));
    }
}
