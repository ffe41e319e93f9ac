using System.Text.Json;
using ChatSupport.Bot.Cli;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

public sealed class RegistrationHourAndDigestTests
{
    [Fact]
    public async Task DescribedButUnconfirmed_IsRegisteredAfter45MinutesAsTriage()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 8001);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Ромашка");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Не печатаются накладные");

        await bot.AdvanceAsync(TimeSpan.FromMinutes(44));
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(0, await db.Tickets.CountAsync());
        }

        await bot.AdvanceUntilAsync(() => bot.Api.SentTo(anna.Id).Count > 4, TimeSpan.FromMinutes(11), "register the left dialogue");
        var told = await anna.NextAsync();
        Assert.StartsWith("Мы зарегистрировали вашу заявку #1 по тому, что вы успели описать", FakeBotApi.TextOf(told));
        Assert.Contains("Уровень 3 (низкий) — инженер уточнит его.", FakeBotApi.TextOf(told));
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty, what: "post the card");
        Assert.Contains("⚠ требует уточнения", FakeBotApi.TextOf(card));

        await using var check = bot.OpenDatabase();
        var ticket = await check.Tickets.SingleAsync();
        Assert.Equal(LevelChoice.Triage, ticket.LevelChoice);
        Assert.True(ticket.NeedsTriage);
        Assert.Equal("Не печатаются накладные", ticket.Description);
        Assert.Equal(NodaTime.Instant.FromDateTimeOffset(BotHarness.Start), ticket.Received);
        Assert.True(ticket.Registered - ticket.Received <= NodaTime.Duration.FromHours(1));
        Assert.Equal(DialogueStatus.Registered, (await check.Dialogues.SingleAsync()).Status);

        // What she writes next goes to the ticket.
        var added = await anna.SendAsync("Принтер HP, драйвер обновляли вчера");
        Assert.Equal("Добавил ваше сообщение к заявке #1. Инженер его увидит.", FakeBotApi.TextOf(added));
    }

    [Fact]
    public async Task GuideAnsweredButNotAccepted_IsRegisteredAtTheGuidesLevel_WithTheReason()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 8003);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Ромашка");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Не проводятся платежи: программа падает при запуске");
        await anna.PressAsync("Готово");
        await anna.PressAsync("Помогите выбрать");
        await anna.PressAsync("Не работает, пользоваться невозможно");
        var proposal = await anna.PressAsync("Нет, другого способа нет");
        Assert.Contains("✅ Да, уровень 1", FakeBotApi.ButtonsOf(proposal).Keys);

        // She leaves without pressing «Да, уровень 1»: the registration hour registers a critical failure as level 1,
        // 45 minutes after her last step and within the regulation's hour (here: by 19:25 МСК at the latest).
        await bot.AdvanceAsync(TimeSpan.FromMinutes(44));
        Assert.Equal(8, bot.Api.SentTo(anna.Id).Count);
        await bot.AdvanceUntilAsync(() => bot.Api.SentTo(anna.Id).Count > 8, TimeSpan.FromMinutes(11), "register the left dialogue");
        var told = FakeBotApi.TextOf(await anna.NextAsync());
        Assert.StartsWith("Мы зарегистрировали вашу заявку #1 по тому, что вы успели описать", told);
        Assert.Contains("Уровень 1 (критичный) — по вашим ответам: «Не работает, пользоваться невозможно», «Нет, другого способа нет».", told);

        await using var check = bot.OpenDatabase();
        var ticket = await check.Tickets.SingleAsync();
        Assert.Equal(ChatSupport.Domain.Sla.PriorityLevel.Critical, ticket.Level);
        Assert.Equal(LevelChoice.Guided, ticket.LevelChoice);
        Assert.True(ticket.NeedsTriage);
        Assert.Equal(ticket.Registered + NodaTime.Duration.FromHours(4), ticket.ReactionDeadline.At);
        Assert.InRange(ticket.Registered - ticket.Received, NodaTime.Duration.FromMinutes(45), NodaTime.Duration.FromMinutes(55));
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🔴 #1", StringComparison.Ordinal), what: "post the level-1 card");
        Assert.Contains("⚠ требует уточнения", FakeBotApi.TextOf(card));
    }

    [Fact]
    public async Task UndescribedDialogue_IsRemindedOnce_ThenDropped()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 8002);
        await anna.SendAsync("/new");

        await bot.AdvanceAsync(TimeSpan.FromMinutes(50));
        var reminder = await anna.NextAsync();
        Assert.StartsWith("Вы начали заявку, но не закончили. Продолжим?", FakeBotApi.TextOf(reminder));
        await bot.AdvanceAsync(TimeSpan.FromHours(3));
        Assert.Equal(2, anna.Received);

        await bot.AdvanceAsync(TimeSpan.FromHours(21));
        var dropped = await anna.NextAsync();
        Assert.StartsWith("Незаконченную заявку без описания я закрыл.", FakeBotApi.TextOf(dropped));
        await using var db = bot.OpenDatabase();
        Assert.Equal(DialogueStatus.Dropped, (await db.Dialogues.SingleAsync()).Status);
        Assert.Equal(0, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task Digest_OnDemandForManagers_DailyAtNine_AndFromTheCommandLine()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 8003);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Первая", "1 — ПО не работает");
        await bot.AdvanceAsync(TimeSpan.FromMinutes(30));
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1 Готово");
        await anna.NextAsync();

        // 25.11 19:00: today's figures on demand.
        var today = await olga.SendAsync("/digest 2026-11-25");
        var text = FakeBotApi.TextOf(today);
        Assert.StartsWith("📊 Сводка SLA за 25.11.2026", text);
        Assert.Contains("Зарегистрировано: 1 (ур.1: 1)", text);
        Assert.Contains("Регистрация в течение часа: 1 из 1 (100%)", text);
        Assert.Contains("Иван Петров: 1 / 0 / 1", text);
        Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(await ivan.SendAsync("/digest")));
        Assert.Equal("Эта команда доступна только инженерам поддержки.", FakeBotApi.TextOf(await anna.SendAsync("/digest")));
        Assert.Equal("Формат: /digest 2026-11-24 (без даты — за вчера)", FakeBotApi.TextOf(await olga.SendAsync("/digest вчера")));

        // The next morning at 09:00 МСК the managers' chat gets yesterday's digest by itself.
        await bot.AdvanceAsync(TimeSpan.FromHours(13) + TimeSpan.FromMinutes(50));
        Assert.DoesNotContain(bot.Api.Calls, c => FakeBotApi.ChatIdOf(c) == Managers && FakeBotApi.TextOf(c).StartsWith("📊", StringComparison.Ordinal));
        await bot.AdvanceAsync(TimeSpan.FromMinutes(11));
        var daily = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Managers && FakeBotApi.TextOf(c).StartsWith("📊", StringComparison.Ordinal), what: "send the 09:00 digest");
        Assert.StartsWith("📊 Сводка SLA за 25.11.2026 (на 26.11.2026 09:0", FakeBotApi.TextOf(daily));
        Assert.Contains("Реакция (сроки этого дня): в срок 1, просрочено 0 (100% в срок)", FakeBotApi.TextOf(daily));
        // It comes as the chart's caption: a photo drawn when sent, a PNG of 1200×600.
        Assert.Equal("sendPhoto", daily.Method);
        Assert.InRange(FakeBotApi.TextOf(daily).Length, 1, 1024);
        var chart = bot.Api.Uploads.Single(u => u.FileName == "digest-2026-11-25.png").Content;
        using (var bitmap = SkiaSharp.SKBitmap.Decode(chart))
        {
            Assert.Equal((1200, 600), (bitmap.Width, bitmap.Height));
        }

        // The operator's command reads the same database.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(bot.DatabaseKeys).Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ChatSupportCli.Run(["digest", "--date", "2026-11-25", "--format", "json"], configuration, new StringReader(string.Empty), output, error);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("2026-11-25", json.RootElement.GetProperty("day").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("registered").GetProperty("total").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("reactions").GetProperty("overall").GetProperty("met").GetInt32());
        Assert.Equal(1800, json.RootElement.GetProperty("timeToClaimSeconds").GetProperty("1").GetProperty("median").GetDouble());

        var bad = ChatSupportCli.Run(["digest", "--date", "25.11.2026"], configuration, new StringReader(string.Empty), new StringWriter(), error);
        Assert.Equal(ExitCodes.BadInput, bad);
        Assert.Contains("is not a date like 2026-11-24", error.ToString());
    }

    [Fact]
    public async Task ADigestMissedWhileTheBotWasDown_IsSentAtStart_OnceEachDay()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        bool IsDigest(ApiCall c) => FakeBotApi.ChatIdOf(c) == Managers && FakeBotApi.TextOf(c).StartsWith("📊", StringComparison.Ordinal);

        // Down from 25.11 18:30 to 27.11 10:00 МСК: the mornings of 26.11 and 27.11 passed without the bot.
        await bot.StopHostAsync();
        bot.Clock.Advance(TimeSpan.FromHours(39.5));
        await bot.RestartAsync();
        await bot.Api.WaitForNthAsync(IsDigest, 2, what: "send both digests owed");
        Assert.Equal(["📊 Сводка SLA за 25.11.2026", "📊 Сводка SLA за 26.11.2026"], bot.Api.Calls.Where(IsDigest).Select(c => FakeBotApi.TextOf(c)[..27]));

        // Started again the same day: nothing more is owed; the next one comes at 09:00 on 28.11.
        await bot.RestartAsync();
        await bot.AdvanceAsync(TimeSpan.FromHours(22) + TimeSpan.FromMinutes(50));
        Assert.Equal(2, bot.Api.Calls.Count(IsDigest));
        await bot.AdvanceAsync(TimeSpan.FromMinutes(11));
        var next = await bot.Api.WaitForNthAsync(IsDigest, 3, what: "send the 09:00 digest of 28.11");
        Assert.StartsWith("📊 Сводка SLA за 27.11.2026 (на 28.11.2026 09:0", FakeBotApi.TextOf(next));
    }

    [Fact]
    public async Task InScheduleMode_WithoutNextYearsHolidays_ManagersAreWarnedEachMorning_UntilTheyAreAdded()
    {
        var settings = StaffSettings();
        settings["Support:Calendar:Mode"] = "Schedule";
        settings["Support:Calendar:Week:Monday"] = "09:00-18:00";
        settings["Support:Calendar:Holidays:0"] = "2026-11-04";
        await using var bot = await BotHarness.StartAsync(settings);
        bool IsWarning(ApiCall c) => FakeBotApi.ChatIdOf(c) == Managers && FakeBotApi.TextOf(c).StartsWith("⚠ Нет производственного календаря", StringComparison.Ordinal);
        bool IsDigest(ApiCall c) => FakeBotApi.ChatIdOf(c) == Managers && FakeBotApi.TextOf(c).StartsWith("📊", StringComparison.Ordinal);
        Assert.Contains(bot.Logs, l => l.Contains("No production calendar for 2027", StringComparison.Ordinal));

        await bot.AdvanceAsync(TimeSpan.FromHours(14) + TimeSpan.FromMinutes(40));
        var warning = await bot.Api.WaitForAsync(IsWarning, what: "warn the managers after the 09:00 digest");

        Assert.Equal("⚠ Нет производственного календаря на 2027 год — сроки будут считаться без праздников. Добавьте праздники 2027 года в Support:Calendar:HolidaysFile (iCalendar) или Support:Calendar:Holidays и перезапустите бота.", FakeBotApi.TextOf(warning));
        Assert.True(bot.Api.Calls.ToList().FindIndex(IsDigest) < bot.Api.Calls.ToList().FindIndex(IsWarning), "the warning came before the digest");

        // Next year's holidays added: the next morning's digest comes alone.
        await bot.RestartAsync(new Dictionary<string, string?> { ["Support:Calendar:Holidays:1"] = "2027-01-01" });
        await bot.AdvanceAsync(TimeSpan.FromHours(24));
        await bot.Api.WaitForNthAsync(IsDigest, 2, what: "send the digest of 26.11");
        Assert.Single(bot.Api.Calls, IsWarning);
    }
}
