using System.Globalization;
using ChatSupport.Bot.Cli;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Pipeline;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.EndToEnd;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace ChatSupport.Tests.Bot.Cluster;

/// <summary>
/// Several replicas on one PostgreSQL database (a real server: .ci/run starts one; skipped without it). Two hosts in one
/// process, each with its own container, stand for two replicas.
/// </summary>
[Collection(Hardening.HeavyCollection.Name)]
public sealed class PostgresClusterTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task ThreeReplicasMigratingAtOnce_CreateTheDatabaseAndApplyTheMigrationsOnce()
    {
        var connection = PostgresServer.NewDatabase();
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["ConnectionStrings:Support"] = connection,
            }).Build();
            var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
            {
                var text = new StringWriter();
                var error = new StringWriter();
                var code = ChatSupportCli.Run(["migrate"], configuration, new StringReader(string.Empty), text, error);
                return (code, Text: text.ToString() + error);
            })));

            Assert.All(runs, r => Assert.Equal(ExitCodes.Ok, r.code));
            Assert.Single(runs, r => r.Text.Contains("migration(s) applied", StringComparison.Ordinal));
            Assert.Equal(2, runs.Count(r => r.Text.Contains("is up to date (no migrations pending)", StringComparison.Ordinal)));

            await using var db = PostgresServer.Settings(connection).CreateContext();
            Assert.Equal(db.Database.GetMigrations().Count(), (await db.Database.GetAppliedMigrationsAsync()).Count());
            Assert.Equal(0, await db.Counters.Where(c => c.Name == Counter.TicketNumber).Select(c => c.Value).SingleAsync());
            // Quartz's clustered store is there too, from its own script.
            await using var raw = new NpgsqlConnection(connection);
            await raw.OpenAsync();
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz\\_%'", raw);
            Assert.True((long)(await tables.ExecuteScalarAsync())! >= 12);
        }
        finally
        {
            await PostgresServer.DropAsync(connection);
        }
    }

    [SkippableFact]
    public async Task FiftyClaimsOfOneTicketThroughTwoHosts_OneWinnerAndFortyNinePoliteRefusals()
    {
        var connection = PostgresServer.NewDatabase();
        var settings = EngineersEndToEndTests.StaffSettings();
        for (var i = 0; i < 50; i++)
        {
            settings[$"Support:Staff:{10 + i}:Name"] = $"Инженер {i:00}";
            settings[$"Support:Staff:{10 + i}:Role"] = "Engineer";
            settings[$"Support:Staff:{10 + i}:TelegramUserId"] = (90_000 + i).ToString(CultureInfo.InvariantCulture);
        }

        try
        {
            await using var a = await BotHarness.StartAsync(settings, postgres: connection);
            await using var b = await BotHarness.StartAsync(settings, postgres: connection, api: a.Api);
            var anna = new FakeUser(a.Api, 6101);
            await EngineersEndToEndTests.RegisterAsync(anna, "Проблема", "3 — неудобство");
            var mark = a.Api.Calls.Count;

            var pipelines = new[] { a.Services.GetRequiredService<UpdatePipeline>(), b.Services.GetRequiredService<UpdatePipeline>() };
            using var start = new Barrier(50);
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            {
                start.SignalAndWait();
                await pipelines[i % 2].ProcessAsync(Press(90_000 + i, $"Инженер {i:00}", $"cb-{i}"), CancellationToken.None);
            })));

            await a.Api.WaitForNthAsync(c => c.Method == "answerCallbackQuery", 50, what: "answer all 50 presses", after: mark);
            var answers = a.Api.Calls.Skip(mark).Where(c => c.Method == "answerCallbackQuery").Select(c => c.Body["text"]?.GetValue<string>()).ToList();
            await using var check = a.OpenDatabase();
            var stored = await check.Tickets.Include(t => t.Windows).SingleAsync();
            Assert.StartsWith("Инженер ", stored.HolderName);
            Assert.Equal(stored.HolderName, stored.Windows.Single().ClaimedBy);
            Assert.Single(answers, t => t == "Вы взяли #1");
            Assert.Equal(49, answers.Count(t => t == $"Заявку #1 уже взял {stored.HolderName}."));
            Assert.Equal(1, await check.Set<TicketEvent>().CountAsync(e => e.Kind == TicketEventKind.Claimed));
            Assert.Equal(50, await check.ProcessedUpdates.CountAsync(p => p.UpdateKey.StartsWith("claim-")));
        }
        finally
        {
            await PostgresServer.DropAsync(connection);
        }
    }

    [SkippableFact]
    public async Task TwoReplicasSendingABurst_StayWithinTelegramsLimitsTogether()
    {
        var connection = PostgresServer.NewDatabase();
        var limits = new Dictionary<string, string?> { ["Telegram:PrivateChatPerSecond"] = "1", ["Telegram:GlobalPerSecond"] = "30" };
        try
        {
            await using var a = await BotHarness.StartAsync(limits, postgres: connection);
            await using var b = await BotHarness.StartAsync(limits, postgres: connection, api: a.Api);
            var burst = Enumerable.Range(0, 600).Select(i => (Chat: 500_000L + (i % 100), Text: $"Сообщение {i}")).ToList();
            var mark = await a.SendBurstAsync(burst, TimeSpan.FromMinutes(2));

            var sends = a.Api.Calls.Skip(mark).Where(c => c.Method == "sendMessage" && c.MessageId is not null).OrderBy(c => c.At).ToList();
            Assert.Equal(600, sends.Count);
            var busiest = sends.Select((c, i) => sends.Skip(i).TakeWhile(d => d.At - c.At < TimeSpan.FromSeconds(1)).Count()).Max();
            Assert.InRange(busiest, 1, 30);
            var closest = sends.GroupBy(FakeBotApi.ChatIdOf).Min(chat => chat.Zip(chat.Skip(1), (x, y) => y.At - x.At).Min());
            Assert.True(closest >= TimeSpan.FromSeconds(1), $"two messages to one chat {closest.TotalMilliseconds:F0} ms apart");
            // Each chat got its six messages in order.
            foreach (var chat in sends.GroupBy(FakeBotApi.ChatIdOf))
            {
                var numbers = chat.Select(c => int.Parse(FakeBotApi.TextOf(c)["Сообщение ".Length..], CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(numbers.Order(), numbers);
            }

            var span = sends[^1].At - sends[0].At;
            output.WriteLine($"burst: 600 messages to 100 chats by two replicas in {span.TotalSeconds:F1} s ({600 / span.TotalSeconds:F1} msg/s), at most {busiest} in any 1 s, closest two to one chat {closest.TotalMilliseconds:F0} ms apart");
        }
        finally
        {
            await PostgresServer.DropAsync(connection);
        }
    }

    [SkippableFact]
    public async Task FloodControlKeptInTheDatabase_CountsOneCustomersMessagesWhicheverReplicaTakesThem()
    {
        var connection = PostgresServer.NewDatabase();
        try
        {
            var settings = PostgresServer.Settings(connection);
            await DatabaseMigrator.MigrateAsync(settings, CancellationToken.None);
            var replicas = new[] { new FloodGuard(20, TimeSpan.FromHours(1)) { Shared = true }, new FloodGuard(20, TimeSpan.FromHours(1)) { Shared = true } };
            var verdicts = new List<FloodVerdict>();
            for (var i = 0; i < 25; i++)
            {
                // Each message in a transaction of its own, on alternate replicas (their memories know nothing).
                await using var db = settings.CreateContext();
                await using var transaction = await db.Database.BeginTransactionAsync();
                verdicts.Add(await replicas[i % 2].CheckAsync(db, ChannelKind.Telegram, "4242", CancellationToken.None));
                await transaction.CommitAsync();
            }

            Assert.Equal(Enumerable.Repeat(FloodVerdict.Allowed, 20), verdicts.Take(20));
            Assert.Equal(FloodVerdict.WarnAndDrop, verdicts[20]);
            Assert.All(verdicts.Skip(21), v => Assert.Equal(FloodVerdict.Drop, v));

            // Another customer has a budget of their own.
            await using var other = settings.CreateContext();
            await using var tx = await other.Database.BeginTransactionAsync();
            Assert.Equal(FloodVerdict.Allowed, await replicas[0].CheckAsync(other, ChannelKind.Telegram, "4343", CancellationToken.None));
            await tx.CommitAsync();
        }
        finally
        {
            await PostgresServer.DropAsync(connection);
        }
    }

    [SkippableFact]
    public async Task Health_OfTwoReplicas_OnePollsTheOtherStandsByBothHealthy_QuartzSeesTwo()
    {
        var connection = PostgresServer.NewDatabase();
        try
        {
            var ports = new[] { Hardening.OperationsTests.FreePort(), Hardening.OperationsTests.FreePort() };
            await using var a = await BotHarness.StartAsync(new() { ["Health:Port"] = ports[0].ToString(CultureInfo.InvariantCulture), ["Cluster:InstanceName"] = "replica-a" }, postgres: connection);
            await using var b = await BotHarness.StartAsync(new() { ["Health:Port"] = ports[1].ToString(CultureInfo.InvariantCulture), ["Cluster:InstanceName"] = "replica-b" }, postgres: connection, api: a.Api);
            using var http = new HttpClient();
            var reports = new List<System.Text.Json.JsonElement>();
            await Eventually.TrueAsync(async () =>
            {
                reports.Clear();
                foreach (var port in ports)
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
                    if (response.StatusCode != System.Net.HttpStatusCode.OK)
                    {
                        return false;
                    }

                    reports.Add(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("cluster").Clone());
                }

                return reports.All(r => r.GetProperty("replicasSeenByQuartz").GetInt32() == 2);
            }, "both replicas healthy, each seeing two schedulers", TimeSpan.FromSeconds(30));

            Assert.Equal(["replica-a", "replica-b"], reports.Select(r => r.GetProperty("replica").GetString()));
            Assert.Single(reports, r => r.GetProperty("poller").GetBoolean());
        }
        finally
        {
            await PostgresServer.DropAsync(connection);
        }
    }

    [SkippableFact]
    public async Task WebhookWhileTheDatabaseIsAway_503_ThenTakenOnceWhenItIsBack()
    {
        var connection = PostgresServer.NewDatabase();
        try
        {
            var port = Hardening.OperationsTests.FreePort();
            await using var bot = await BotHarness.StartAsync(new()
            {
                ["Telegram:Mode"] = "Webhook",
                ["Telegram:WebhookUrl"] = $"http://127.0.0.1:{port}/hooks/telegram",
                ["Telegram:WebhookSecret"] = "db-away-secret",
                ["Webhook:Port"] = port.ToString(CultureInfo.InvariantCulture),
            }, postgres: connection);
            await bot.Api.WaitForAsync(c => c.Method == "setWebhook", what: "register the webhook");
            using var http = new HttpClient();
            var update = """{"update_id":910001,"message":{"message_id":5,"date":1764000000,"chat":{"id":7301,"type":"private","first_name":"Анна"},"from":{"id":7301,"is_bot":false,"first_name":"Анна","language_code":"ru"},"text":"/start"}}""";
            async Task<System.Net.HttpStatusCode> PostAsync()
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/hooks/telegram")) { Content = new StringContent(update, System.Text.Encoding.UTF8, "application/json") };
                request.Headers.Add(ChatSupport.Bot.Telegram.TelegramWebhookEndpoint.SecretHeader, "db-away-secret");
                using var response = await http.SendAsync(request);
                return response.StatusCode;
            }

            await SetConnectionsAsync(connection, allowed: false);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, await PostAsync());
            await SetConnectionsAsync(connection, allowed: true);

            // Telegram sends it again: now it is taken, once, and answered once.
            await Eventually.TrueAsync(async () => await PostAsync() == System.Net.HttpStatusCode.OK, "the update is taken once the database is back", TimeSpan.FromSeconds(30));
            Assert.Equal(System.Net.HttpStatusCode.OK, await PostAsync());
            await bot.Api.WaitForMessageAsync(7301, 1);
            await Task.Delay(500);
            Assert.Single(bot.Api.SentTo(7301));

            // Quartz waits out a failed job-store call on its clock — the test's fake one — before trying again: let
            // that time pass, so the scheduler finds the database back and the host can stop.
            for (var i = 0; i < 5; i++)
            {
                bot.Clock.Advance(TimeSpan.FromMinutes(1));
                await Task.Delay(300);
            }
        }
        finally
        {
            await PostgresServer.DropAsync(connection);
        }
    }

    /// <summary>Lets connections to the database in, or shuts them out and ends those it has.</summary>
    private static async Task SetConnectionsAsync(string connection, bool allowed)
    {
        var name = new NpgsqlConnectionStringBuilder(connection).Database;
        var admin = new NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false };
        await using var db = new NpgsqlConnection(admin.ToString());
        await db.OpenAsync();
        await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", db);
        await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var end = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", db);
            end.Parameters.AddWithValue("name", name!);
            await end.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Staff live in the database: a manager adds an engineer through one replica, and the other — which had read the
    /// list before, without them — lets them claim with the very next update (no process-local list outlives a change).
    /// </summary>
    [SkippableFact]
    public async Task AnEngineerAddedThroughOneReplica_ClaimsThroughTheOtherAtOnce_AndIsRefusedThereOnceRemoved()
    {
        var connection = PostgresServer.NewDatabase();
        try
        {
            await using var a = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings(), postgres: connection);
            await using var b = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings(), postgres: connection, api: a.Api);
            var anna = new FakeUser(a.Api, 6301);
            await EngineersEndToEndTests.RegisterAsync(anna, "Проблема", "3 — неудобство");
            var replicaA = a.Services.GetRequiredService<UpdatePipeline>();
            var replicaB = b.Services.GetRequiredService<UpdatePipeline>();
            const long Petr = 3004;
            const string Refused = "Эта команда доступна только инженерам поддержки.";
            bool RefusedToPetr(ApiCall c) => FakeBotApi.ChatIdOf(c) == Petr && FakeBotApi.TextOf(c) == Refused;

            await replicaB.ProcessAsync(Typed(Petr, "Пётр", "/claim 1", "x1"), CancellationToken.None);
            await a.Api.WaitForAsync(RefusedToPetr, what: "refuse Petr before he is added");

            await replicaA.ProcessAsync(Typed(EngineersEndToEndTests.Olga, "Ольга", "/staff add 3004 engineer Пётр Иванов", "x2"), CancellationToken.None);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await replicaB.ProcessAsync(Typed(Petr, "Пётр", "/claim 1", "x3"), CancellationToken.None);
            watch.Stop();
            await using (var db = a.OpenDatabase())
            {
                var ticket = await db.Tickets.SingleAsync();
                Assert.Equal((TicketStatus.InProgress, (string?)"3004"), (ticket.Status, ticket.HolderId));
            }

            output.WriteLine($"the claim through the other replica, right after the addition was committed, took {watch.ElapsedMilliseconds} ms");

            await replicaA.ProcessAsync(Typed(EngineersEndToEndTests.Olga, "Ольга", "/reassign Пётр Иван", "x4"), CancellationToken.None);
            await replicaA.ProcessAsync(Typed(EngineersEndToEndTests.Olga, "Ольга", "/staff remove Пётр", "x5"), CancellationToken.None);
            var mark = a.Api.Calls.Count;
            await replicaB.ProcessAsync(Typed(Petr, "Пётр", "/queue", "x6"), CancellationToken.None);
            await a.Api.WaitForAsync(RefusedToPetr, what: "refuse Petr once removed", after: mark);
        }
        finally
        {
            await PostgresServer.DropAsync(connection);
        }
    }

    private static IncomingUpdate Typed(long userId, string name, string text, string key) => new()
    {
        UpdateKey = "typed-" + key,
        Channel = ChannelKind.Telegram,
        ChatId = userId.ToString(CultureInfo.InvariantCulture),
        ChatKind = ChatKind.Private,
        From = new Sender(userId.ToString(CultureInfo.InvariantCulture), name, null, "ru"),
        Text = text,
    };

    private static IncomingUpdate Press(long userId, string name, string callbackId) => new()
    {
        UpdateKey = "claim-" + callbackId,
        Channel = ChannelKind.Telegram,
        ChatId = EngineersEndToEndTests.Duty.ToString(CultureInfo.InvariantCulture),
        ChatKind = ChatKind.Group,
        From = new Sender(userId.ToString(CultureInfo.InvariantCulture), name, null, "ru"),
        Button = new ButtonPress(callbackId, "claim:1", null),
    };
}
