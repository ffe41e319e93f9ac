using System.Diagnostics;
using System.Reflection;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Extensions;
using static ChatSupport.Bot.Bench.BenchHost;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// <c>bench memory</c>: the bot's resident memory as an operator would see it — the bot started as a process of its
/// own (this program, no arguments) on a database of N tickets with their history, the newest few open with pings
/// planned. Idle: after the pings are planned and the start has settled. Under load: the peak while customers
/// register through the bench's Bot API, as in <c>bench intake</c>.
/// </summary>
internal static class MemoryBench
{
    public static async Task RunAsync(TextWriter output, int tickets, int open, int customers, CancellationToken cancellationToken)
    {
        await using var api = await BenchBotApi.StartAsync();
        var directory = NewDirectory();
        try
        {
            var connection = ConnectionFor(directory);
            var now = TimeProvider.System.GetCurrentInstant();
            var seed = Stopwatch.StartNew();
            await DigestBench.SeedAsync(connection, tickets, open, now - Duration.FromDays(3 * 365), Duration.FromDays(3 * 365) / tickets, cancellationToken);
            await BenchHost.ExecuteAsync(connection, Recent, new Dictionary<string, object>
            {
                ["$now"] = now.ToUnixTimeTicks(),
                ["$text"] = Domain.Localization.DemoTexts.BenchProblem,
            }, cancellationToken);
            seed.Stop();

            using var bot = Start(api, directory);
            // Idle: the open tickets' pings planned, then the start left to settle.
            var wait = Stopwatch.StartNew();
            while (await ScalarAsync(connection, "SELECT COUNT(*) FROM ScheduleRequests") > 0 && wait.Elapsed < TimeSpan.FromMinutes(2) && !bot.HasExited)
            {
                await Task.Delay(200, cancellationToken);
            }

            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
            long idle = 0;
            for (var i = 0; i < 20 && !bot.HasExited; i++)
            {
                idle = Math.Max(idle, Rss(bot));
                await Task.Delay(100, cancellationToken);
            }

            var script = IntakeBench.Script(customers);
            api.Enqueue(script);
            long peak = idle;
            var load = Stopwatch.StartNew();
            while ((api.IntakeTime is null || api.Sent < customers * 7) && load.Elapsed < TimeSpan.FromMinutes(5) && !bot.HasExited)
            {
                peak = Math.Max(peak, Rss(bot));
                await Task.Delay(50, cancellationToken);
            }

            if (bot.HasExited)
            {
                output.WriteLine(Invariant($"memory: the bot stopped (exit code {bot.ExitCode}): {await bot.StandardError.ReadToEndAsync(cancellationToken)}"));
                return;
            }

            bot.Kill(entireProcessTree: true);
            await bot.WaitForExitAsync(cancellationToken);
            output.WriteLine(Invariant(
                $"memory: {tickets:N0} tickets with history, {open:N0} open (seeded in {seed.Elapsed.TotalSeconds:F1} s): idle {idle / 1048576.0:F0} MB, under load {peak / 1048576.0:F0} MB ({customers} customers registering, {script.Count} updates in {load.Elapsed.TotalSeconds:F1} s) — resident set of the bot's process (targets ≤ 150 and ≤ 250 MB)"));
        }
        finally
        {
            DeleteDirectory(directory);
        }
    }

    /// <summary>This program again, as <c>dotnet run --project bot</c> would start it, on the bench's database and Bot API.</summary>
    private static Process Start(BenchBotApi api, string directory)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var (key, value) in Settings(api, directory))
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        info.Environment["Telegram__PrivateChatPerSecond"] = "1000";
        info.Environment["Telegram__GlobalPerSecond"] = "100000";
        var process = Process.Start(info) ?? throw new InvalidOperationException("The bot could not be started.");
        // Drained, so a chatty start never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static long Rss(Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var sqlite = new SqliteConnection(connection);
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // History for every ticket (the customer's message and the engineer's answer); the open ones registered over the
    // last hour, with their deadlines ahead and their pings to plan.
    private const string Recent = """
        INSERT INTO TicketMessages (TicketId, At, Author, AuthorName, Text, Attachments)
        SELECT Id, Registered, 'Customer', 'Bench', $text, '[]' FROM Tickets;
        INSERT INTO TicketMessages (TicketId, At, Author, AuthorName, Text, Attachments)
        SELECT Id, ReactedAt, 'Engineer', HolderName, $text, '[]' FROM Tickets WHERE ReactedAt IS NOT NULL;

        UPDATE Tickets SET Received = $now - (Number % 1000) * 36000000, Registered = $now - (Number % 1000) * 36000000,
            ReactionWindowStart = $now - (Number % 1000) * 36000000, ReactionDeadline_At = $now - (Number % 1000) * 36000000 + 144000000000
        WHERE Status = 'Registered';
        UPDATE ReactionWindows SET Start = (SELECT ReactionWindowStart FROM Tickets t WHERE t.Id = TicketId),
            Deadline_At = (SELECT ReactionDeadline_At FROM Tickets t WHERE t.Id = TicketId)
        WHERE TicketId IN (SELECT Id FROM Tickets WHERE Status = 'Registered');
        INSERT INTO ScheduleRequests (TicketNumber, RequestedAt) SELECT Number, Registered FROM Tickets WHERE Status = 'Registered';
        """;
}
