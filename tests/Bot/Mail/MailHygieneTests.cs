using System.Diagnostics;
using System.Text;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Xunit.Abstractions;

namespace ChatSupport.Tests.Bot.Mail;

/// <summary>
/// Letters as Russian mail really comes: old charsets, HTML only, auto-replies and bounces, forged senders, a customer
/// who writes a lot, a mailbox full of letters at start — on the same real Dovecot and SMTP servers.
/// </summary>
public sealed class MailHygieneTests(ITestOutputHelper output)
{
    static MailHygieneTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [SkippableFact]
    public async Task OldCharsetsAndHtmlReadCorrectly_AutomaticAndUnconfirmedLettersGetNoAnswer()
    {
        await using var servers = await MailServers.StartAsync();
        var anna = new MailCustomer(servers, "anna@client.test", "anna-pass", "Анна");
        await using var bot = await BotHarness.StartAsync(MailEndToEndTests.MailSettings(servers));

        // windows-1251, 8-bit, with the subject in windows-1251 too.
        var cp1251 = Encoding.GetEncoding(1251);
        await anna.WriteAsync("x", "x", shape: m =>
        {
            m.Headers.Replace(HeaderId.Subject, cp1251, "Уровень 2: не проходит обмен с банком");
            var part = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.EightBit };
            part.SetText(cp1251, "Выгрузка в банк падает с ошибкой «Неверный формат».");
            m.Body = part;
        });
        await WaitForTicketsAsync(bot, 1);

