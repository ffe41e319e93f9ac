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
/// <c>bench</c>: measures the real host on this machine and prints one line per figure, in a form scripts can read
/// (<c>intake: … N updates/s …</c>, <c>outbound: … N msg/s …</c>, <c>pings: … p99 X s …</c>,
/// <c>memory: … idle N MB … under load M MB</c>). <c>--quick</c> runs every bench at a small size in seconds: a smoke
/// test that they all complete (CI runs it), not a measurement.
/// </summary>
public static class BenchCommand
{
    public static readonly string[] Benches = ["sla", "intake", "outbound", "pings", "memory", "digest", "export"];

    public static Command Create()
    {
        var customers = new Option<int?>("--customers") { Description = "Customers registering at once (intake: 1000; memory's load: 1000)" };
        var tickets = new Option<int?>("--tickets") { Description = "Tickets in the database (digest: 1,000,000; memory: 100,000; export: 100,000)" };
        var openTickets = new Option<int?>("--open") { Description = "Open tickets (pings: 10,000; memory: 1,000)" };
        var runs = new Option<int?>("--runs") { Description = "Runs of the pings bench (3)" };
        var provider = new Option<string>("--provider") { Description = "The database engine (intake, pings): sqlite (a fresh file) or postgres (a fresh database on --connection's server)", DefaultValueFactory = _ => "sqlite" };
        provider.AcceptOnlyFromAmong("sqlite", "postgres");
        var connection = new Option<string?>("--connection") { Description = "The PostgreSQL server for --provider postgres (Host=…;Port=…;Username=…; a database of its own is created and dropped)" };
        var mode = new Option<string>("--mode") { Description = "How intake's updates arrive: polling (getUpdates) or webhook (POSTs through nginx to the replicas: two on PostgreSQL, one on SQLite)", DefaultValueFactory = _ => "polling" };
        mode.AcceptOnlyFromAmong("polling", "webhook");
        var quick = new Option<bool>("--quick") { Description = "Every bench at a small size, in seconds: checks that they run, measures nothing" };
        var which = new Argument<string>("what") { Description = string.Join(" | ", Benches) + " | all", DefaultValueFactory = _ => "all" };
        which.AcceptOnlyFromAmong([.. Benches, "all"]);
        var command = new Command("bench", "Measure throughput and memory on this machine and print the numbers") { customers, tickets, openTickets, runs, provider, connection, mode, quick, which };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var what = parse.GetValue(which);
            var small = parse.GetValue(quick);
            int Size(Option<int?> option, int full, int fast, int min, int max) => Math.Clamp(parse.GetValue(option) ?? (small ? fast : full), min, max);
            bool Runs(string bench) => what == bench || what == "all";
            var database = BenchDatabase.Sqlite;
            if (parse.GetValue(provider) == "postgres")
            {
                if (string.IsNullOrWhiteSpace(parse.GetValue(connection)) || what is not ("intake" or "pings"))
                {
                    parse.InvocationConfiguration.Error.WriteLine("bench: --provider postgres measures intake or pings, and needs --connection \"Host=…;Port=…;Username=…\"");
                    return Cli.ExitCodes.BadInput;
                }

                database = new BenchDatabase(DatabaseProvider.Postgres, parse.GetValue(connection));
            }

            if (Runs("sla"))
            {
                Sla(output, small ? 20_000 : 200_000);
            }

            if (parse.GetValue(mode) == "webhook")
            {
                if (what != "intake")
                {
                    parse.InvocationConfiguration.Error.WriteLine("bench: --mode webhook measures intake only: bench intake --mode webhook");
                    return Cli.ExitCodes.BadInput;
                }

                return await IntakeBench.RunWebhookAsync(output, Size(customers, 1000, 50, 1, 100_000), small ? TimeSpan.Zero : TimeSpan.FromSeconds(75), ct, database) ? 0 : 1;
            }

            if (Runs("intake"))
            {
                await IntakeBench.RunAsync(output, Size(customers, 1000, 50, 1, 100_000), ct, database);
            }

            if (Runs("outbound"))
            {
                if (small)
                {
                    await OutboundBench.RunAsync(output, privateChats: 10, perPrivate: 2, groups: 2, perGroup: 3, TimeSpan.FromSeconds(2), ct);
                }
                else
                {
                    await OutboundBench.RunAsync(output, privateChats: 100, perPrivate: 10, groups: 2, perGroup: 20, TimeSpan.FromSeconds(15), ct);
                }
            }

            if (Runs("pings"))
            {
                await PingBench.RunAsync(output, Size(openTickets, 10_000, 200, 100, 100_000), Size(runs, 3, 1, 1, 10), small ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(1), ct, database);
            }

            if (Runs("memory"))
            {
                await MemoryBench.RunAsync(output, Size(tickets, 100_000, 2_000, 1_000, 10_000_000), Size(openTickets, 1_000, 50, 1, 100_000), Size(customers, 1000, 20, 1, 100_000), ct);
            }

            if (Runs("digest"))
            {
                await DigestBench.RunAsync(output, Size(tickets, 1_000_000, 10_000, 1_000, 10_000_000), ct);
            }

            if (Runs("export"))
            {
                await ExportBench.RunAsync(output, Size(tickets, 100_000, 5_000, 100, 10_000_000), ct);
            }

            return 0;
        });
        return command;
    }

    private static void Sla(TextWriter output, int n)
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
}
