using System.Diagnostics;
using System.Globalization;
using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// The digest on a big database: N tickets over three years (one reaction window and a resolve event each,
/// the newest few thousand still open), migrated like production; prints the seed time and the digest time.
/// </summary>
public static class DigestBench
{
    public static async Task RunAsync(TextWriter output, int tickets, CancellationToken cancellationToken)
    {
        var directory = BenchHost.NewDirectory();
        var connection = BenchHost.ConnectionFor(directory);
        try
        {
            var start = Instant.FromUtc(2024, 1, 1, 0, 0);
            var step = Duration.FromDays(3 * 365) / tickets;
            var seed = Stopwatch.StartNew();
            var options = await SeedAsync(connection, tickets, Math.Min(5000, tickets / 10), start, step, cancellationToken);
            seed.Stop();
            var sla = SlaSetup.FromConfiguration(new ConfigurationBuilder().Build());
            var now = start + (step * tickets) + Duration.FromHours(1);
            var day = sla.Policy.Calendar.DateOf(start + (step * (tickets / 2)));
            var timings = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                await using var db = new SupportDbContext(options);
                var service = new DigestService(db, sla, new FixedTime(now.ToDateTimeOffset()));
                var sw = Stopwatch.StartNew();
                var digest = await service.ComputeAsync(day, cancellationToken);
                sw.Stop();
                timings.Add(sw.Elapsed.TotalMilliseconds);
                if (run == 0)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"digest: {tickets:N0} tickets seeded in {seed.Elapsed.TotalSeconds:F1} s; day {day:yyyy-MM-dd}: {digest.RegisteredTotal} registered, {digest.ReactionsOverall.Due} reactions due, {digest.Breached.Count} breached open"));
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"digest: first (cold) {timings[0]:F0} ms, then median {timings.Skip(1).Order().ElementAt(2):F0} ms over 4 runs (target < 1000 ms)"));
        }
        finally
        {
            BenchHost.DeleteDirectory(directory);
        }
    }

    /// <summary>
    /// A migrated database with <paramref name="tickets"/> tickets of one customer, one every <paramref name="step"/> from
    /// <paramref name="start"/> (one reaction window and a resolve event each), the newest <paramref name="open"/> still open.
    /// </summary>
    public static async Task<DbContextOptions<SupportDbContext>> SeedAsync(string connection, int tickets, int open, Instant start, Duration step, CancellationToken cancellationToken)
    {
        var options = await BenchHost.MigrateAsync(connection, cancellationToken);
        await BenchHost.ExecuteAsync(connection, Seed, new Dictionary<string, object>
        {
            ["$n"] = tickets,
            ["$start"] = start.ToUnixTimeTicks(),
            ["$step"] = (long)step.BclCompatibleTicks,
            ["$open"] = open,
            ["$org"] = Domain.Localization.DemoTexts.BenchOrganisation,
            ["$description"] = Domain.Localization.DemoTexts.BenchProblem,
        }, cancellationToken);
        return options;
    }

    /// <summary>The digest is computed "as of" a moment after the seeded data.</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    // One statement per table, generated inside SQLite: a million rows in seconds, not minutes.
    private const string Seed = """
        INSERT INTO Customers (Id, Channel, UserId, ChatId, DisplayName, Organisation, Language, LanguageChosen, Awaiting, PendingComment)
        VALUES (1, 'Telegram', '1', '1', 'Bench', $org, 'Ru', 0, 'Nothing', 'null');

        WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < $n)
        INSERT INTO Tickets (Id, Number, CustomerId, Category, Description, Level, LevelChoice, NeedsTriage, Received, Registered, ReactionWindowStart,
            ReactionDeadline_At, ReactionDeadline_EndOfDay, ReactedAt, Status, HolderId, HolderName, ResolvedAt, ClosedAt, ReopenCount, Version,
            Customer_Channel, Customer_ChatId, Customer_CustomerId, Customer_Name, Customer_Organisation, Customer_UserId, Customer_Username)
        SELECT n, n, 1,
            CASE n % 4 WHEN 0 THEN 'Diagnostics' WHEN 1 THEN 'FaultConsultation' WHEN 2 THEN 'OperationConsultation' ELSE 'Updates' END,
            $description || ' ' || n,
            CASE n % 3 WHEN 0 THEN 'Critical' WHEN 1 THEN 'Medium' ELSE 'Low' END, 'Customer', 0,
            $start + n * $step - 6000000000, $start + n * $step, $start + n * $step,
            $start + n * $step + CASE n % 3 WHEN 0 THEN 144000000000 WHEN 1 THEN 864000000000 ELSE 2592000000000 END, NULL,
            CASE WHEN n > $n - $open THEN NULL ELSE $start + n * $step + (n % 300) * 600000000 END,
            CASE WHEN n > $n - $open THEN 'Registered' ELSE 'Closed' END,
            CASE WHEN n > $n - $open THEN NULL ELSE '2001' END, CASE WHEN n > $n - $open THEN NULL ELSE 'Engineer ' || (n % 12) END,
            NULL, NULL, 0, 1,
            'Telegram', '1', 1, 'Bench', $org, '1', NULL
        FROM seq;

        INSERT INTO ReactionWindows (TicketId, Sequence, Start, Level, Deadline_At, Deadline_EndOfDay, ClaimedAt, ClaimedBy, ClaimedById)
        SELECT Id, 1, ReactionWindowStart, Level, ReactionDeadline_At, NULL, ReactedAt, HolderName, HolderId FROM Tickets;

        INSERT INTO TicketEvents (TicketId, Kind, ActorKind, ActorName, At, Data)
        SELECT Id, 'Resolved', 'Engineer', HolderName, ReactedAt + 36000000000, '{}' FROM Tickets WHERE ReactedAt IS NOT NULL;

        ANALYZE;
        """;
}