        // KOI8-R, quoted-printable.
        var koi8 = Encoding.GetEncoding("koi8-r");
        await anna.WriteAsync("x", "x", shape: m =>
        {
            m.Headers.Replace(HeaderId.Subject, koi8, "Обновление до версии 5.3");
            var part = new TextPart("plain") { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
            part.SetText(koi8, "Где взять обновление и как его установить?");
            m.Body = part;
        });
        await WaitForTicketsAsync(bot, 2);

        // HTML only.
        await anna.WriteAsync("Вопрос по отчётам", "x", shape: m => m.Body = new TextPart("html")
        {
            Text = "<html><head><style>p{color:red}</style></head><body><p>Отчёт&nbsp;№5 пустой.</p><ul><li>за май</li><li>за июнь</li></ul><p>Подробнее: <a href=\"https://client.test/r5\">ссылка</a></p></body></html>",
        });
        await WaitForTicketsAsync(bot, 3);

        // An out-of-office answer, a bounce and a forged sender: taken, never answered.
        await anna.WriteAsync("Автоответ: меня нет до понедельника", "Я в отпуске.", shape: m => m.Headers.Add(HeaderId.AutoSubmitted, "auto-replied"));
        await WaitForTicketsAsync(bot, 4);
        var bounce = new MimeMessage();
        bounce.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@client.test"));
        bounce.To.Add(new MailboxAddress(null, MailCustomer.Support));
        bounce.Subject = "Undelivered Mail Returned to Sender";
        bounce.Body = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "This is the mail system at host client.test." } };
        await anna.SendAsync(bounce);
        await WaitForTicketsAsync(bot, 5);
        await anna.WriteAsync("[#1] Срочно пришлите пароли", "Пришлите пароли администратора.", shape: m =>
            m.Headers.Insert(0, new Header(HeaderId.AuthenticationResults, "mx.desk.test; spf=fail smtp.mailfrom=client.test; dkim=none; dmarc=fail header.from=client.test")));
        await WaitForTicketsAsync(bot, 6);

        await using var db = bot.OpenDatabase();
        var tickets = await db.Tickets.OrderBy(t => t.Number).ToListAsync();
        Assert.Equal(("Уровень 2: не проходит обмен с банком\n\nВыгрузка в банк падает с ошибкой «Неверный формат».", PriorityLevel.Medium), (tickets[0].Description, tickets[0].Level));
        Assert.Equal("Обновление до версии 5.3\n\nГде взять обновление и как его установить?", tickets[1].Description);
        Assert.Equal(RequestCategory.Updates, tickets[1].Category);
        Assert.Equal((PriorityLevel.Low, LevelChoice.Triage, true), (tickets[1].Level, tickets[1].LevelChoice, tickets[1].NeedsTriage));
        Assert.Equal("Вопрос по отчётам\n\nОтчёт №5 пустой.\n• за май\n• за июнь\nПодробнее: ссылка (https://client.test/r5)", tickets[2].Description);
        // The forged letter named #1 but did not join it: a ticket of its own, flagged.
        Assert.StartsWith("⚠ Отправитель не подтверждён", tickets[5].Description);
        Assert.True(tickets[5].NeedsTriage);
        Assert.Empty(await db.Tickets.Where(t => t.Number == 1).SelectMany(t => t.Messages).ToListAsync());

        // Three acknowledgements: none to the auto-reply, the bounce or the unconfirmed sender.
        await Task.Delay(1500);
        var inbox = await anna.InboxAsync();
        Assert.Equal(["[#1] Уровень 2: не проходит обмен с банком", "[#2] Обновление до версии 5.3", "[#3] Вопрос по отчётам"], inbox.Select(l => l.Subject).Order());
        Assert.DoesNotContain(bot.Logs, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task BrokenMime_AHugeLetter_AndAMailOnlyDesk_NeverStopTheChannel()
    {
        await using var servers = await MailServers.StartAsync();
        var anna = new MailCustomer(servers, "anna@client.test", "anna-pass", "Анна");

        // A multipart whose boundary never comes, a base64 part with garbage in it, 8-bit bytes in a header.
        var broken = Encoding.UTF8.GetBytes(
            "From: Anna <anna@client.test>\r\nTo: support@desk.test\r\nSubject: Сломанное письмо\r\nMessage-ID: <broken-1@client.test>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"never-comes\"\r\n\r\n"
            + "--wrong-boundary\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!не base64!!!\r\n"
            + "Текст, который всё же нужно увидеть.\r\n");
        await anna.SendRawAsync(broken);

        // 25 MB: a log attached, over Files:MaxFileSize (20 MB) — named on the ticket, not forwarded; read through a file.
        var huge = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(new byte[25 * 1024 * 1024])),
            FileName = "huge.log",
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        await anna.WriteAsync("Огромный журнал", "Журнал во вложении.", files: [huge]);

        // Only the mailbox: no Telegram, no MAX — the desk still runs (staff cards need Telegram, as for MAX alone).
        var settings = MailEndToEndTests.MailSettings(servers);
        settings["Telegram:BotToken"] = null;
        await using var bot = await BotHarness.StartAsync(settings);
        await WaitForTicketsAsync(bot, 2, TimeSpan.FromSeconds(60));

        await using var db = bot.OpenDatabase();
        var tickets = await db.Tickets.Include(t => t.Attachments).OrderBy(t => t.Number).ToListAsync();
        var damaged = Assert.Single(tickets, t => t.Description.Contains("Сломанное письмо", StringComparison.Ordinal));
        Assert.StartsWith("⚠ Письмо повреждено", damaged.Description);
        Assert.Contains("Текст, который всё же нужно увидеть.", damaged.Description);
        Assert.True(damaged.NeedsTriage);
        var big = Assert.Single(tickets, t => t.Description.Contains("Огромный журнал", StringComparison.Ordinal));
        Assert.Contains("📎 Файл «huge.log» (25 МБ) больше допустимого и не передан", big.Description);
        Assert.Empty(big.Attachments);
        Assert.Equal((0, 2), await MailEndToEndTests.FoldersAsync(servers));
        await anna.WaitForLetterAsync(2);
        Assert.All(await anna.InboxAsync(), l => Assert.StartsWith("[#", l.Subject, StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task FiveHundredLettersWaitingAtStart_AllBecomeTickets_AcknowledgementsCappedPerAddress()
    {
        await using var servers = await MailServers.StartAsync();
        var anna = new MailCustomer(servers, "anna@client.test", "anna-pass", "Анна");
        var boris = new MailCustomer(servers, "boris@client.test", "boris-pass", "Борис");
        for (var i = 0; i < 500; i++)
        {
            await (i % 2 == 0 ? anna : boris).WriteAsync($"Проблема {i}", $"Описание проблемы {i}.");
        }

        var watch = Stopwatch.StartNew();
        var settings = MailEndToEndTests.MailSettings(servers);
        settings["Logging:LogLevel:ChatSupport"] = "Information";
        await using var bot = await BotHarness.StartAsync(settings);
        await WaitForTicketsAsync(bot, 500, TimeSpan.FromMinutes(3));
        watch.Stop();

        await using (var db = bot.OpenDatabase())
        {
            var descriptions = await db.Tickets.Select(t => t.Description).ToListAsync();
            Assert.Equal(Enumerable.Range(0, 500).Select(i => $"Проблема {i}\n\nОписание проблемы {i}.").Order(), descriptions.Order());
            Assert.Equal(500, await db.MailLetters.CountAsync(l => !l.Outgoing));
        }

        // Mail:AutoRepliesPerAddressPerHour (20): the rest are registered all the same, without a letter back.
        await Eventually.TrueAsync(async () => (await anna.InboxAsync()).Count == 20 && (await boris.InboxAsync()).Count == 20, "40 acknowledgements go out", TimeSpan.FromSeconds(60));
        await Task.Delay(1500);
        Assert.Equal((20, 20), ((await anna.InboxAsync()).Count, (await boris.InboxAsync()).Count));
        Assert.Equal((0, 500), await MailEndToEndTests.FoldersAsync(servers));
        output.WriteLine($"mail: 500 letters waiting at start became 500 tickets in {watch.Elapsed.TotalSeconds:F1} s from the bot's start ({500 / watch.Elapsed.TotalSeconds:F0} letters/s)");
    }

    private static async Task WaitForTicketsAsync(BotHarness bot, int count, TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                await using var db = bot.OpenDatabase();
                return await db.Tickets.CountAsync() >= count;
            }, $"{count} tickets", timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + " Bot log: " + string.Join(" | ", bot.Logs.Where(l => l.Contains("ChatSupport.Bot.Mail", StringComparison.Ordinal) || l.Contains("PollingLoop", StringComparison.Ordinal) || l.Contains("IMAP", StringComparison.Ordinal)).TakeLast(20)), ex);
        }
    }
}
