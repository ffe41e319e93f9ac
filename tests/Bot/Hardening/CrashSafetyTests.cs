using System.Globalization;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>
/// The real bot as a separate process against the fake Bot API and a real SQLite file, killed with SIGKILL
/// at random moments and restarted while customers register tickets and an engineer claims them; level-1
/// tickets left unclaimed must get their escalation pings. Afterwards nothing the customers were promised is
/// missing or doubled. <c>CHATSUPPORT_KILLS</c> raises the number of kills for a longer stress run.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RandomKills_LoseNothingAndDoubleNothing()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("CHATSUPPORT_KILLS"), CultureInfo.InvariantCulture, out var k) ? k : 20;
        await using var api = await FakeBotApi.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = Path.Combine(directory, "support.db");
        var environment = new Dictionary<string, string>
        {
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = api.BaseUrl,
            ["Telegram__PollingTimeout"] = "00:00:01",
            ["Telegram__PrivateChatPerSecond"] = "100",
            ["Telegram__GroupPerMinute"] = "100000",
            ["Telegram__GlobalPerSecond"] = "1000",
            ["ConnectionStrings__Support"] = $"Data Source={database}",
            ["Support__Sla__Level1Reaction"] = "00:01:00",
            ["Support__Escalation__RepeatAfterBreach"] = "00:00:00",
            ["Support__Staff__0__Name"] = "Иван Петров",
            ["Support__Staff__0__Role"] = "Engineer",
            ["Support__Staff__0__TelegramUserId"] = Ivan.ToString(CultureInfo.InvariantCulture),
            ["Support__DutyChatId"] = Duty.ToString(CultureInfo.InvariantCulture),
            ["Support__ManagersChatId"] = Managers.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };

        using var bot = new BotProcess(directory, environment);
        bot.Start();
        using var stop = new CancellationTokenSource();
        var customers = Enumerable.Range(0, 6).Select(i => new ScriptedCustomer(api, 70_000 + i, level: i % 3 == 0 ? "1 — ПО не работает" : "3 — неудобство")).ToList();
        var drivers = customers.Select(c => c.RunAsync(stop.Token)).ToList();
        var engineer = ClaimLevel3Async(api, stop.Token);

        var random = new Random(4242);
        for (var i = 0; i < kills; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(1500, 3500)));
            bot.Kill();
            bot.Start();
        }

        // Let everyone finish what they were doing, on a bot that is left alone.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await Task.WhenAll(drivers.Append(engineer).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        await Task.Delay(TimeSpan.FromSeconds(70)); // level-1 windows are a minute long: every ping falls due
        await Eventually.TrueAsync(async () =>
        {
            await using var db = Open(database);
            return !await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending) && !await db.ScheduleRequests.AnyAsync();
        }, "the outbox and the schedule drain", TimeSpan.FromSeconds(60));

        await using var check = Open(database);
        var run = await KillRunChecks.AssertNothingLostNothingDoubledAsync(check, api, customers, kills);
        var tickets = run.Tickets;

        // The run did something worth checking: some level-1 tickets were left for the pings, and the engineer claimed
        // some (0 = 0 proves nothing).
        Assert.Contains(tickets, t => t.Level == ChatSupport.Domain.Sla.PriorityLevel.Critical && t.ReactedAt is null);
        Assert.Contains(tickets, t => t.ReactedAt is not null);

        output.WriteLine($"crash: {kills} kills ({bot.Starts} starts); {tickets.Count} tickets confirmed and stored, {tickets.Sum(t => t.Messages.Count)} customer comments; "
            + $"{run.OutboxMessages} outbox messages, {run.Deliveries} deliveries, {run.Duplicates} duplicates; {run.Pings} pings for {run.UnclaimedLevel1} unclaimed level-1 tickets, {run.PingMessages} ping messages");
        Directory.Delete(directory, recursive: true);
    }

    internal static async Task ClaimLevel3Async(FakeBotApi api, CancellationToken stop)
    {
        var claimed = new HashSet<int>();
        while (!stop.IsCancellationRequested)
        {
            foreach (var card in api.Calls.Where(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).StartsWith("🟢 #", StringComparison.Ordinal)).ToList())
            {
                // «🟢 #12 · Уровень 3 …»: the emoji is two UTF-16 units, so the number is found after «#».
                var text = FakeBotApi.TextOf(card);
                var start = text.IndexOf('#', StringComparison.Ordinal) + 1;
                var number = int.Parse(text[start..text.IndexOf(' ', start)], CultureInfo.InvariantCulture);
                if (claimed.Add(number))
                {
                    api.UserSends(Ivan, $"/claim {number}", "Иван");
                }
            }

            try
            {
                await Task.Delay(300, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static SupportDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<SupportDbContext>().UseSqlite($"Data Source={path}").Options);
}

/// <summary>
/// A customer who keeps registering tickets and reads the newest message to decide what to do next, so
/// replies that arrive twice after a crash do not confuse them. Remembers every number they saw confirmed.
/// </summary>
public sealed class ScriptedCustomer(FakeBotApi api, long id, string level)
{
    private readonly List<string> _descriptions = [];

    public long Id => id;

    /// <summary>
    /// Every ticket number this customer was told about (first time each, in order), with the description
    /// they gave it: the n-th confirmation answers the n-th description.
    /// </summary>
    public List<(int Number, string Description)> ConfirmedFromLog()
    {
        var numbers = api.SentTo(id).Where(c => c.MessageId is not null).Select(FakeBotApi.TextOf)
            .Where(t => t.StartsWith("Заявка #", StringComparison.Ordinal) && t.Contains(" зарегистрирована ", StringComparison.Ordinal))
            .Select(t => int.Parse(t[8..t.IndexOf(' ', 8)], CultureInfo.InvariantCulture))
            .Distinct()
            .ToList();
        return [.. numbers.Select((n, i) => (n, _descriptions[i]))];
    }

    public async Task RunAsync(CancellationToken stop)
    {
        api.UserSends(id, "/new");
        var seen = 0;
        var previous = string.Empty;
        while (!stop.IsCancellationRequested)
        {
            var mine = api.SentTo(id).Where(c => c.MessageId is not null).ToList();
            if (mine.Count == seen)
            {
                try
                {
                    await Task.Delay(100, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            seen = mine.Count;
            var last = mine[^1];
            var text = FakeBotApi.TextOf(last);
            var buttons = FakeBotApi.ButtonsOf(last);
            var signature = text + string.Join("|", buttons.Values);
            if (signature == previous)
            {
                // The same message again: a reply re-sent after a crash. It was acted on already.
                continue;
            }

            previous = signature;
            if (text.StartsWith("Заявка #", StringComparison.Ordinal) && text.Contains(" зарегистрирована ", StringComparison.Ordinal))
            {
                api.UserSends(id, "/new");
            }
            else if (text.StartsWith("Как называется", StringComparison.Ordinal))
            {
                api.UserSends(id, $"ООО Клиент {id}");
            }
            else if (buttons.Keys.FirstOrDefault(b => b.Contains("Диагностика", StringComparison.Ordinal)) is { } category)
            {
                api.UserPresses(id, last.MessageId!.Value, buttons[category]);
            }
            else if (text.StartsWith("Опишите проблему", StringComparison.Ordinal))
            {
                var description = $"Проблема {id}-{_descriptions.Count + 1}";
                _descriptions.Add(description);
                api.UserSends(id, description);
            }
            else if (text.StartsWith("Добавлено в описание", StringComparison.Ordinal))
            {
                api.UserPresses(id, last.MessageId!.Value, buttons.Single(b => b.Key.Contains("Готово", StringComparison.Ordinal)).Value);
            }
            else if (buttons.Keys.FirstOrDefault(b => b.Contains(level, StringComparison.Ordinal)) is { } levelButton)
            {
                api.UserPresses(id, last.MessageId!.Value, buttons[levelButton]);
            }
            else if (buttons.Keys.FirstOrDefault(b => b.Contains("Зарегистрировать", StringComparison.Ordinal)) is { } register)
            {
                api.UserPresses(id, last.MessageId!.Value, buttons[register]);
            }
            else if (text.StartsWith("Инженер", StringComparison.Ordinal) || text.StartsWith("Вы уже оформляете", StringComparison.Ordinal))
            {
                // A notice about an earlier ticket, or a duplicate: the next message is the step to act on.
            }
        }
    }
}
