using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Sla;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// <c>bench</c>: measures the real pipeline on this machine and prints the numbers.
/// <c>intake</c>: complete registrations per second through the real host (Telegram.Bot over HTTP to a
/// local Bot API, SQLite, outbox); <c>sla</c>: deadline computations per second.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "Customers registering at once (intake)", DefaultValueFactory = _ => 300 };
        var command = new Command("bench", "Measure throughput on this machine and print the numbers") { customers };
        var tickets = new Option<int>("--tickets") { Description = "Tickets in the digest database", DefaultValueFactory = _ => 1_000_000 };
        command.Add(tickets);
        var openTickets = new Option<int>("--open") { Description = "Open tickets carrying pings", DefaultValueFactory = _ => 10_000 };
        command.Add(openTickets);
        var which = new Argument<string>("what") { Description = "intake | sla | digest | pings | all", DefaultValueFactory = _ => "all" };
        which.AcceptOnlyFromAmong("intake", "sla", "digest", "pings", "all");
        command.Add(which);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var what = parse.GetValue(which);
            if (what is "sla" or "all")
            {
                Sla(output);
            }

            if (what is "intake" or "all")
            {
                await IntakeAsync(output, Math.Clamp(parse.GetValue(customers), 1, 100_000), ct);
            }

            if (what is "pings" or "all")
            {
                await PingBench.RunAsync(output, Math.Clamp(parse.GetValue(openTickets), 100, 100_000), ct);
            }

            if (what is "digest" or "all")
            {
                await DigestBench.RunAsync(output, Math.Clamp(parse.GetValue(tickets), 1_000, 10_000_000), ct);
            }

            return 0;
        });
        return command;
    }

    private static void Sla(TextWriter output)
    {
        foreach (var (name, calendar) in new (string, SupportCalendar)[]
        {
            ("24x7", new AlwaysOpenCalendar(DateTimeZoneProviders.Tzdb["Europe/Moscow"])),
            ("schedule", new CalendarSettings
            {
                Mode = "Schedule",
                Week = new Dictionary<string, string?> { ["Monday"] = "09:00-18:00", ["Tuesday"] = "09:00-18:00", ["Wednesday"] = "09:00-18:00", ["Thursday"] = "09:00-18:00", ["Friday"] = "09:00-13:00,14:00-17:00" },
                Holidays = ["2027-01-01", "2027-01-02", "2027-01-07"],
            }.Build(out _)),
        })
        {
            var policy = new SlaPolicy(calendar);
            var start = Instant.FromUtc(2026, 1, 1, 0, 0);
            const int n = 200_000;
            var sw = Stopwatch.StartNew();
            var latest = Instant.MinValue;
            for (var i = 0; i < n; i++)
            {
                var at = start + Duration.FromMinutes(i * 7L);
                latest = Instant.Max(latest, policy.ReactionDeadline((PriorityLevel)((i % 3) + 1), at).At);
            }

            sw.Stop();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sla {name}: {n / sw.Elapsed.TotalSeconds:F0} reaction deadlines/s ({n} in {sw.Elapsed.TotalMilliseconds:F0} ms, latest {latest})"));
        }
    }

    private static async Task IntakeAsync(TextWriter output, int customers, CancellationToken cancellationToken)
    {
        await using var api = await BenchBotApi.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = "123456:BENCH_token-abcdefghijklmnopqrstuvwxyz0123",
                ["Telegram:ApiBaseUrl"] = api.BaseUrl,
                ["Telegram:PollingTimeout"] = "00:00:01",
                // The fake has no flood control: lift Telegram's limits to measure the pipeline itself.
                ["Telegram:PrivateChatPerSecond"] = "1000",
                ["Telegram:GlobalPerSecond"] = "100000",
                ["ConnectionStrings:Support"] = $"Data Source={Path.Combine(directory, "bench.db")}",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            using var host = BotHost.Build([], configuration, SlaSetup.FromConfiguration(configuration));
            await host.StartAsync(cancellationToken);

            var updates = Script(customers);
            var sw = Stopwatch.StartNew();
            api.Enqueue(updates);
            var expectedMessages = customers * 7;
            var registeredAt = TimeSpan.Zero;
            while (true)
            {
                await Task.Delay(50, cancellationToken);
                await using var scope = host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
                if (registeredAt == TimeSpan.Zero && await db.Tickets.CountAsync(cancellationToken) >= customers)
                {
                    registeredAt = sw.Elapsed;
                }

                if (registeredAt != TimeSpan.Zero && api.Sent >= expectedMessages)
                {
                    break;
                }

                if (sw.Elapsed > TimeSpan.FromMinutes(5))
                {
                    output.WriteLine($"intake: gave up after 5 min ({api.Sent} of {expectedMessages} messages)");
                    break;
                }
            }

            var delivered = sw.Elapsed;
            await host.StopAsync(cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"intake: {customers} customers, {updates.Count} updates: registered in {registeredAt.TotalSeconds:F2} s = {customers / registeredAt.TotalSeconds:F1} registrations/s ({updates.Count / registeredAt.TotalSeconds:F0} updates/s); all {api.Sent} replies delivered in {delivered.TotalSeconds:F2} s"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"intake: under Telegram's real limit of 30 messages/s a registration (7 replies) is capped at {30.0 / 7:F1}/s across all customers"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Each customer: /new, organisation, category, description, «Готово», level 3, «Зарегистрировать».</summary>
    private static List<JsonObject> Script(int customers)
    {
        var updates = new List<JsonObject>();
        var id = 1;
        JsonObject Message(long user, string text) => new()
        {
            ["update_id"] = id++,
            ["message"] = new JsonObject
            {
                ["message_id"] = id,
                ["date"] = 1_764_000_000,
                ["chat"] = new JsonObject { ["id"] = user, ["type"] = "private", ["first_name"] = "Bench" },
                ["from"] = new JsonObject { ["id"] = user, ["is_bot"] = false, ["first_name"] = "Bench", ["language_code"] = "ru" },
                ["text"] = text,
            },
        };
        JsonObject Press(long user, string data) => new()
        {
            ["update_id"] = id++,
            ["callback_query"] = new JsonObject
            {
                ["id"] = $"cb{id}",
                ["from"] = new JsonObject { ["id"] = user, ["is_bot"] = false, ["first_name"] = "Bench", ["language_code"] = "ru" },
                ["chat_instance"] = "bench",
                ["data"] = data,
                ["message"] = new JsonObject { ["message_id"] = 1, ["date"] = 1_764_000_000, ["chat"] = new JsonObject { ["id"] = user, ["type"] = "private", ["first_name"] = "Bench" }, ["text"] = "…" },
            },
        };

        // Interleaved like real traffic: every customer's first step, then every customer's second, …
        var users = Enumerable.Range(0, customers).Select(i => 500_000L + i).ToList();
        var steps = new Func<long, JsonObject>[]
        {
            u => Message(u, "/new"),
            u => Message(u, Domain.Localization.DemoTexts.BenchOrganisation),
            u => Press(u, "d:1:cat1"),
            u => Message(u, Domain.Localization.DemoTexts.BenchProblem),
            u => Press(u, "d:2:done"),
            u => Press(u, "d:3:lvl3"),
            u => Press(u, "d:4:reg"),
        };
        foreach (var step in steps)
        {
            updates.AddRange(users.Select(step));
        }

        return updates;
    }
}
