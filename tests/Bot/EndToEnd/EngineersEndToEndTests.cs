using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>Engineers work tickets from Telegram: duty card, race-safe claim, relay, level, resolve, reopen, close.</summary>
public sealed class EngineersEndToEndTests
{
    public const long Duty = -1001;
    public const long Managers = -1002;
    public const long Ivan = 3001;
    public const long Maria = 3002;
    public const long Olga = 3003;

    public static Dictionary<string, string?> StaffSettings() => new()
    {
        ["Support:Staff:0:Name"] = "Иван Петров",
        ["Support:Staff:0:Role"] = "Engineer",
        ["Support:Staff:0:TelegramUserId"] = Ivan.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Support:Staff:1:Name"] = "Мария Сидорова",
        ["Support:Staff:1:Role"] = "Engineer",
        ["Support:Staff:1:TelegramUserId"] = Maria.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Support:Staff:2:Name"] = "Ольга Орлова",
        ["Support:Staff:2:Role"] = "Manager",
        ["Support:Staff:2:TelegramUserId"] = Olga.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Support:DutyChatId"] = Duty.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Support:ManagersChatId"] = Managers.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task FullLifecycle_FromCardToClosed_EveryoneIsTold()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4001);
        await RegisterAsync(anna, "Не работает выгрузка в 1С", "2 — серьёзные", withPhoto: true);

        // The card in the duty chat.
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty, what: "post the card");
        var cardText = FakeBotApi.TextOf(card);
        Assert.StartsWith("🟠 #1 · Уровень 2 (средний)", cardText);
        Assert.Contains("Клиент: ООО Ромашка — Анна (@user4001) · Telegram", cardText);
        Assert.Contains("Не работает выгрузка в 1С", cardText);
        Assert.Contains("📎 1 файл", cardText);
        Assert.Contains("Зарегистрирована: 25.11.2026 18:30 МСК", cardText);
        Assert.Contains("Реакция: до конца 26.11.2026 (МСК)", cardText);
        Assert.Contains("⏳ Ждёт инженера", cardText);
        Assert.Equal(["✋ Взять в работу", "Подробнее"], FakeBotApi.ButtonsOf(card).Keys);

        // Two engineers press «Взять в работу» at the same moment: exactly one wins.
        bot.Clock.Advance(TimeSpan.FromMinutes(40));
        var mark = bot.Api.Calls.Count;
        bot.Api.UserPresses(Ivan, card.MessageId!.Value, "claim:1", "Иван", chatId: Duty);
        bot.Api.UserPresses(Maria, card.MessageId!.Value, "claim:1", "Мария", chatId: Duty);
        await bot.Api.WaitForNthAsync(c => c.Method == "answerCallbackQuery", 2, what: "answer both presses", after: mark);
        var notices = bot.Api.Calls.Skip(mark).Where(c => c.Method == "answerCallbackQuery").Select(c => c.Body["text"]?.GetValue<string>()).ToList();
        Assert.Contains("Вы взяли #1", notices);
        Assert.Contains("Заявку #1 уже взял Иван Петров.", notices);

        var taken = await anna.NextAsync();
        Assert.Equal("Инженер Иван Петров взял вашу заявку #1 в работу.", FakeBotApi.TextOf(taken));
        var edited = await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty, what: "edit the card");
        Assert.Equal(card.MessageId, edited.Body["message_id"]!.GetValue<int>());
        Assert.Contains("🛠 В работе у Иван Петров", FakeBotApi.TextOf(edited));
        Assert.Contains("Реакция в срок: взята 25.11.2026 19:10 МСК", FakeBotApi.TextOf(edited));
        var ivanLine = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Ivan, what: "tell Ivan");
        Assert.StartsWith("Вы взяли #1 (реакция в срок).", FakeBotApi.TextOf(ivanLine));

        // Customer → engineer, with a document.
        bot.Api.UserSendsDocument(anna.Id, "log-file-1", "error.log", "Вот лог ошибки");
        Assert.Equal("Добавил ваше сообщение к заявке #1. Инженер его увидит.", FakeBotApi.TextOf(await anna.NextAsync()));
        var relayed = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("#1 ·", StringComparison.Ordinal), what: "relay to Ivan");
        Assert.Equal("#1 · Анна (ООО Ромашка):\nВот лог ошибки", FakeBotApi.TextOf(relayed));
        var relayedFile = await bot.Api.WaitForAsync(c => c.Method == "sendDocument" && FakeBotApi.ChatIdOf(c) == Ivan, what: "relay the file");
        Assert.Equal("log-file-1", relayedFile.Body["document"]!.GetValue<string>());

        // Engineer → customer: a Telegram reply to the relayed message, with a photo.
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.TrackedMessages.AnyAsync(m => m.MessageId == relayed.MessageId!.Value.ToString());
        }, "the relayed message is tracked");
        bot.Api.UserReplies(Ivan, relayed.MessageId!.Value, "Попробуйте так", photoFileId: "screen-fix");
        var answer = await anna.NextAsync();
        Assert.Equal("💬 Инженер Иван Петров по заявке #1:\nПопробуйте так", FakeBotApi.TextOf(answer));
        var photo = await anna.NextAsync();
        Assert.Equal("sendPhoto", photo.Method);
        Assert.Equal("screen-fix", photo.Body["photo"]!.GetValue<string>());
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c) == "✓ Отправлено клиенту по #1.", what: "confirm to Ivan");

        // Level change after the claim: recorded, the reaction stays as measured.
        bot.Api.UserSends(Ivan, "/level 1 1 Остановлены отгрузки", "Иван");
        var level = await anna.NextAsync();
        Assert.Equal("Уровень заявки #1 изменён на 1 (критичный): Остановлены отгрузки.", FakeBotApi.TextOf(level));

        // Resolve → the customer reopens → another engineer claims → resolve → confirm.
        bot.Api.UserSends(Ivan, "/resolve 1 Перезапустили службу обмена", "Иван");
        var question = await anna.NextAsync();
        Assert.Equal("Инженер Иван Петров отметил заявку #1 как решённую:\nПерезапустили службу обмена\n\nПроблема решена?", FakeBotApi.TextOf(question));
        bot.Clock.Advance(TimeSpan.FromMinutes(20));
        var reopened = await anna.PressAsync("Нет, открыть снова");
        Assert.StartsWith("Заявка #1 открыта снова. Инженер возьмёт её в работу до 25.11.2026 23:30 МСК.", FakeBotApi.TextOf(reopened));
        var newCard = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && c.MessageId != card.MessageId && FakeBotApi.TextOf(c).Contains("🔁 Открыта снова"), what: "post a new card");
        Assert.StartsWith("🔴 #1", FakeBotApi.TextOf(newCard));
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("🔁 Клиент открыл #1 снова"), what: "tell Ivan");

        bot.Api.UserSends(Maria, "/claim 1", "Мария");
        Assert.Equal("Инженер Мария Сидорова взял вашу заявку #1 в работу.", FakeBotApi.TextOf(await anna.NextAsync()));
        bot.Api.UserSends(Maria, "/resolve 1", "Мария");
        await anna.NextAsync();
        var closed = await anna.PressAsync("Да, закрыть");
        Assert.StartsWith("Спасибо! Заявка #1 закрыта.", FakeBotApi.TextOf(closed));
        var finalCard = await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).Contains("☑ Закрыта"), what: "close the card");
        Assert.Equal(newCard.MessageId, finalCard.Body["message_id"]!.GetValue<int>());

        await using var check = bot.OpenDatabase();
        var ticket = await check.Tickets.Include(t => t.Windows).Include(t => t.Messages).SingleAsync();
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(2, ticket.Windows.Count);
        Assert.All(ticket.Windows, w => Assert.True(w.Met));
        Assert.Equal(["Иван Петров", "Мария Сидорова"], ticket.Windows.OrderBy(w => w.Sequence).Select(w => w.ClaimedBy));
        Assert.Equal([TicketAuthor.Customer, TicketAuthor.Engineer], ticket.Messages.OrderBy(m => m.Id).Select(m => m.Author));
        var kinds = await check.Set<TicketEvent>().OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
        Assert.Equal(
            [TicketEventKind.Registered, TicketEventKind.Claimed, TicketEventKind.CustomerMessage, TicketEventKind.EngineerMessage, TicketEventKind.LevelChanged,
             TicketEventKind.Resolved, TicketEventKind.Reopened, TicketEventKind.Claimed, TicketEventKind.Resolved, TicketEventKind.Confirmed, TicketEventKind.Closed,
             TicketEventKind.SatisfactionAsked],
            kinds);
    }

    [Fact]
    public async Task Strangers_InDutyChatOrPrivately_AreRefusedAndNothingChanges()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4002);
        await RegisterAsync(anna, "Проблема", "3 — неудобство");
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty, what: "post the card");

        var mark = bot.Api.Calls.Count;
        bot.Api.UserPresses(4999, card.MessageId!.Value, "claim:1", "Чужой", chatId: Duty);
        var notice = await bot.Api.WaitForAsync(c => c.Method == "answerCallbackQuery", what: "answer the stranger", after: mark);
        Assert.Equal("Эта команда доступна только инженерам поддержки.", notice.Body["text"]!.GetValue<string>());

        bot.Api.UserSends(4999, "/claim 1", "Чужой", chatId: Duty, chatType: "supergroup");
        var refusal = await bot.Api.WaitForNthAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty, 2, what: "refuse in the duty chat");
        Assert.Equal("Эта команда доступна только инженерам поддержки.", FakeBotApi.TextOf(refusal));

        var privately = await anna.SendAsync("/claim 1");
        Assert.Equal("Эта команда доступна только инженерам поддержки.", FakeBotApi.TextOf(privately));
        var resolve = await anna.SendAsync("/resolve 1");
        Assert.Equal("Эта команда доступна только инженерам поддержки.", FakeBotApi.TextOf(resolve));

        await using var db = bot.OpenDatabase();
        var ticket = await db.Tickets.SingleAsync();
        Assert.Equal(TicketStatus.Registered, ticket.Status);
        Assert.Null(ticket.HolderId);
    }

    [Fact]
    public async Task StaffCommands_BadArguments_GetOneClearLine()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var anna = new FakeUser(bot.Api, 4003);
        await RegisterAsync(anna, "Проблема", "3 — неудобство");

        Assert.Equal("Нужен номер заявки: /claim 12", FakeBotApi.TextOf(await ivan.SendAsync("/claim")));
        Assert.Equal("Нужен номер заявки: /claim 12", FakeBotApi.TextOf(await ivan.SendAsync("/claim abc")));
        Assert.Equal("Нужен номер заявки: /claim 12", FakeBotApi.TextOf(await ivan.SendAsync("/claim -5")));
        Assert.Equal("Заявки #77 нет. Очередь — /queue.", FakeBotApi.TextOf(await ivan.SendAsync("/claim 77")));
        Assert.Equal("Формат: /reply 12 текст ответа", FakeBotApi.TextOf(await ivan.SendAsync("/reply 1")));
        Assert.Equal("Сначала возьмите заявку #1 в работу: /claim 1", FakeBotApi.TextOf(await ivan.SendAsync("/reply 1 Здравствуйте")));
        Assert.Equal("Формат: /level 12 2 причина (уровень 1, 2 или 3; причина обязательна)", FakeBotApi.TextOf(await ivan.SendAsync("/level 1 5 срочно")));
        Assert.Equal("Формат: /level 12 2 причина (уровень 1, 2 или 3; причина обязательна)", FakeBotApi.TextOf(await ivan.SendAsync("/level 1 2")));
        Assert.Equal("Сначала возьмите заявку #1 в работу: /claim 1", FakeBotApi.TextOf(await ivan.SendAsync("/resolve 1")));
        Assert.Equal("Заявку #1 нельзя вернуть в очередь — она зарегистрирована.", FakeBotApi.TextOf(await ivan.SendAsync("/release 1")));
        Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(await ivan.SendAsync("/digest")));

        var queue = await ivan.SendAsync("/queue");
        Assert.Contains("Ждут инженера (1):", FakeBotApi.TextOf(queue));
        Assert.Contains("осталось", FakeBotApi.TextOf(queue));
        var claimed = await ivan.PressAsync("Взять #1");
        Assert.StartsWith("Вы взяли #1", FakeBotApi.TextOf(claimed));
        Assert.Equal("Инженер Иван Петров взял вашу заявку #1 в работу.", FakeBotApi.TextOf(await anna.NextAsync()));

        // Another engineer may not act on Ivan's ticket; a manager may.
        var maria = new FakeUser(bot.Api, Maria, "Мария");
        Assert.Equal("Заявку #1 ведёт Иван Петров: решить её может только он или менеджер.", FakeBotApi.TextOf(await maria.SendAsync("/resolve 1")));
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        Assert.Equal("✓ Отправлено клиенту по #1.", FakeBotApi.TextOf(await olga.SendAsync("/reply 1 Здравствуйте, это руководитель смены.")));
        Assert.Equal("💬 Инженер Ольга Орлова по заявке #1:\nЗдравствуйте, это руководитель смены.", FakeBotApi.TextOf(await anna.NextAsync()));
        Assert.Equal("🔒 Заметка добавлена к #1 (клиент её не видит).", FakeBotApi.TextOf(await maria.SendAsync("/note 1 Похоже на прошлую проблему с сертификатом")));

        var mine = await ivan.SendAsync("/mine");
        Assert.Contains("#1 · в работе", FakeBotApi.TextOf(mine));

        // The customer's view never shows the note.
        var customerCard = await anna.SendAsync("/ticket 1");
        Assert.DoesNotContain("сертификат", FakeBotApi.TextOf(customerCard));
        Assert.Contains("Ольга Орлова: Здравствуйте, это руководитель смены.", FakeBotApi.TextOf(customerCard));
        var staffCard = await ivan.SendAsync("/ticket 1");
        Assert.Contains("🔒 Заметка Мария Сидорова: Похоже на прошлую проблему с сертификатом", FakeBotApi.TextOf(staffCard));
        Assert.Contains("История:", FakeBotApi.TextOf(staffCard));
    }

    [Fact]
    public async Task ResolvedWithoutAnswer_ClosesAfterThreeDays()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4004);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Проблема", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1 Готово");
        await anna.NextAsync();

        bot.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(2));
        await Task.Delay(300);
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(TicketStatus.Resolved, (await db.Tickets.SingleAsync()).Status);
        }

        bot.Clock.Advance(TimeSpan.FromMinutes(3));
        var closed = await anna.NextAsync();
        Assert.StartsWith("Заявка #1 закрыта: после решения ответа не было 3 дн.", FakeBotApi.TextOf(closed));
        await using var check = bot.OpenDatabase();
        Assert.Equal(TicketStatus.Closed, (await check.Tickets.SingleAsync()).Status);
    }

    [Fact]
    public async Task StaffEdits_AreNotRunAgain()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4006);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Проблема", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/reply 1 Здравствуйте");
        await anna.NextAsync();

        bot.Api.UserEdits(Ivan, "/reply 1 Здравствуйте!");
        var told = await ivan.NextAsync();

        Assert.StartsWith("Изменения в отправленных сообщениях я не применяю", FakeBotApi.TextOf(told));
        Assert.Equal(1, anna.Received - bot.Api.SentTo(anna.Id).Count(c => !FakeBotApi.TextOf(c).StartsWith("💬", StringComparison.Ordinal)));
        await using var db = bot.OpenDatabase();
        Assert.Equal(1, await db.Set<TicketEvent>().CountAsync(e => e.Kind == TicketEventKind.EngineerMessage));
    }

    [Fact]
    public async Task AuditTrail_IsAppendOnlyInTheDatabase()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4005);
        await RegisterAsync(anna, "Проблема", "3 — неудобство");

        await using var db = bot.OpenDatabase();
        // On either engine (a SQLite trigger, a PostgreSQL trigger function).
        var update = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("""UPDATE "TicketEvents" SET "Data" = 'forged'"""));
        Assert.Contains("append-only", update.Message);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("""DELETE FROM "TicketEvents" """));
        Assert.Equal(1, await db.Set<TicketEvent>().CountAsync());
    }

    internal static async Task RegisterAsync(FakeUser user, string description, string level, bool withPhoto = false)
    {
        await user.SendAsync("/new");
        await user.SendAsync("ООО Ромашка");
        await user.PressAsync("Диагностика");
        await user.SendAsync(description);
        if (withPhoto)
        {
            await user.SendPhotoAsync("photo-1");
        }

        await user.PressAsync("Готово");
        await user.PressAsync(level);
        await user.PressAsync("Зарегистрировать");
    }
}
