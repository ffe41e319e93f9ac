using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>Everything around the intake: odd content, tickets afterwards, language, profile, delivery failures.</summary>
public sealed class CustomerConversationEndToEndTests
{
    [Fact]
    public async Task StickerAndEditedMessage_AreExplained_NothingChanges()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2001);

        bot.Api.UserSendsSticker(anna.Id);
        var sticker = await anna.NextAsync();
        Assert.StartsWith("Стикеры я не обрабатываю. Я принимаю текст, фото, скриншоты и документы", FakeBotApi.TextOf(sticker));

        bot.Api.UserEdits(anna.Id, "исправленный текст");
        var edited = await anna.NextAsync();
        Assert.Contains("Изменения в уже отправленных сообщениях я не вижу", FakeBotApi.TextOf(edited));

        await using var db = bot.OpenDatabase();
        Assert.Equal(0, await db.Dialogues.CountAsync());
    }

    [Fact]
    public async Task MessageWithoutDialogue_NoTickets_OffersNewRequest()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2002);

        var reply = await anna.SendAsync("Здравствуйте, у нас проблема");

        Assert.Contains("создайте заявку", FakeBotApi.TextOf(reply));
        Assert.Contains("📝 Новая заявка", FakeBotApi.ButtonsOf(reply).Keys);
    }

    [Fact]
    public async Task MessagesAfterRegistration_GoToTheOpenTicket_OrAskWhichOne()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2003);
        await RegisterAsync(anna, "Первая проблема", first: true);

        var added = await anna.SendAsync("Ещё деталь к первой");
        Assert.Equal("Добавил ваше сообщение к заявке #1. Инженер его увидит.", FakeBotApi.TextOf(added));

        await RegisterAsync(anna, "Вторая проблема", first: false);
        var which = await anna.SendAsync("А это к какой?");
        Assert.Contains("несколько открытых заявок", FakeBotApi.TextOf(which));
        bot.Api.UserSendsPhoto(anna.Id, "shot-2");
        var askedAgain = await anna.NextAsync();
        Assert.Contains("несколько открытых заявок", FakeBotApi.TextOf(askedAgain));

        var chosen = await anna.PressAsync("#1");
        Assert.Equal("Добавил ваше сообщение к заявке #1. Инженер его увидит.", FakeBotApi.TextOf(chosen));

        await using var db = bot.OpenDatabase();
        var first = await db.Tickets.Include(t => t.Messages).Include(t => t.Attachments).SingleAsync(t => t.Number == 1);
        Assert.Equal(["Ещё деталь к первой", "А это к какой?"], first.Messages.OrderBy(m => m.Id).Select(m => m.Text));
        Assert.Contains(first.Attachments, a => a.File.FileId == "shot-2");
        Assert.Empty((await db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Number == 2)).Messages);

        var card = await anna.SendAsync("/ticket 1");
        Assert.Contains("Вы: Ещё деталь к первой", FakeBotApi.TextOf(card));
    }

    [Fact]
    public async Task TicketCommand_SomeoneElsesOrMissing_IsNotShown()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2004);
        var mallory = new FakeUser(bot.Api, 2005, "Мэллори");
        await RegisterAsync(anna, "Секретная проблема Анны", first: true);

        foreach (var probe in new[] { "/ticket 1", "/ticket #1", "/ticket 999", "/ticket -1", "/ticket abc", "/ticket 99999999999999999999" })
        {
            var reply = await mallory.SendAsync(probe);
            Assert.DoesNotContain("Секретная", FakeBotApi.TextOf(reply));
            Assert.Contains("не найдена среди ваших заявок", FakeBotApi.TextOf(reply));
        }

        bot.Api.UserPresses(mallory.Id, anna.Last!.MessageId!.Value, "t:1", "Мэллори");
        var pressed = await mallory.NextAsync();
        Assert.DoesNotContain("Секретная", FakeBotApi.TextOf(pressed));

        var usage = await mallory.SendAsync("/ticket");
        Assert.Contains("Укажите номер заявки: /ticket 12", FakeBotApi.TextOf(usage));
    }

    [Fact]
    public async Task LangAndProfile_ChangeLanguageAndOrganisation()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2006);

        var choose = await anna.SendAsync("/lang");
        Assert.Contains("🇬🇧 English", FakeBotApi.ButtonsOf(choose).Keys);
        var english = await anna.PressAsync("English");
        Assert.Equal("Done: I will answer in English.", FakeBotApi.TextOf(english));
        var help = await anna.SendAsync("/help");
        Assert.StartsWith("How to contact support", FakeBotApi.TextOf(help));

        await anna.SendAsync("/profile");
        var invalid = await anna.SendAsync("X");
        Assert.Contains("2 to 200 characters", FakeBotApi.TextOf(invalid));
        var saved = await anna.SendAsync("ООО Новая");
        Assert.Contains("Saved: organisation «ООО Новая»", FakeBotApi.TextOf(saved));
        var category = await anna.SendAsync("/new");
        Assert.Contains("Choose a category", FakeBotApi.TextOf(category));

        var russian = await anna.SendAsync("/lang ru");
        Assert.Equal("Готово: отвечаю по-русски.", FakeBotApi.TextOf(russian));
        var unknown = await anna.SendAsync("/frobnicate");
        Assert.Contains("Не знаю команду /frobnicate", FakeBotApi.TextOf(unknown));
    }

    [Fact]
    public async Task CancelAndStaleButtons_KeepDraftAndReshowMenu()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2007);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Ромашка");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Черновик описания");

        var cancelled = await anna.SendAsync("/cancel");
        Assert.Contains("Заявка отменена, черновик сохранён", FakeBotApi.TextOf(cancelled));
        var stale = await anna.PressAsync("Готово");
        Assert.Contains("Эта кнопка устарела", FakeBotApi.TextOf(stale));
        var nothing = await anna.SendAsync("/cancel");
        Assert.Contains("Отменять нечего", FakeBotApi.TextOf(nothing));

        await using var db = bot.OpenDatabase();
        var draft = await db.Dialogues.SingleAsync();
        Assert.Equal(DialogueStatus.Cancelled, draft.Status);
        Assert.Contains("Черновик описания", draft.Data);
    }

    [Fact]
    public async Task GroupChatMessages_AreIgnored()
    {
        await using var bot = await BotHarness.StartAsync();
        bot.Api.UserSends(2008, "/new", chatId: -100500, chatType: "supergroup");
        var marker = new FakeUser(bot.Api, 2009);

        await marker.SendAsync("/start");

        Assert.Empty(bot.Api.SentTo(-100500));
        await using var db = bot.OpenDatabase();
        // Both updates were taken and recorded; only the private one was answered, no dialogue began.
        Assert.Equal(2, await db.ProcessedUpdates.CountAsync());
        Assert.Equal(0, await db.Dialogues.CountAsync());
    }

    [Fact]
    public async Task BlockedUser_MessageIsUndeliverable_OthersStillServed()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2010);
        var boris = new FakeUser(bot.Api, 2011, "Борис");
        bot.Api.FailNext("sendMessage", Fault.Forbidden);

        bot.Api.UserSends(anna.Id, "/start");
        await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == anna.Id, what: "try Anna");
        var toBoris = await boris.SendAsync("/start");
        Assert.Contains("Здравствуйте, Борис", FakeBotApi.TextOf(toBoris));

        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.Outbox.AnyAsync(o => o.ChatId == "2010" && o.Status == OutboxStatus.Undeliverable);
        }, "Anna's message is marked undeliverable");
        Assert.Single(bot.Api.Calls, c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == anna.Id);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff_UntilDelivered()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2012);
        bot.Api.FailNext("sendMessage", Fault.ServerError, count: 2);
        bot.Api.FailNext("sendMessage", Fault.BadGateway, count: 1);

        bot.Api.UserSends(anna.Id, "/start");
        for (var i = 1; i <= 3; i++)
        {
            // Each failure puts the next attempt a back-off later on the bot's clock: move it until the attempt
            // comes (a single step could land before the bot has even written the failure down).
            var attempt = i + 1;
            await Eventually.TrueAsync(async () =>
            {
                bot.Clock.Advance(TimeSpan.FromSeconds(2));
                await Task.Delay(50);
                return bot.Api.Calls.Count(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == anna.Id) >= attempt;
            }, $"attempt {attempt}");
        }

        var greeting = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && c.MessageId is not null && FakeBotApi.ChatIdOf(c) == anna.Id, what: "deliver after the faults");
        Assert.Contains("Здравствуйте", FakeBotApi.TextOf(greeting));
        Assert.Equal(4, bot.Api.Calls.Count(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == anna.Id));
    }

    [Fact]
    public async Task LongTicketCard_IsSplitAtLineBreaksWithinTelegramLimit()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 2013);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Ромашка");
        await anna.PressAsync("Диагностика");
        var line = string.Concat(Enumerable.Repeat("Строка журнала с ошибкой и стеком вызовов. ", 20));
        for (var i = 0; i < 3; i++)
        {
            await anna.SendAsync(string.Join("\n", Enumerable.Repeat(line, 4)));
        }

        await anna.PressAsync("Готово");
        await anna.PressAsync("3 — неудобство");
        await anna.PressAsync("Зарегистрировать");

        bot.Api.UserSends(anna.Id, "/ticket 1");
        var parts = new List<ApiCall> { await anna.NextAsync() };
        while (FakeBotApi.ButtonsOf(parts[^1]).Count == 0)
        {
            parts.Add(await anna.NextAsync());
        }

        Assert.Equal(3, parts.Count);
        Assert.All(parts, m => Assert.InRange(FakeBotApi.TextOf(m).Length, 1, 4096));
        Assert.StartsWith("Заявка #1", FakeBotApi.TextOf(parts[0]));
        Assert.All(parts.SkipLast(1), m => Assert.Empty(FakeBotApi.ButtonsOf(m)));
        Assert.All(parts.Skip(1), m => Assert.StartsWith("Строка журнала", FakeBotApi.TextOf(m)));
    }

    [Fact]
    public async Task Logs_NeverContainTheToken()
    {
        await using var bot = await BotHarness.StartAsync(new() { ["Logging:LogLevel:Default"] = "Trace" });
        var anna = new FakeUser(bot.Api, 2014);
        bot.Api.FailNext("sendMessage", Fault.ServerError);
        bot.Api.FailNext("getUpdates", Fault.BadGateway);
        await RegisterAsync(anna, "Проблема", first: true, advance: bot);

        var secret = FakeBotApi.Token.Split(':')[1];
        Assert.NotEmpty(bot.Logs);
        Assert.DoesNotContain(bot.Logs, l => l.Contains(secret, StringComparison.Ordinal));
        await using var db = bot.OpenDatabase();
        foreach (var row in await db.Outbox.ToListAsync())
        {
            Assert.DoesNotContain(secret, row.Payload + row.LastError, StringComparison.Ordinal);
        }

        // Nor anywhere in the database files (Quartz's tables included).
        await bot.StopHostAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(bot.Directory, "support.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)));
        }
    }

    private static async Task RegisterAsync(FakeUser user, string description, bool first, BotHarness? advance = null)
    {
        if (advance is not null)
        {
            user.Skip(0);
            advance.Api.UserSends(user.Id, "/new");
            await advance.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == user.Id, what: "try the first reply");
            await Eventually.TrueAsync(async () =>
            {
                advance.Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(50);
                return advance.Api.Calls.Any(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == user.Id && c.MessageId is not null);
            }, "the first reply gets through");
            await user.NextAsync();
            await user.NextAsync();
        }
        else
        {
            await user.SendAsync("/new");
        }

        if (first)
        {
            await user.SendAsync("ООО Ромашка");
        }

        await user.PressAsync("Диагностика");
        await user.SendAsync(description);
        await user.PressAsync("Готово");
        await user.PressAsync("3 — неудобство");
        await user.PressAsync("Зарегистрировать");
    }
}
