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
/// through the real planner into Quartz's store (SQLite, or PostgreSQL's clustered one), fired by the real host on
/// real time. Prints how long planning took and p50/p99 of (sent − due), the due moment taken from the seeded tickets
/// themselves: a ping whose time passed while planning was still going on counts as late by that much.
/// </summary>
internal static class PingBench
{
    /// <summary>Several runs, each on a fresh database; the last line gives the worst p99 and the spread.</summary>
    public static async Task RunAsync(TextWriter output, int open, int runs, TimeSpan within, CancellationToken cancellationToken, BenchDatabase? database = null)
    {
        database ??= BenchDatabase.Sqlite;
        var p99s = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            if (await RunOnceAsync(output, open, run, within, database, cancellationToken) is { } p99)
            {
                p99s.Add(p99);
            }
        }

        if (p99s.Count > 0)
        {
            output.WriteLine(BenchHost.Invariant(
                $"pings: {open:N0} open tickets on {database.Name}, {p99s.Count} of {runs} runs: p99 {p99s.Max():F2} s at worst (runs {string.Join(", ", p99s.Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))}; spread {p99s.Max() - p99s.Min():F2} s; target ≤ 2 s every run)"));
        }
    }

    private static async Task<double?> RunOnceAsync(TextWriter output, int open, int run, TimeSpan within, BenchDatabase database, CancellationToken cancellationToken)
    {
        await using var api = await BenchBotApi.StartAsync();
        var lead = TimeSpan.FromSeconds((within.TotalSeconds / 4) + (open * 0.002));
        Instant first = default;
        var spread = Duration.FromTimeSpan(within) / open;
        await using var bench = await BenchHost.StartAsync(api, new Dictionary<string, string?>
        {
            ["Telegram:GlobalPerSecond"] = "100000",
            ["Telegram:GroupPerMinute"] = "1000000",
            ["Support:DutyChatId"] = "-100",
        }, cancellationToken, async directory =>
        {
            // Pings at 50% of a 4-hour window: registered 2 h before the moment each should fire.
            await BenchHost.MigrateAsync(database, directory, cancellationToken);
            first = TimeProvider.System.GetCurrentInstant() + Duration.FromTimeSpan(lead);
            await database.ExecuteAsync(directory, database.IsPostgres ? PostgresSeed : Seed, new Dictionary<string, object>
            {
                ["n"] = open,
                ["first"] = (first - Duration.FromHours(2)).ToUnixTimeTicks(),
                ["step"] = (long)spread.BclCompatibleTicks,
                ["org"] = Domain.Localization.DemoTexts.BenchOrganisation,
                ["description"] = Domain.Localization.DemoTexts.BenchProblem,
            }, cancellationToken);
        }, database);

        var planning = Stopwatch.StartNew();
        bench.Host.Services.GetRequiredService<ScheduleSignal>().Notify();
        while (await bench.QueryAsync(db => db.ScheduleRequests.CountAsync(cancellationToken)) > 0)
        {
            await Task.Delay(200, cancellationToken);
        }

        planning.Stop();
        var planned = TimeProvider.System.GetCurrentInstant();
        var deadline = Stopwatch.StartNew();
        while (await bench.QueryAsync(db => db.EscalationsSent.CountAsync(cancellationToken)) < open && deadline.Elapsed < lead + TimeSpan.FromMinutes(4))
        {
            await Task.Delay(500, cancellationToken);
        }

        var sent = await bench.QueryAsync(db => db.EscalationsSent.Select(e => new { e.TicketNumber, e.SentAt }).ToListAsync(cancellationToken));
        // Ticket n's 50% ping is due at first + n × spread (see the seed).
        var fired = sent.Select(e => new { e.SentAt, Lateness = Duration.Max(Duration.Zero, e.SentAt - (first + (spread * e.TicketNumber))) }).ToList();
        var seconds = fired.Select(l => l.Lateness.TotalSeconds).Order().ToList();
        // The worst lateness in each tenth of the span the pings fall due in: where in it the time was lost.
        var slices = fired.GroupBy(f => Math.Clamp((int)((f.SentAt - f.Lateness - first).TotalSeconds * 10 / within.TotalSeconds), 0, 9))
            .OrderBy(g => g.Key).Select(g => g.Max(f => f.Lateness.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture));
        if (seconds.Count == 0)
        {
            output.WriteLine(BenchHost.Invariant($"pings: run {run}: none fired"));
            return null;
        }

        double P(int p) => seconds[Math.Clamp((int)Math.Ceiling(p / 100.0 * seconds.Count), 1, seconds.Count) - 1];
        output.WriteLine(BenchHost.Invariant(
            $"pings: run {run}: {open:N0} open tickets planned ({open * 4:N0} triggers) in {planning.Elapsed.TotalSeconds:F1} s, the first due {(first - planned).TotalSeconds:F0} s later; {seconds.Count:N0} fired (due within {within.TotalSeconds:F0} s), lateness p50 {P(50):F2} s, p99 {P(99):F2} s, max {seconds[^1]:F2} s; worst per tenth of the span: {string.Join(" ", slices)}"));
        return P(99);
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

    /// <summary>The same rows on PostgreSQL (quoted names, real booleans, generate_series; the identity moved past them).</summary>
    private const string PostgresSeed = """
        INSERT INTO "Customers" ("Id", "Channel", "UserId", "ChatId", "DisplayName", "Organisation", "Language", "LanguageChosen", "Awaiting", "PendingComment")
        VALUES (1, 'Telegram', '1', '1', 'Bench', @org, 'Ru', false, 'Nothing', 'null');

        INSERT INTO "Tickets" ("Id", "Number", "CustomerId", "Category", "Description", "Level", "LevelChoice", "NeedsTriage", "Received", "Registered", "ReactionWindowStart",
            "ReactionDeadline_At", "ReactionDeadline_EndOfDay", "ReactedAt", "Status", "ReopenCount", "Version",
            "Customer_Channel", "Customer_ChatId", "Customer_CustomerId", "Customer_Name", "Customer_Organisation", "Customer_UserId")
        SELECT n, n, 1, 'Diagnostics', @description || ' ' || n, 'Critical', 'Customer', false,
            @first + n * @step, @first + n * @step, @first + n * @step, @first + n * @step + 144000000000, NULL, NULL, 'Registered', 0, 1,
            'Telegram', '1', 1, 'Bench', @org, '1'
        FROM generate_series(1, @n) AS n;

        INSERT INTO "ReactionWindows" ("TicketId", "Sequence", "Start", "Level", "Deadline_At")
        SELECT "Id", 1, "ReactionWindowStart", "Level", "ReactionDeadline_At" FROM "Tickets";

        INSERT INTO "ScheduleRequests" ("TicketNumber", "RequestedAt") SELECT "Number", "Registered" FROM "Tickets";
        SELECT setval(pg_get_serial_sequence('"Customers"', 'Id'), 1);
        SELECT setval(pg_get_serial_sequence('"Tickets"', 'Id'), @n);
        """;
}
