using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Bot.Bench.BenchHost;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// <c>bench intake</c>: customers registering at once through the real host — Telegram.Bot long polling over HTTP to
/// the bench's Bot API, the pipeline, SQLite, the outbox. Timed from the first update handed out to the confirmation of
/// the last (Telegram forgets an update only when the bot confirms it, after its commit), and set against the raw
/// store measured in the same run: single-row commits per second into a WAL file at the bot's own synchronous setting.
/// </summary>
internal static class IntakeBench
{
    public static async Task RunAsync(TextWriter output, int customers, CancellationToken cancellationToken, BenchDatabase? database = null)
    {
        database ??= BenchDatabase.Sqlite;
        await using var api = await BenchBotApi.StartAsync();
        await using var bench = await StartAsync(api, new Dictionary<string, string?>
        {
            // The stand-in has no flood control here: lift Telegram's limits to measure the pipeline itself.
            ["Telegram:PrivateChatPerSecond"] = "1000",
            ["Telegram:GlobalPerSecond"] = "100000",
        }, cancellationToken, database: database);
        var commits = customers >= 300 ? 4000 : 500;
        string mode;
        double baseline;
        if (database.IsPostgres)
        {
            mode = "synchronous_commit=" + (await bench.QueryAsync(db => db.Database.SqlQueryRaw<string>("SELECT current_setting('synchronous_commit') AS \"Value\"").ToListAsync())).Single();
            baseline = await RawPostgresCommitsPerSecondAsync(database.ConnectionFor(bench.Directory), commits);
        }
        else
        {
            var synchronous = await bench.QueryAsync(db => db.Database.SqlQueryRaw<long>("PRAGMA synchronous").ToListAsync());
            mode = synchronous.Single() switch { 0 => "OFF", 1 => "NORMAL", 2 => "FULL", _ => "EXTRA" };
            baseline = await RawCommitsPerSecondAsync(bench.Directory, mode, commits);
            mode = $"WAL, synchronous={mode}";
        }

        var updates = Script(customers);
        var expectedMessages = customers * 7;
        var sw = Stopwatch.StartNew();
        api.Enqueue(updates);
        while (api.IntakeTime is null || api.Sent < expectedMessages)
        {
            if (sw.Elapsed > TimeSpan.FromMinutes(5))
            {
                output.WriteLine(Invariant($"intake: gave up after 5 min ({api.Sent} of {expectedMessages} replies)"));
                return;
            }

            await Task.Delay(20, cancellationToken);
        }

        var delivered = sw.Elapsed;
        var intake = api.IntakeTime!.Value;
        var (tickets, owners, processed) = await bench.QueryAsync(async db => (
            await db.Tickets.CountAsync(),
            await db.Tickets.Select(t => t.CustomerId).Distinct().CountAsync(),
            await db.ProcessedUpdates.CountAsync()));
        var rate = updates.Count / intake.TotalSeconds;
        output.WriteLine(Invariant(
            $"intake: {customers} customers on {database.Name}, {updates.Count} updates from the first handed out to the last confirmed in {intake.TotalSeconds:F2} s = {rate:F0} updates/s ({customers / intake.TotalSeconds:F1} registrations/s); all {api.Sent} replies delivered {delivered.TotalSeconds:F2} s after the start"));
        output.WriteLine(Invariant(
            $"intake: raw {database.Name} {baseline:F0} single-row commits/s ({mode}); ratio {rate / baseline:F3} (target ≥ 0.12); {tickets} tickets for {owners} customers, {processed} updates recorded once each"));
    }

