using System.Globalization;
using System.Text;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.EndToEnd;
using ChatSupport.Tests.Bot.Fakes;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.Mail;

/// <summary>
/// The e-mail channel on real servers: Debian's Dovecot holds the mailboxes, an SMTP server delivers into them through
/// Dovecot's LDA. Customers write real letters over SMTP; the bot reads the support mailbox over IMAP (IDLE) and answers
/// over SMTP; the tests read what reaches the customers' inboxes. Engineers stay in Telegram (the fake Bot API).
/// </summary>
public sealed class MailEndToEndTests
{
    internal static Dictionary<string, string?> MailSettings(MailServers servers)
    {
        var settings = StaffSettings();
        settings["Mail:Imap:Host"] = "127.0.0.1";
        settings["Mail:Imap:Port"] = servers.ImapPort.ToString(CultureInfo.InvariantCulture);
        settings["Mail:Imap:Security"] = "None";
        settings["Mail:Imap:User"] = MailCustomer.Support;
        settings["Mail:Imap:Password"] = "support-pass";
        settings["Mail:Smtp:Host"] = "127.0.0.1";
        settings["Mail:Smtp:Port"] = servers.SmtpPort.ToString(CultureInfo.InvariantCulture);
        settings["Mail:Smtp:Security"] = "None";
        settings["Mail:Address"] = MailCustomer.Support;
        settings["Mail:DisplayName"] = "Техподдержка Вендора";
        return settings;
    }

