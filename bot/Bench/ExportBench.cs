using System.Diagnostics;
using System.Globalization;
using ChatSupport.Bot.Export;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Export;
using ChatSupport.Domain.Localization;
using NodaTime;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// The managers' export on a big database: N tickets over three years (DigestBench's seed), the whole period written as
/// CSV to a file; prints the time (target: 100,000 tickets in ≤ 2 s) and the managed heap after a full collection at a
/// tenth and at nine tenths of the stream — flat when nothing is held.
/// </summary>
public static class ExportBench
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
            var options = await DigestBench.SeedAsync(connection, tickets, Math.Min(5000, tickets / 10), start, step, cancellationToken);
            seed.Stop();
            var sla = Sla.SlaSetup.FromConfiguration(new ConfigurationBuilder().Build());
            var export = new TicketExport(() => new SupportDbContext(options), sla.Format);
            var file = Path.Combine(directory, "export.csv");
            var heap = new double[2];
            var seen = 0;
            async IAsyncEnumerable<TicketExportRow> Watched(IAsyncEnumerable<TicketExportRow> rows)
            {
                await foreach (var row in rows)
                {
                    seen++;
                    if (seen == tickets / 10 || seen == tickets * 9 / 10)
                    {
                        heap[seen == tickets / 10 ? 0 : 1] = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
                    }

                    yield return row;
                }
            }

            var now = start + (step * tickets) + Duration.FromHours(1);
            var sw = Stopwatch.StartNew();
            int written;
            await using (var stream = File.Create(file))
            {
                var rows = export.RowsAsync(sla.Policy.Calendar.DateOf(start), sla.Policy.Calendar.DateOf(now), cancellationToken);
                written = await export.WriteCsvAsync(stream, Watched(rows), now, Language.Ru, cancellationToken);
            }

            sw.Stop();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"export: {written:N0} tickets (seeded in {seed.Elapsed.TotalSeconds:F1} s) to CSV, {new FileInfo(file).Length / 1048576.0:F1} MB, in {sw.Elapsed.TotalSeconds:F2} s (target: 100,000 in ≤ 2 s)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"export: managed heap after a full collection {heap[0]:F1} MB at a tenth of the rows, {heap[1]:F1} MB at nine tenths"));
        }
        finally
        {
            BenchHost.DeleteDirectory(directory);
        }
    }
}