    /// <summary>
    /// <c>bench intake --mode webhook</c>: the same customers pushed as Telegram pushes a webhook — one POST per update,
    /// up to 40 at once (Telegram's default max_connections), each chat's updates in order, a POST not answered 200 sent
    /// again — through a real nginx to the replicas' listeners: two hosts on one PostgreSQL database, one on SQLite.
    /// Timed from the first POST to the last 200 (each answered after its commit). The managed heap after a full
    /// collection is taken at a tenth of the stream and at its end: a flat stream keeps nothing per request.
    /// </summary>
    public static async Task<bool> RunWebhookAsync(TextWriter output, int customers, TimeSpan settle, CancellationToken cancellationToken, BenchDatabase database)
    {
        if (NginxProxy.Find() is not { } nginx)
        {
            output.WriteLine("intake webhook: nginx is not installed (apt-get install nginx); nothing measured");
            return false;
        }

        const string secret = "bench-webhook-secret";
        var replicas = database.IsPostgres ? 2 : 1;
        var front = FreePort();
        var ports = Enumerable.Range(0, replicas).Select(_ => FreePort()).ToList();
        var url = new Uri($"http://127.0.0.1:{front}/hooks/telegram");
        Dictionary<string, string?> Settings(int replica)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Telegram:PrivateChatPerSecond"] = "1000",
                ["Telegram:GlobalPerSecond"] = "100000",
                ["Telegram:Mode"] = "Webhook",
                ["Telegram:WebhookUrl"] = url.ToString(),
                ["Telegram:WebhookSecret"] = secret,
                ["Webhook:Port"] = ports[replica].ToString(CultureInfo.InvariantCulture),
            };
            if (database.IsPostgres)
            {
                settings["Cluster:InstanceName"] = "bench-" + (replica + 1).ToString(CultureInfo.InvariantCulture);
            }