    [SkippableFact]
    public async Task ALetterBecomesATicket_AcknowledgedInItsThread_TheReplyJoinsIt_TheEngineersWordArrivesThreaded()
    {
        await using var servers = await MailServers.StartAsync();
        var anna = new MailCustomer(servers, "anna@client.test", "anna-pass", "Анна Смирнова");
        var screenshot = new MimePart("image", "png") { Content = new MimeContent(new MemoryStream(Enumerable.Range(0, 50_000).Select(i => (byte)((i * 7) & 0xFF)).ToArray())), FileName = "screen.png", ContentDisposition = new ContentDisposition(ContentDisposition.Attachment), ContentTransferEncoding = ContentEncoding.Base64 };
        var first = await anna.WriteAsync("[1] Не запускается сервер лицензий",
            "Добрый день!\n\nПосле обновления сервер лицензий не стартует, все пользователи стоят.\n\n-- \nАнна Смирнова, ООО Ромашка", files: [screenshot]);

        await using var bot = await BotHarness.StartAsync(MailSettings(servers));
        Ticket? ticket = null;
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            ticket = await db.Tickets.Include(t => t.Attachments).SingleOrDefaultAsync();
            return ticket is not null;
        }, "the letter becomes a ticket", TimeSpan.FromSeconds(30));

        Assert.Equal(1, ticket!.Number);
        Assert.Equal(PriorityLevel.Critical, ticket.Level);
        Assert.Equal(LevelChoice.Customer, ticket.LevelChoice);
        Assert.Null(ticket.Category);
        Assert.StartsWith("Не запускается сервер лицензий\n\nДобрый день!", ticket.Description);
        Assert.Equal(("Mail", "anna@client.test", "Анна Смирнова"), (ticket.Customer.Channel.Name, ticket.Customer.ChatId, ticket.Customer.Name));
        Assert.Equal(await InternalDateAsync(servers, first.MessageId!), ticket.Received.ToDateTimeOffset());
        var file = Assert.Single(ticket.Attachments).File;
        Assert.Equal(("screen.png", 50_000L), (file.FileName, file.Size));

        // The acknowledgement, in the letter's thread.
        var ack = await anna.WaitForLetterAsync(1);
        Assert.Equal("[#1] Не запускается сервер лицензий", ack.Subject);
        Assert.Equal(first.MessageId, ack.InReplyTo);
        Assert.Contains(first.MessageId, ack.References);
        Assert.Equal(MailCustomer.Support, ack.From.Mailboxes.Single().Address);
        Assert.Equal("Техподдержка Вендора", ack.From.Mailboxes.Single().Name);
        var text = ack.TextBody;
        Assert.StartsWith("Здравствуйте, Анна Смирнова!\n\nВаше письмо зарегистрировано как заявка #1 — 25.11.2026 18:30 МСК.", text!.ReplaceLineEndings("\n"));
        Assert.Contains("Уровень 1 (критичный)", text);
        Assert.Contains("Инженер возьмёт заявку в работу до 25.11.2026 22:30 МСК.", text);
        Assert.Contains("начав его словами «Организация: название вашей организации»", text);
        Assert.Contains("[#1]", text);
        Assert.Contains("начав текст словами «уровень 1»", text);

        // The duty card names the channel, and the file reached Telegram from the mailbox.
        var card = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty, what: "post the card");
        Assert.Contains("Клиент: Анна Смирнова · e-mail", FakeBotApi.TextOf(card));

        // Anna replies in the thread: the reply joins #1 (no second ticket, no second acknowledgement).
        await anna.WriteAsync("Re: " + ack.Subject, "Организация: ООО Ромашка\nЗабыла: версия 5.2.\n\n25.11.2026 18:30, Техподдержка Вендора пишет:\n> Ваше письмо зарегистрировано", inReplyTo: ack);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.Tickets.Where(t => t.Number == 1).SelectMany(t => t.Messages).AnyAsync(m => m.Text == "Организация: ООО Ромашка\nЗабыла: версия 5.2.");
        }, "the reply joins ticket #1", TimeSpan.FromSeconds(30));
        await using (var db = bot.OpenDatabase())
        {
            // The organisation the acknowledgement asked for is on her profile now: the next letter will not ask again.
            Assert.Equal("ООО Ромашка", (await db.Customers.SingleAsync()).Organisation);
        }

        await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).Contains("Забыла: версия 5.2.", StringComparison.Ordinal), what: "tell the duty chat");

        // «уровень 2» opening a reply, while nobody holds the ticket: the level and the deadline follow, and she is told.
        await anna.WriteAsync("Re: " + ack.Subject, "Уровень 2\nЕсть обходной путь: работаем на резервном сервере.", inReplyTo: ack);
        var changed = await anna.WaitForLetterAsync(2);
        Assert.Equal("[#1] Не запускается сервер лицензий", changed.Subject);
        Assert.Equal("Уровень заявки #1 изменён по вашему письму на 2 (средний). Инженер возьмёт её в работу до конца 26.11.2026 (МСК).", changed.TextBody!.Trim());
        await using (var db = bot.OpenDatabase())
        {
            var now = await db.Tickets.SingleAsync();
            Assert.Equal((PriorityLevel.Medium, LevelChoice.Customer), (now.Level, now.LevelChoice));
        }

        // Ivan claims it in Telegram: Anna's next letter says so, in the same thread.
        bot.Api.UserPresses(Ivan, card.MessageId!.Value, "claim:1", "Иван", chatId: Duty);
        var claimed = await anna.WaitForLetterAsync(3);
        Assert.Equal("[#1] Не запускается сервер лицензий", claimed.Subject);
        Assert.Contains("Инженер Иван Петров взял вашу заявку #1 в работу.", claimed.TextBody);
        Assert.Contains(first.MessageId, claimed.References);
        Assert.Contains(ack.MessageId, claimed.References);

        // Ivan answers with a screenshot (a photo captioned «/reply 1 …» in Telegram): a letter with his words, then one
        // with the picture attached, both in the thread.
        var fix = Enumerable.Range(0, 30_000).Select(i => (byte)((i * 13) & 0xFF)).ToArray();
        bot.Api.AddFile("fix-photo", fix);
        bot.Api.UserSendsPhoto(Ivan, "fix-photo", "/reply 1 Перезапустите службу так, как на снимке", "Иван");
        var words = await anna.WaitForLetterAsync(4);
        Assert.Equal("[#1] Не запускается сервер лицензий", words.Subject);
        Assert.Equal("💬 Инженер Иван Петров по заявке #1:\nПерезапустите службу так, как на снимке", words.TextBody!.Trim().ReplaceLineEndings("\n"));
        var picture = await anna.WaitForLetterAsync(5);
        Assert.Equal("[#1] Не запускается сервер лицензий", picture.Subject);
        var attached = Assert.Single(picture.Attachments.OfType<MimePart>());
        using (var bytes = new MemoryStream())
        {
            await attached.Content!.DecodeToAsync(bytes);
            Assert.Equal(fix, bytes.ToArray());
        }

        // Ivan resolves it: the letter asks «Проблема решена?» and says how to answer by mail; «Да» closes the ticket.
        bot.Api.UserSends(Ivan, "/resolve 1 Перезапустили службу лицензий", "Иван");
        var question = await anna.WaitForLetterAsync(6);
        Assert.Equal("[#1] Не запускается сервер лицензий", question.Subject);
        Assert.Contains("Проблема решена?", question.TextBody);
        Assert.Contains("Ответьте на это письмо словом «да», если проблема решена, или «нет», если нет.", question.TextBody);
        await anna.WriteAsync("Re: " + question.Subject, "Да, спасибо!\n\n> Проблема решена?", inReplyTo: question);
        var closed = await anna.WaitForLetterAsync(7);
        Assert.StartsWith("Спасибо! Заявка #1 закрыта.", closed.TextBody);
        Assert.Contains("Оцените, пожалуйста, работу поддержки по заявке #1: 1 — плохо, 5 — отлично.", closed.TextBody);
        Assert.Contains("Чтобы оценить, ответьте на это письмо цифрой от 1 до 5 — можно добавить пару слов после неё.", closed.TextBody);
        await using (var db = bot.OpenDatabase())
        {
            Assert.Equal(TicketStatus.Closed, (await db.Tickets.SingleAsync()).Status);
        }

        // She rates by a reply: the digit is the score, the words after it its comment.
        await anna.WriteAsync("Re: " + closed.Subject, "4 — быстро разобрались, спасибо\n\n> Оцените, пожалуйста", inReplyTo: closed);
        var rated = await anna.WaitForLetterAsync(8);
        Assert.StartsWith("Спасибо за оценку 4 из 5 по заявке #1! Ваш комментарий сохранён", rated.TextBody);
        await using (var db = bot.OpenDatabase())
        {
            var scored = await db.Tickets.SingleAsync();
            Assert.Equal((4, "быстро разобрались, спасибо"), (scored.SatisfactionScore!.Value, scored.SatisfactionComment));
        }

        // All five of her letters were moved out of the inbox into the processed folder.
        var (inbox, processed) = await FoldersAsync(servers);
        Assert.Equal((0, 5), (inbox, processed));
        Assert.DoesNotContain(bot.Logs, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    private static async Task<DateTimeOffset> InternalDateAsync(MailServers servers, string messageId)
    {
        using var imap = await SupportMailboxAsync(servers);
        foreach (var name in new[] { "Processed", "INBOX" })
        {
            var folder = name == "INBOX" ? imap.Inbox : await imap.GetFolderAsync(name);
            await folder.OpenAsync(FolderAccess.ReadOnly);
            var found = await folder.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId));
            if (found.Count > 0)
            {
                var summary = (await folder.FetchAsync(found, new FetchRequest(MessageSummaryItems.InternalDate))).Single();
                return summary.InternalDate!.Value;
            }
        }

        throw new InvalidOperationException("The letter is in neither folder.");
    }

    internal static async Task<(int Inbox, int Processed)> FoldersAsync(MailServers servers)
    {
        using var imap = await SupportMailboxAsync(servers);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var inbox = imap.Inbox.Count;
        var processed = await imap.GetFolderAsync("Processed");
        await processed.OpenAsync(FolderAccess.ReadOnly);
        return (inbox, processed.Count);
    }

    private static async Task<ImapClient> SupportMailboxAsync(MailServers servers)
    {
        var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", servers.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(MailCustomer.Support, "support-pass");
        return imap;
    }
}
