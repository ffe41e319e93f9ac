using System.Diagnostics;
using System.Globalization;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// Escalation lateness under load: N open level-1 tickets whose 50% pings fall within one minute, planned
/// through the real planner into Quartz's SQLite store, fired by the real host on real time. Prints how long
/// planning took and p50/p99 of (fired − planned).
/// </summary>
public static class PingBench
{
    public static async Task RunAsync(TextWriter output, int open, CancellationToken cancellationToken)
    {
        await using var api = await BenchBotApi.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var connection = $"Data Source={Path.Combine(directory, "pings.db")}";
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Telegram:BotToken"] = "123456:BENCH_token-abcdefghijklmnopqrstuvwxyz0123",
                ["Telegram:ApiBaseUrl"] = api.BaseUrl,
                ["Telegram:PollingTimeout"] = "00:00:01",
                ["Telegram:GlobalPerSecond"] = "100000",
                ["Telegram:GroupPerMinute"] = "1000000",
                ["Support:DutyChatId"] = "-100",
                ["ConnectionStrings:Support"] = connection,
                ["Logging:LogLevel:Default"] = "Warning",
            };
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            using var host = BotHost.Build([], configuration, SlaSetup.FromConfiguration(configuration));
            await host.StartAsync(cancellationToken);

            // Pings at 50% of a 4-hour window: registered 2 h before the moment each should fire.
            var lead = TimeSpan.FromSeconds(Math.Max(60, open / 50.0));
            var first = TimeProvider.System.GetCurrentInstant() + Duration.FromTimeSpan(lead);
            var spread = Duration.FromMinutes(1) / open;
            await using (var sqlite = new SqliteConnection(connection))
            {
                await sqlite.OpenAsync(cancellationToken);
                await using var command = sqlite.CreateCommand();
                command.CommandText = Seed;
                command.Parameters.AddWithValue("$n", open);
                command.Parameters.AddWithValue("$first", (first - Duration.FromHours(2)).ToUnixTimeTicks());
                command.Parameters.AddWithValue("$step", (long)spread.BclCompatibleTicks);
                command.Parameters.AddWithValue("$org", Domain.Localization.DemoTexts.BenchOrganisation);
                command.Parameters.AddWithValue("$description", Domain.Localization.DemoTexts.BenchProblem);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var planning = Stopwatch.StartNew();
            host.Services.GetRequiredService<ScheduleSignal>().Notify();
            while (await Count(host, db => db.ScheduleRequests.CountAsync(cancellationToken)) > 0)
            {
                await Task.Delay(200, cancellationToken);
            }

            planning.Stop();
            var planned = TimeProvider.System.GetCurrentInstant();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pings: {open:N0} open tickets planned ({open * 4:N0} triggers) in {planning.Elapsed.TotalSeconds:F1} s; first ping due {(first - planned).TotalSeconds:F0} s after that"));

            var deadline = Stopwatch.StartNew();
            while (await Count(host, db => db.EscalationsSent.CountAsync(cancellationToken)) < open && deadline.Elapsed < lead + TimeSpan.FromMinutes(4))
            {
                await Task.Delay(500, cancellationToken);
            }

            var lateness = await Count(host, db => db.EscalationsSent.Select(e => e.Lateness).ToListAsync(cancellationToken));
            var seconds = lateness.Select(l => l.TotalSeconds).Order().ToList();
            await host.StopAsync(cancellationToken);
            if (seconds.Count == 0)
            {
                output.WriteLine("pings: none fired");
                return;
            }

            double P(int p) => seconds[Math.Clamp((int)Math.Ceiling(p / 100.0 * seconds.Count), 1, seconds.Count) - 1];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pings: {seconds.Count:N0} of {open:N0} fired; lateness p50 {P(50):F2} s, p99 {P(99):F2} s, max {seconds[^1]:F2} s (target p99 ≤ 2 s)"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<T> Count<T>(IHost host, Func<SupportDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SupportDbContext>());
    }

    private const string Seed = """
        INSERT INTO Customers (Id, Channel, UserId, ChatId, DisplayName, Organisation, Language, LanguageChosen, Awaiting, PendingComment)
        VALUES (1, 'Telegram', '1', '1', 'Bench', $org, 'Ru', 0, 'Nothing', 'null');

        WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $n)
        INSERT INTO Tickets (Id, Number, CustomerId, Category, Description, Level, LevelChoice, NeedsTriage, Received, Registered, ReactionWindowStart,
            ReactionDeadline_At, ReactionDeadline_EndOfDay, ReactedAt, Status, ReopenCount, Version,
            Customer_Channel, Customer_ChatId, Customer_CustomerId, Customer_Name, Customer_Organisation, Customer_UserId)
        SELECT n, n, 1, 'Diagnostics', $description || ' ' || n, 'Critical', 'Customer', 0,
            $first + n * $step, $first + n * $step, $first + n * $step, $first + n * $step + 144000000000, NULL, NULL, 'Registered', 0, 1,
            'Telegram', '1', 1, 'Bench', $org, '1'
        FROM seq;

        INSERT INTO ReactionWindows (TicketId, Sequence, Start, Level, Deadline_At)
        SELECT Id, 1, ReactionWindowStart, Level, ReactionDeadline_At FROM Tickets;

        INSERT INTO ScheduleRequests (TicketNumber, RequestedAt) SELECT Number, Registered FROM Tickets;
        """;
}