            return settings;
        }

        await using var api = await BenchBotApi.StartAsync();
        var hosts = new List<BenchHost>();
        try
        {
            hosts.Add(await StartAsync(api, Settings(0), cancellationToken, database: database));
            for (var replica = 1; replica < replicas; replica++)
            {
                hosts.Add(await StartAsync(api, Settings(replica), cancellationToken, join: hosts[0]));
            }

            await using var proxy = await NginxProxy.StartAsync(nginx, front, ports);
            var chats = Script(customers).GroupBy(u => (u["message"] ?? u["callback_query"])!["from"]!["id"]!.GetValue<long>()).Select(g => g.Select(u => u.ToJsonString()).ToList()).ToList();
            var total = chats.Sum(c => c.Count);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 40 }) { Timeout = TimeSpan.FromSeconds(60) };
            var answered = 0;
            var again = 0;
            long heapAtTenth = 0;
            var sw = Stopwatch.StartNew();
            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var tenth = Task.Run(async () =>
            {
                while (Volatile.Read(ref answered) < total / 10)
                {
                    await Task.Delay(10, sampling.Token);
                }

                heapAtTenth = GC.GetTotalMemory(forceFullCollection: true);
            }, sampling.Token);
            string? refused = null;
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            try
            {
                await Parallel.ForEachAsync(chats, new ParallelOptions { MaxDegreeOfParallelism = 40, CancellationToken = giveUp.Token }, async (chat, ct) =>
                {
                    foreach (var body in chat)
                    {
                        for (var attempt = 1; ; attempt++)
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
                            request.Headers.Add(Telegram.TelegramWebhookEndpoint.SecretHeader, secret);
                            string outcome;
                            try
                            {
                                using var response = await http.SendAsync(request, ct);
                                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                                {
                                    break;
                                }

                                outcome = "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                            }
                            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
                            {
                                // No answer, or none in time: sent again, as Telegram does.
                                outcome = ex.GetType().Name;
                            }

                            Interlocked.Increment(ref again);
                            if (attempt >= 20)
                            {
                                // Not a slow moment but a broken set-up (a 401, a 404, a dead listener): stop, say what.
                                refused = $"one update was refused {attempt} times in a row, last with {outcome}";
                                await giveUp.CancelAsync();
                                return;
                            }

                            await Task.Delay(200, ct);
                        }

                        Interlocked.Increment(ref answered);
                    }
                });
            }
            catch (OperationCanceledException) when (refused is not null)
            {
            }

            if (refused is not null)
            {
                await sampling.CancelAsync();
                output.WriteLine("intake webhook: gave up: " + refused);
                return false;
            }

            var intake = sw.Elapsed;
            await tenth.ContinueWith(_ => { }, TaskScheduler.Default);
            var heapAtEnd = GC.GetTotalMemory(forceFullCollection: true);
            while (api.Sent < customers * 7)
            {
                if (sw.Elapsed > TimeSpan.FromMinutes(5))
                {
                    output.WriteLine(Invariant($"intake webhook: gave up after 5 min ({api.Sent} of {customers * 7} replies)"));
                    return false;
                }

                await Task.Delay(20, cancellationToken);
            }

            var delivered = sw.Elapsed;
            var (tickets, processed) = await hosts[0].QueryAsync(async db => (await db.Tickets.CountAsync(), await db.ProcessedUpdates.CountAsync()));

            // Per-chat state that lives only while a chat is active (flood control's window) is let go once the chats
            // went quiet: what is left then is what the stream kept.
            await Task.Delay(settle, cancellationToken);
            var heapSettled = GC.GetTotalMemory(forceFullCollection: true);
            var where = replicas == 1 ? "1 replica" : $"{replicas} replicas";
            output.WriteLine(Invariant(
                $"intake webhook: {customers} customers on {database.Name}, {total} updates POSTed 40 at a time through nginx to {where} in {intake.TotalSeconds:F2} s = {total / intake.TotalSeconds:F0} updates/s ({customers / intake.TotalSeconds:F1} registrations/s); {again} sent again; all {api.Sent} replies delivered {delivered.TotalSeconds:F2} s after the start"));
            output.WriteLine(Invariant(
                $"intake webhook: managed heap after a full collection {heapAtTenth / 1048576.0:F1} MB at a tenth of the stream, {heapAtEnd / 1048576.0:F1} MB at its end, {heapSettled / 1048576.0:F1} MB {settle.TotalSeconds:F0} s later; {tickets} tickets, {processed} updates recorded once each"));
            return true;
        }
        finally
        {
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].DisposeAsync();
            }
        }
    }

    /// <summary>Single-row transactions per second into a fresh WAL file next to the bot's, at the given synchronous setting.</summary>
    public static async Task<double> RawCommitsPerSecondAsync(string directory, string synchronous, int commits)
    {
        var path = Path.Combine(directory, "raw.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var setup = connection.CreateCommand();
            setup.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; CREATE TABLE Raw (Id INTEGER PRIMARY KEY, Text TEXT NOT NULL);";
            await setup.ExecuteNonQueryAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO Raw (Text) VALUES ($text)";
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            insert.Prepare();
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < commits; i++)
            {
                text.Value = "row " + i;
                await insert.ExecuteNonQueryAsync();
            }

            sw.Stop();
            File.Delete(path + "-wal");
            return commits / sw.Elapsed.TotalSeconds;
        }
    }

    /// <summary>Single-row transactions per second into a table of the bench's PostgreSQL database (one connection, as SQLite's baseline).</summary>
    public static async Task<double> RawPostgresCommitsPerSecondAsync(string connectionString, int commits)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var setup = new Npgsql.NpgsqlCommand("CREATE TABLE raw_commits (id bigserial PRIMARY KEY, text text NOT NULL)", connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using var insert = new Npgsql.NpgsqlCommand("INSERT INTO raw_commits (text) VALUES (@text)", connection);
        var text = insert.Parameters.Add("text", NpgsqlTypes.NpgsqlDbType.Text);
        await insert.PrepareAsync();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < commits; i++)
        {
            text.Value = "row " + i;
            await insert.ExecuteNonQueryAsync();
        }

        sw.Stop();
        return commits / sw.Elapsed.TotalSeconds;
    }

    /// <summary>Each customer: /new, organisation, category, description, «Готово», level 3, «Зарегистрировать».</summary>
    public static List<JsonObject> Script(int customers, int firstUpdateId = 1, long firstUser = 500_000)
    {
        var updates = new List<JsonObject>();
        var id = firstUpdateId;
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
        var users = Enumerable.Range(0, customers).Select(i => firstUser + i).ToList();
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
