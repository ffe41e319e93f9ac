using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>The customer's intake, end to end: real host, real Telegram.Bot over HTTP, real SQLite, fake Bot API.</summary>
public sealed class IntakeEndToEndTests
{
    [Fact]
    public async Task Registration_HappyPath_RegistersTicketAndTellsDeadline()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 1001);

        var greeting = await anna.SendAsync("/start");
        Assert.Contains("Здравствуйте, Анна", FakeBotApi.TextOf(greeting));
        Assert.Contains("📝 Новая заявка", FakeBotApi.ButtonsOf(greeting).Keys);

        var askOrganisation = await anna.PressAsync("Новая заявка");
        Assert.Contains("Как называется ваша организация", FakeBotApi.TextOf(askOrganisation));

        var categories = await anna.SendAsync("ООО «Ромашка»");
        Assert.Equal(5, FakeBotApi.ButtonsOf(categories).Count);

        var describe = await anna.PressAsync("Диагностика");
        Assert.Contains("Опишите проблему", FakeBotApi.TextOf(describe));

        var echo = await anna.SendAsync("После обновления не запускается сервер приложений.");
        Assert.Contains("Добавлено в описание (1 сообщение, 0 файлов)", FakeBotApi.TextOf(echo));
        var echo2 = await anna.SendPhotoAsync("photo-file-1", "Скриншот ошибки");
        Assert.Contains("(2 сообщения, 1 файл)", FakeBotApi.TextOf(echo2));

        var levels = await anna.PressAsync("Готово");
        Assert.Contains("Уровень 1 (критичный)", FakeBotApi.TextOf(levels));

        var summary = await anna.PressAsync("1 — ПО не работает");
        var summaryText = FakeBotApi.TextOf(summary);
        Assert.Contains("Организация: ООО «Ромашка»", summaryText);
        Assert.Contains("Категория: Диагностика проблем в работе платформы", summaryText);
        Assert.Contains("Уровень: 1 (критичный)", summaryText);
        Assert.Contains("Файлы: 1", summaryText);

        var registered = await anna.PressAsync("Зарегистрировать");
        Assert.StartsWith(
            "Заявка #1 зарегистрирована 25.11.2026 18:30 МСК. Уровень 1 (критичный). Инженер возьмёт её в работу до 25.11.2026 22:30 МСК.",
            FakeBotApi.TextOf(registered));

        await using var db = bot.OpenDatabase();
        var ticket = await db.Tickets.Include(t => t.Attachments).SingleAsync();
        Assert.Equal(1, ticket.Number);
        Assert.Equal("ООО «Ромашка»", ticket.Customer.Organisation);
        Assert.Equal("1001", ticket.Customer.UserId);
        Assert.Equal("user1001", ticket.Customer.Username);
        Assert.Equal(RequestCategory.Diagnostics, ticket.Category);
        Assert.Equal(PriorityLevel.Critical, ticket.Level);
        Assert.Equal(LevelChoice.Customer, ticket.LevelChoice);
        Assert.Equal(TicketStatus.Registered, ticket.Status);
        Assert.Equal("После обновления не запускается сервер приложений.\n\nСкриншот ошибки", ticket.Description);
        Assert.Equal("photo-file-1", Assert.Single(ticket.Attachments).File.FileId);
        Assert.Equal(NodaTime.Instant.FromDateTimeOffset(BotHarness.Start), ticket.Received);
        Assert.Equal(NodaTime.Instant.FromDateTimeOffset(BotHarness.Start.AddHours(4)), ticket.ReactionDeadline.At);

        var list = await anna.SendAsync("/my");
        Assert.Contains("#1 · зарегистрирована · уровень 1", FakeBotApi.TextOf(list));
        Assert.Equal("ООО «Ромашка»", (await db.Customers.SingleAsync()).Organisation);
    }

    [Fact]
    public async Task Registration_GuidedLevelAndSecondTicket_SkipsOrganisationAndNumbersOnward()
    {
        await using var bot = await BotHarness.StartAsync();
        var boris = new FakeUser(bot.Api, 1002, "Boris", "en");

        var greeting = await boris.SendAsync("/start");
        Assert.Contains("Hello, Boris", FakeBotApi.TextOf(greeting));
        await boris.PressAsync("New request");
        await boris.SendAsync("Acme Ltd");
        await boris.PressAsync("Updates");
        await boris.SendAsync("How do I install update 5.2?");
        await boris.PressAsync("Done");
        var q1 = await boris.PressAsync("Help me choose");
        Assert.Contains("Question 1 of 2", FakeBotApi.TextOf(q1));
        var q2 = await boris.PressAsync("stopped working");
        Assert.Contains("Question 2 of 2", FakeBotApi.TextOf(q2));
        var proposal = await boris.PressAsync("there is a workaround");
        Assert.Contains("Level 2 (medium)", FakeBotApi.TextOf(proposal));
        await boris.PressAsync("Yes, level 2");
        var first = await boris.PressAsync("Register");
        Assert.StartsWith("Request #1 was registered on 25 Nov 2026 18:30 MSK. Level 2 (medium). An engineer will take it by end of 26 Nov 2026 (MSK).", FakeBotApi.TextOf(first));

        var category = await boris.PressAsync("New request");
        Assert.Contains("Choose a category", FakeBotApi.TextOf(category));
        await boris.PressAsync("Diagnosing");
        await boris.SendAsync("Reports are slow");
        await boris.PressAsync("Done");
        await boris.PressAsync("3 — inconvenience");
        var second = await boris.PressAsync("Register");
        Assert.StartsWith("Request #2 was registered", FakeBotApi.TextOf(second));

        await using var db = bot.OpenDatabase();
        var tickets = await db.Tickets.OrderBy(t => t.Number).ToListAsync();
        Assert.Equal([1, 2], tickets.Select(t => t.Number));
        Assert.Equal(LevelChoice.Guided, tickets[0].LevelChoice);
        Assert.Equal("Acme Ltd", tickets[1].Customer.Organisation);
    }

    [Fact]
    public async Task Restart_InTheMiddleOfTheDialogue_ResumesWhereItWas()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 1003);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Вектор");
        await anna.PressAsync("Обновления");
        await anna.SendAsync("Первая часть описания");

        await bot.RestartAsync();

        var echo = await anna.SendAsync("Вторая часть описания");
        Assert.Contains("(2 сообщения, 0 файлов)", FakeBotApi.TextOf(echo));
        await anna.PressAsync("Готово");
        await anna.PressAsync("3 — неудобство");
        var registered = await anna.PressAsync("Зарегистрировать");
        Assert.Contains("Заявка #1 зарегистрирована", FakeBotApi.TextOf(registered));

        await using var db = bot.OpenDatabase();
        Assert.Equal("Первая часть описания\n\nВторая часть описания", (await db.Tickets.SingleAsync()).Description);
    }

    [Fact]
    public async Task SameUpdateTwice_AndDoubleTapOnRegister_RegisterOneTicket()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 1004);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Вектор");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Ошибка 500 в отчётах");
        await anna.PressAsync("Готово");
        await anna.PressAsync("2 — серьёзные");

        var firstTap = anna.Tap("Зарегистрировать");
        anna.Tap("Зарегистрировать");
        var registered = await anna.NextAsync();
        Assert.Contains("Заявка #1 зарегистрирована", FakeBotApi.TextOf(registered));
        var second = await anna.NextAsync();
        Assert.Contains("Эта кнопка устарела", FakeBotApi.TextOf(second));

        // The bot stops before confirming, so Telegram hands the registering press over once more.
        var before = anna.Received;
        await bot.StopHostAsync();
        bot.Api.Redeliver(firstTap);
        await bot.RestartAsync();
        await bot.Api.WaitForAsync(_ => bot.Api.ConfirmedOffset > firstTap, what: "confirm the redelivered update");
        var after = await anna.SendAsync("/my");

        Assert.Contains("#1 ·", FakeBotApi.TextOf(after));
        Assert.Equal(before + 1, anna.Received);
        await using var db = bot.OpenDatabase();
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(1, await db.Dialogues.CountAsync());
    }

    [Fact]
    public async Task OldRegisterButton_InANewDialogue_IsStale()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 1008);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Вектор");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Первая проблема");
        await anna.PressAsync("Готово");
        await anna.PressAsync("3 — неудобство");
        await anna.PressAsync("Зарегистрировать");
        await anna.SendAsync("/new");
        await anna.PressAsync("Обновления");
        await anna.SendAsync("Вторая, ещё не готова");

        // The summary's «Зарегистрировать» from the first dialogue, pressed again.
        var stale = await anna.PressAsync("Зарегистрировать");

        Assert.Contains("Опишите проблему", FakeBotApi.TextOf(stale));
        await using var db = bot.OpenDatabase();
        Assert.Equal(1, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task TooManyRequestsStorm_DuringRegistration_DeliversEverythingAfterRetryAfter()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 1005);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Вектор");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Сервер недоступен");
        await anna.PressAsync("Готово");
        await anna.PressAsync("1 — ПО не работает");

        bot.Api.BotClock = bot.Clock;
        bot.Api.FailNext("sendMessage", Fault.TooManyRequests, count: 3, retryAfter: 7);
        anna.Tap("Зарегистрировать");
        await bot.Api.WaitForNthAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == anna.Id && c.MessageId is null, 1, what: "hit the 429");

        // The ticket is registered at once; the reply waits for retry_after on the bot's clock.
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(1, await db.Tickets.CountAsync());
        }

        // Move the bot's clock until the reply gets through (a fixed number of steps could outrun the bot on a busy machine).
        await Eventually.TrueAsync(async () =>
        {
            bot.Clock.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(50);
            return bot.Api.Calls.Any(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == anna.Id && c.MessageId is not null && FakeBotApi.TextOf(c).Contains("зарегистрирована", StringComparison.Ordinal));
        }, "the reply gets through after the 429s");

        var registered = await anna.NextAsync();
        Assert.Contains("Заявка #1 зарегистрирована", FakeBotApi.TextOf(registered));
        var attempts = bot.Api.Calls.Where(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == anna.Id && c.BotAt is not null).ToList();
        Assert.Equal([429, 429, 429, 200], attempts.Take(4).Select(c => c.Status));
        // Each retry came no sooner than retry_after (7 s) on the bot's clock after the 429 before it.
        for (var i = 1; i < 4; i++)
        {
            var waited = attempts[i].BotAt!.Value - attempts[i - 1].BotAt!.Value;
            Assert.True(waited >= TimeSpan.FromSeconds(7), $"attempt {i + 1} came {waited.TotalSeconds} s after a 429 asking for 7 s");
        }
        await Eventually.TrueAsync(async () =>
        {
            await using var check = bot.OpenDatabase();
            return await check.Outbox.AllAsync(o => o.Status == OutboxStatus.Sent || o.Status == OutboxStatus.Superseded);
        }, "every outbox message is marked sent");
    }

    [Fact]
    public async Task TwoCustomersAtOnce_EachGetsOwnTicket()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 1006);
        var boris = new FakeUser(bot.Api, 1007, "Борис");

        async Task Register(FakeUser user, string org, string text)
        {
            await user.SendAsync("/new");
            await user.SendAsync(org);
            await user.PressAsync("Диагностика");
            await user.SendAsync(text);
            await user.PressAsync("Готово");
            await user.PressAsync("3 — неудобство");
            await user.PressAsync("Зарегистрировать");
        }

        await Task.WhenAll(Register(anna, "ООО Альфа", "Проблема Анны"), Register(boris, "ООО Бета", "Проблема Бориса"));

        await using var db = bot.OpenDatabase();
        var tickets = await db.Tickets.ToListAsync();
        Assert.Equal(2, tickets.Count);
        Assert.Equal([1, 2], tickets.Select(t => t.Number).Order());
        Assert.Equal("Проблема Анны", tickets.Single(t => t.Customer.UserId == "1006").Description);
        Assert.Equal("ООО Бета", tickets.Single(t => t.Customer.UserId == "1007").Customer.Organisation);
    }
}
