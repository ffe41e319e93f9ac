using System.Collections.Concurrent;
using System.Globalization;
using ChatSupport.Bot.Persistence;
using ChatSupport.Tests.Bot.Fakes;
using ChatSupport.Tests.Bot.Hardening;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.Mail;

/// <summary>
/// The bot as a process of its own, reading the real mailbox while customers keep writing, killed with SIGKILL again
/// and again and started anew: every letter becomes exactly one ticket, every letter ends in the processed folder,
/// and every ticket's acknowledgement arrives — at most one of them twice per kill (an SMTP send cannot be undone when
/// the bot dies before it recorded it). <c>CHATSUPPORT_MAIL_KILLS</c> sets how many kills (4; more on demand).
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class MailKillTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task KilledWhileLettersAreHandled_NoTicketLostOrDoubled_AtMostOneAcknowledgementDoubledPerKill()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("CHATSUPPORT_MAIL_KILLS"), CultureInfo.InvariantCulture, out var k) ? k : 4;
        var customers = Enumerable.Range(0, 8).Select(i => ($"c{i}@client.test", $"c{i}-pass")).ToList();
        await using var servers = await MailServers.StartAsync([("support@desk.test", "support-pass"), .. customers]);
        await using var api = await FakeBotApi.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "support.db");
        var environment = new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = api.BaseUrl,
            ["Telegram__PollingTimeout"] = "00:00:01",
            ["Telegram__GroupPerMinute"] = "100000",
            ["Telegram__GlobalPerSecond"] = "1000",
            ["ConnectionStrings__Support"] = $"Data Source={database}",
            ["Support__Staff__0__Name"] = "Иван Петров",
            ["Support__Staff__0__Role"] = "Engineer",
            ["Support__Staff__0__TelegramUserId"] = Ivan.ToString(CultureInfo.InvariantCulture),
            ["Support__DutyChatId"] = Duty.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in MailEndToEndTests.MailSettings(servers).Where(s => s.Key.StartsWith("Mail:", StringComparison.Ordinal)))
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        var writers = customers.Select(c => new MailCustomer(servers, c.Item1, c.Item2, "Клиент " + c.Item1[..2])).ToList();
        using var bot = new BotProcess(directory, environment);
        try
        {
            bot.Start();
            var sent = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            var writing = Task.Run(async () =>
            {
                // At most 15 letters a customer: under Mail:AutoRepliesPerAddressPerHour (20), so every one is acknowledged.
                for (var i = 0; !stop.IsCancellationRequested && i < writers.Count * 15; i++)
                {
                    var subject = $"Письмо {i.ToString(CultureInfo.InvariantCulture)}";
                    await writers[i % writers.Count].WriteAsync(subject, $"Текст письма {i.ToString(CultureInfo.InvariantCulture)}.");
                    sent.Add(subject);
                    await Task.Delay(60);
                }
            });

            var random = new Random(1717);
            for (var i = 0; i < kills; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1500, 3000)));
                bot.Kill();
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 800)));
                bot.Start();
            }

            await Task.Delay(1000);
            await stop.CancelAsync();
            await writing;

            // Every letter one ticket; every letter out of the inbox.
            await Eventually.TrueAsync(async () =>
            {
                await using var db = Open(database);
                return await db.Tickets.CountAsync() >= sent.Count;
            }, $"{sent.Count} letters become tickets", TimeSpan.FromSeconds(90));
            await using (var db = Open(database))
            {
                var subjects = (await db.Tickets.Select(t => t.Description).ToListAsync()).Select(d => d.Split("\n\n")[0]).ToList();
                Assert.Equal(sent.Order(), subjects.Order());
            }

            await Eventually.TrueAsync(async () => await MailEndToEndTests.FoldersAsync(servers) == (0, sent.Count), "every letter is moved to the processed folder", TimeSpan.FromSeconds(30));

            // Every ticket acknowledged; doubles only from a send the bot could not record before it died.
            var acknowledged = new List<string>();
            await Eventually.TrueAsync(async () =>
            {
                acknowledged.Clear();
                foreach (var writer in writers)
                {
                    acknowledged.AddRange((await writer.InboxAsync()).Select(l => l.Subject ?? string.Empty));
                }

                return acknowledged.Distinct().Count() >= sent.Count;
            }, "every ticket is acknowledged", TimeSpan.FromSeconds(90));
            var doubled = acknowledged.Count - acknowledged.Distinct().Count();
            Assert.InRange(doubled, 0, kills);
            Assert.All(acknowledged, s => Assert.Matches(@"^\[#\d+\] Письмо \d+$", s));
            output.WriteLine($"mail: {kills} kills while {sent.Count} letters came in; {sent.Count} tickets, {acknowledged.Distinct().Count()} acknowledged, {doubled} acknowledgement(s) sent twice");
        }
        finally
        {
            bot.Kill();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static SupportDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<SupportDbContext>().UseSqlite($"Data Source={path}").Options);
}
