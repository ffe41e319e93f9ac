using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>A MAX customer and Telegram engineers: one desk, two messengers, files crossing between them.</summary>
public sealed class MaxEndToEndTests
{
    private const long Boris = 5001;
    private const long Ivan = EngineersEndToEndTests.Ivan;
    private const long Duty = EngineersEndToEndTests.Duty;

    [Fact]
    public async Task MaxCustomer_RegistersAndConfirms_TelegramEngineerClaimsAndRepliesWithPhoto()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings(), withMax: true);
        var boris = new FakeMaxUser(bot.Max, Boris);

        // «Start» in MAX greets like /start in Telegram.
        var hello = await boris.StartAsync();
        Assert.StartsWith("Здравствуйте, Борис!", hello.Text);
        Assert.Contains("📝 Новая заявка", hello.Buttons.Keys);

        var screenshot = Bytes(150_000, seed: 1);
        await boris.SendAsync("/new");
        await boris.SendAsync("ООО Ромашка");
        await boris.PressAsync("Диагностика");
        await boris.SendAsync("Не работает выгрузка в 1С");
        var fileTaken = await boris.SendFileAsync(screenshot, "screen.png", image: true);
        Assert.DoesNotContain("не передан", fileTaken.Text);
        await boris.PressAsync("Готово");
        await boris.PressAsync("2 — серьёзные");
        var registered = await boris.PressAsync("Зарегистрировать");
        Assert.Contains("#1", registered.Text);
        Assert.Contains("МСК", registered.Text);
        Assert.Contains(bot.Max.Calls, c => c.Path == "answers");

        // The duty card in Telegram names the messenger.
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty, what: "post the card");
        Assert.Contains("Клиент: ООО Ромашка — Борис (@max5001) · MAX", FakeBotApi.TextOf(card));
        Assert.Contains("📎 1 файл", FakeBotApi.TextOf(card));

        // Ivan claims in Telegram; Boris hears it in MAX; Ivan gets the description's screenshot, carried over from MAX.
        bot.Api.UserPresses(Ivan, card.MessageId!.Value, "claim:1", "Иван", chatId: Duty);
        Assert.Equal("Инженер Иван Петров взял вашу заявку #1 в работу.", (await boris.NextAsync()).Text);
        var photoToIvan = await bot.Api.WaitForAsync(c => c.Method == "sendPhoto" && FakeBotApi.ChatIdOf(c) == Ivan, what: "send Ivan the description's photo");
        Assert.Equal("upload:photo.jpg", photoToIvan.Body["photo"]!.GetValue<string>());
        Assert.Equal(screenshot, bot.Api.Uploads.Single(u => u.Method == "sendPhoto").Content);

        // Boris → Ivan: a document from MAX arrives in Telegram as a document with the same bytes.
        var log = Bytes(70_000, seed: 2);
        var added = await boris.SendFileAsync(log, "error.log", image: false, caption: "Вот лог ошибки");
        Assert.Equal("Добавил ваше сообщение к заявке #1. Инженер его увидит.", added.Text);
        var relayed = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("#1 ·", StringComparison.Ordinal), what: "relay to Ivan");
        Assert.Equal("#1 · Борис (ООО Ромашка):\nВот лог ошибки", FakeBotApi.TextOf(relayed));
        var document = await bot.Api.WaitForAsync(c => c.Method == "sendDocument" && FakeBotApi.ChatIdOf(c) == Ivan, what: "relay the log");
        Assert.Equal("upload:error.log", document.Body["document"]!.GetValue<string>());
        Assert.Equal(log, bot.Api.Uploads.Single(u => u.Method == "sendDocument").Content);

        // Ivan → Boris: a Telegram reply with a photo; MAX gets the text, then the photo uploaded to MAX
        // (sent again while MAX says «attachment.not.ready»).
        var fix = Bytes(90_000, seed: 3);
        bot.Api.AddFile("screen-fix", fix);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.TrackedMessages.AnyAsync(m => m.MessageId == relayed.MessageId!.Value.ToString());
        }, "the relayed message is tracked");
        bot.Api.UserReplies(Ivan, relayed.MessageId!.Value, "Попробуйте так", photoFileId: "screen-fix");
        Assert.Equal("💬 Инженер Иван Петров по заявке #1:\nПопробуйте так", (await boris.NextAsync()).Text);
        var photo = await boris.NextAsync();
        var (type, token) = Assert.Single(photo.Files);
        Assert.Equal("image", type);
        Assert.Equal(fix, bot.Max.Uploads[token].Content);
        Assert.Equal(bot.Max.NotReadyTimes, bot.Max.Calls.Count(c => c.Path == "messages" && c.MessageId is null && c.Files.Any(f => f.Token == token)));

        // /ticket shows the messenger to the engineer.
        bot.Api.UserSends(Ivan, "/ticket 1", "Иван");
        var details = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).Contains("· MAX", StringComparison.Ordinal) && FakeBotApi.TextOf(c).Contains("История", StringComparison.Ordinal), what: "show the ticket");
        Assert.Contains("Борис", FakeBotApi.TextOf(details));

        // Resolve in Telegram → «Проблема решена?» in MAX → Boris confirms with a button.
        bot.Api.UserSends(Ivan, "/resolve 1 Перезапустили службу обмена", "Иван");
        var question = await boris.NextAsync();
        Assert.EndsWith("Проблема решена?", question.Text);
        Assert.Contains("✅ Да, закрыть", question.Buttons.Keys);
        var closed = await boris.PressAsync("Да, закрыть");
        Assert.StartsWith("Спасибо! Заявка #1 закрыта.", closed.Text);

        var my = await boris.SendAsync("/my");
        Assert.Contains("#1", my.Text);

        await using var check = bot.OpenDatabase();
        var ticket = await check.Tickets.Include(t => t.Messages).Include(t => t.Attachments).SingleAsync();
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(ChannelKind.Max, ticket.Customer.Channel);
        Assert.Equal(
            [(TicketAuthor.Customer, ChannelKind.Max, AttachmentKind.Photo), (TicketAuthor.Customer, ChannelKind.Max, AttachmentKind.Document), (TicketAuthor.Engineer, ChannelKind.Telegram, AttachmentKind.Photo)],
            ticket.Attachments.OrderBy(a => a.Id).Select(a => (a.Author, a.File.Channel, a.File.Kind)));
        var customer = await check.Customers.SingleAsync();
        Assert.Equal((ChannelKind.Max, FakeMaxApi.DialogOf(Boris).ToString(System.Globalization.CultureInfo.InvariantCulture)), (customer.Channel, customer.ChatId));
        await Eventually.TrueAsync(async () => !await check.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending), "the outbox is drained");
        // Sent — or a card's edit that a newer edit of the same card replaced before it went.
        Assert.All(await check.Outbox.ToListAsync(), o => Assert.True(o.Status == OutboxStatus.Sent || (o.Status == OutboxStatus.Superseded && o.Kind == OutboxKind.Edit), $"{o.Kind} {o.Status}"));
        Assert.DoesNotContain(bot.Logs, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FileOverTheLimit_IsRefusedWithTheReason_AndTheTextStillGoes()
    {
        var settings = EngineersEndToEndTests.StaffSettings();
        settings["Files:MaxFileSize"] = "1MB";
        await using var bot = await BotHarness.StartAsync(settings, withMax: true);
        var boris = new FakeMaxUser(bot.Max, Boris);
        await RegisterAndClaimAsync(bot, boris);

        // MAX tells the size of a file: 2 MB is refused at once, the caption still reaches the engineer.
        var big = await boris.SendFileAsync(Bytes(2 * 1024 * 1024, seed: 4), "dump.zip", image: false, caption: "Дамп базы");
        Assert.Equal("📎 Файл «dump.zip» (2 МБ) не передан: пересылаются файлы до 1 МБ. Пришлите, пожалуйста, ссылку на него (например, на облачный диск).", big.Text);
        Assert.Equal("Добавил ваше сообщение к заявке #1. Инженер его увидит.", (await boris.NextAsync()).Text);
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "#1 · Борис (ООО Ромашка):\nДамп базы", what: "relay the caption");

        // An image's size is not told in advance: it is stopped while downloading and the engineer reads why.
        await boris.SendFileAsync(Bytes(1536 * 1024, seed: 5), "photo.jpg", image: true);
        var notice = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("📎 Файл «photo.jpg» не удалось переслать", StringComparison.Ordinal), what: "explain the missing photo");
        Assert.Equal("sendMessage", notice.Method);
        Assert.Empty(bot.Api.Uploads);
    }

    [Fact]
    public async Task EngineersDocument_WithQuotesInItsName_ReachesTheMaxCustomer()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings(), withMax: true);
        var boris = new FakeMaxUser(bot.Max, Boris);
        await RegisterAndClaimAsync(bot, boris);

        // A quote in a file name is not allowed in a multipart header: the name is made safe, the queue never stalls.
        var report = Bytes(30_000, seed: 6);
        bot.Api.AddFile("doc-quoted", report);
        bot.Api.UserSendsDocument(Ivan, "doc-quoted", "отчёт \"итог\".pdf", "/reply 1 Отчёт по сбою");
        Assert.Equal("💬 Инженер Иван Петров по заявке #1:\nОтчёт по сбою", (await boris.NextAsync()).Text);
        var file = await boris.NextAsync();
        var (type, token) = Assert.Single(file.Files);
        Assert.Equal("file", type);
        Assert.Equal("отчёт _итог_.pdf", bot.Max.Uploads[token].Name);
        Assert.Equal(report, bot.Max.Uploads[token].Content);
    }

    [Fact]
    public async Task CustomersVideo_ComesFromItsDirectLink_ToTheEngineer()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings(), withMax: true);
        var boris = new FakeMaxUser(bot.Max, Boris);
        await RegisterAndClaimAsync(bot, boris);

        var clip = Bytes(120_000, seed: 7);
        bot.Max.UserSendsVideo(Boris, clip);
        Assert.Equal("Добавил ваше сообщение к заявке #1. Инженер его увидит.", (await boris.NextAsync()).Text);
        var video = await bot.Api.WaitForAsync(c => c.Method == "sendVideo" && FakeBotApi.ChatIdOf(c) == Ivan, what: "relay the video");
        Assert.Equal("upload:video.mp4", video.Body["video"]!.GetValue<string>());
        Assert.Equal(clip, bot.Api.Uploads.Single(u => u.Method == "sendVideo").Content);
        Assert.Contains(bot.Max.Calls, c => c.Path.StartsWith("videos/tok-in-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CustomerWhoBlockedTheBot_IsShownToTheEngineer_Once()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings(), withMax: true);
        var boris = new FakeMaxUser(bot.Max, Boris);
        await RegisterAndClaimAsync(bot, boris);

        bot.Max.Block(Boris);
        bot.Api.UserSends(Ivan, "/reply 1 Пришлите, пожалуйста, лог", "Иван");
        var warning = await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("⚠ #1", StringComparison.Ordinal), what: "warn Ivan");
        Assert.Contains("клиент Борис (ООО Ромашка) недоступен в MAX", FakeBotApi.TextOf(warning));
        var mark = bot.Api.Calls.Count;
        bot.Api.UserSends(Ivan, "/reply 1 Ещё вопрос", "Иван");
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "✓ Отправлено клиенту по #1.", what: "confirm the second reply", after: mark);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Undeliverable) == 2;
        }, "both replies are marked undeliverable");

        await using var check = bot.OpenDatabase();
        var history = await check.Set<TicketEvent>().Where(e => e.Kind == TicketEventKind.Undeliverable).ToListAsync();
        Assert.Single(history);
        Assert.Single(bot.Api.Calls, c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("⚠ #1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Polling_Survives429And503_AndABatchIsProcessedOnce()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings(), withMax: true);
        var boris = new FakeMaxUser(bot.Max, Boris);
        await boris.StartAsync();

        bot.Max.FailNext("updates", 429, retryAfter: 1);
        bot.Max.FailNext("updates", 503, count: 2);
        bot.Max.FailNext("messages", 503);
        bot.Max.FailNext("messages", 429, retryAfter: 1);
        bot.Max.UserSends(Boris, "/help");
        // The outbox waits out 503 and 429 on the bot's clock: let it pass.
        await Eventually.TrueAsync(async () =>
        {
            bot.Clock.Advance(TimeSpan.FromSeconds(2));
            await Task.Delay(100);
            return bot.Max.SentTo(Boris).Count == 2;
        }, "the reply gets through after 503 and 429");
        Assert.StartsWith("Как обратиться в поддержку", bot.Max.SentTo(Boris)[1].Text);
        await Eventually.TrueAsync(() => Task.FromResult(bot.Max.ConfirmedMarker >= 2), "the marker confirms both updates");

        await using var check = bot.OpenDatabase();
        Assert.Equal(2, await check.ProcessedUpdates.CountAsync(p => p.Channel == ChannelKind.Max));
        Assert.Equal(2, bot.Max.SentTo(Boris).Count);
        var messageCalls = bot.Max.Calls.Where(c => c.Path == "messages").ToList();
        Assert.Equal(4, messageCalls.Count);
        Assert.All(bot.Max.Calls, c => Assert.False(c.Query.ContainsKey("access_token")));
        Assert.Contains(bot.Logs, l => l.Contains("Customers write in: Telegram, MAX; staff: 2 engineers and 1 managers, working in Telegram", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaxUserWithAStaffMembersTelegramId_IsAStrangerEverywhere()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings(), withMax: true);
        await EngineersEndToEndTests.RegisterAsync(new FakeUser(bot.Api, 4001), "Проблема в Telegram", "3 — неудобство");
        var boris = new FakeMaxUser(bot.Max, 5002);
        await RegisterAsync(boris);

        // MAX user 3001 is not Ivan (Telegram user 3001): staff commands and forged staff buttons do nothing.
        var impostor = new FakeMaxUser(bot.Max, Ivan, "Иван");
        foreach (var command in new[] { "/claim 1", "/reply 1 Всё готово", "/resolve 2", "/level 1 1 срочно", "/queue", "/mine", "/digest" })
        {
            var answer = await impostor.SendAsync(command);
            Assert.Equal("Эта команда доступна только инженерам поддержки.", answer.Text);
        }

        var pressed = new List<string>();
        foreach (var payload in new[] { "claim:1", "info:2", "cf:2:y", "cf:1:n" })
        {
            bot.Max.UserPresses(Ivan, "mid.out.1", payload, "Иван");
            pressed.Add((await impostor.NextAsync()).Text);
        }

        // Nothing staff-only was shown: the card buttons are refused as staff commands, the customers' confirmation
        // buttons find no ticket of his; no ticket's content, customer or staff button reached him at all.
        Assert.Equal("Эта команда доступна только инженерам поддержки.", pressed[0]);
        Assert.Equal("Эта команда доступна только инженерам поддержки.", pressed[1]);
        Assert.All(pressed.Skip(2), t => Assert.StartsWith("Заявка #", t));
        var toImpostor = bot.Max.SentTo(Ivan);
        Assert.All(toImpostor, m =>
        {
            foreach (var secret in new[] { "Проблема в Telegram", "Не работает выгрузка", "ООО Ромашка", "Анна", "Борис", "Клиент:", "Уровень 3" })
            {
                Assert.DoesNotContain(secret, m.Text);
            }

            Assert.DoesNotContain(m.Buttons.Values, p => p.StartsWith("claim:", StringComparison.Ordinal) || p.StartsWith("info:", StringComparison.Ordinal) || p.StartsWith("cf:", StringComparison.Ordinal));
        });
        Assert.DoesNotContain(bot.Max.Calls, c => c.Path == "answers" && c.Body["notification"]?.GetValue<string>() is { } n && n.Contains("Вы взяли", StringComparison.Ordinal));

        // A MAX group whose id equals the Telegram duty chat's is not the duty chat.
        var mark = bot.Max.Calls.Count;
        bot.Max.UserSends(Ivan, "/claim 2", "Иван", chatType: "chat", chatId: Duty);
        await boris.SendAsync("/my");
        Assert.DoesNotContain(bot.Max.Calls.Skip(mark), c => c.Path == "messages" && c.ChatId == Duty);

        await using var check = bot.OpenDatabase();
        Assert.All(await check.Tickets.ToListAsync(), t =>
        {
            Assert.Equal(TicketStatus.Registered, t.Status);
            Assert.Null(t.HolderId);
        });
        Assert.Equal(2, await check.Set<TicketEvent>().CountAsync());
    }

    /// <summary>The MAX customer registers ticket #1 and Ivan takes it from the duty card.</summary>
    private static async Task RegisterAndClaimAsync(BotHarness bot, FakeMaxUser customer)
    {
        await RegisterAsync(customer);
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty, what: "post the card");
        bot.Api.UserPresses(Ivan, card.MessageId!.Value, "claim:1", "Иван", chatId: Duty);
        Assert.Equal("Инженер Иван Петров взял вашу заявку #1 в работу.", (await customer.NextAsync()).Text);
    }

    private static async Task RegisterAsync(FakeMaxUser user)
    {
        await user.SendAsync("/new");
        await user.SendAsync("ООО Ромашка");
        await user.PressAsync("Диагностика");
        await user.SendAsync("Не работает выгрузка");
        await user.PressAsync("Готово");
        await user.PressAsync("2 — серьёзные");
        await user.PressAsync("Зарегистрировать");
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
