using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>
/// The current bot started on a database left at each earlier migration, with the rows that schema version
/// could hold: the old ticket still works, a new one registers, and every migration ends up applied.
/// A migration added later is a new case of the theory and fails until <see cref="Seeds"/> says what its schema holds.
/// </summary>
public sealed class MigrationUpgradeTests
{
    // Ticket #1: level 3, received 25.11.2026 09:50 МСК, registered 10:00 МСК (07:00Z); due by the end of 28.11
    // (23:59:59 МСК = 20:59:59Z). Instants are stored as UTC ticks since the Unix epoch.
    private static readonly Instant Received = Instant.FromUtc(2026, 11, 25, 6, 50);
    private static readonly Instant Registered = Instant.FromUtc(2026, 11, 25, 7, 0);
    private static readonly Instant Deadline = Instant.FromUtc(2026, 11, 28, 20, 59, 59);
    private static readonly Instant Commented = Instant.FromUtc(2026, 11, 25, 7, 5);

    private const string Customer = """
        INSERT INTO Customers (Id, Channel, UserId, ChatId, DisplayName, Username, Organisation, Language, LanguageChosen, Awaiting, PendingComment)
        VALUES (1, 'Telegram', '5001', '5001', 'Анна', 'anna', 'ООО Старое', 'Ru', 0, 'Nothing', 'null');
        UPDATE Counters SET Value = 1 WHERE Name = 'ticket-number';
        """;

    private const string InitialTicket = """
        INSERT INTO Tickets (Id, Number, CustomerId, Category, Description, Level, LevelChoice, NeedsTriage, Received, Registered, ReactionWindowStart, Status,
            Customer_Channel, Customer_ChatId, Customer_CustomerId, Customer_Name, Customer_Organisation, Customer_UserId, Customer_Username,
            ReactionDeadline_At, ReactionDeadline_EndOfDay)
        VALUES (1, 1, 1, 'Diagnostics', 'Старая проблема', 'Low', 'Customer', 0, $received, $registered, $registered, 'Registered',
            'Telegram', '5001', 1, 'Анна', 'ООО Старое', '5001', 'anna', $deadline, '2026-11-28');
        """;

    // StaffWork: the holder, reopen count and version columns, and the ticket's first reaction window and history
    // line (the migration made those only for the tickets that existed when it ran).
    private const string StaffWorkTicketRow = """
        INSERT INTO Tickets (Id, Number, CustomerId, Category, Description, Level, LevelChoice, NeedsTriage, Received, Registered, ReactionWindowStart, Status,
            Customer_Channel, Customer_ChatId, Customer_CustomerId, Customer_Name, Customer_Organisation, Customer_UserId, Customer_Username,
            ReactionDeadline_At, ReactionDeadline_EndOfDay, HolderId, HolderName, ReactedAt, ResolvedAt, ClosedAt, ReopenCount, Version)
        VALUES (1, 1, 1, 'Diagnostics', 'Старая проблема', 'Low', 'Customer', 0, $received, $registered, $registered, 'Registered',
            'Telegram', '5001', 1, 'Анна', 'ООО Старое', '5001', 'anna', $deadline, '2026-11-28', NULL, NULL, NULL, NULL, NULL, 0, 0);
        INSERT INTO ReactionWindows (TicketId, Sequence, Start, Level, Deadline_At, Deadline_EndOfDay) VALUES (1, 1, $registered, 'Low', $deadline, '2026-11-28');
        """;

    private const string StaffWorkTicket = StaffWorkTicketRow + """
        INSERT INTO TicketEvents (TicketId, Kind, ActorKind, ActorName, ActorId, At, Details) VALUES (1, 'Registered', 'Customer', 'Анна', '5001', $registered, 'уровень 3');
        """;

    // HistoryAsFacts: the history line keeps facts (JSON), not words.
    private const string FactsTicket = StaffWorkTicketRow + """
        INSERT INTO TicketEvents (TicketId, Kind, ActorKind, ActorName, ActorId, At, Data) VALUES (1, 'Registered', 'Customer', 'Анна', '5001', $registered, '{"level":3}');
        """;

    private const string Message = """
        INSERT INTO TicketMessages (Author, AuthorName, Text, Attachments, At, TicketId) VALUES ('Customer', 'Анна', 'Добавлю лог', '[]', $commented, 1);
        """;

    private const string TelegramOnlyFile = """
        INSERT INTO TicketAttachments (Author, Added, TicketId, File_FileId, File_FileName, File_Kind, File_MimeType, File_Size)
        VALUES ('Customer', $registered, 1, 'old-file-1', 'log.txt', 'Document', 'text/plain', 1024);
        """;

    private const string CrossChannelFile = """
        INSERT INTO TicketAttachments (Author, Added, TicketId, File_FileId, File_FileName, File_Kind, File_MimeType, File_Size, File_Channel, File_Url)
        VALUES ('Customer', $registered, 1, 'old-file-1', 'log.txt', 'Document', 'text/plain', 1024, 'Telegram', NULL);
        """;

    // Scheduling: a re-plan request a crash left behind (the planner applies it at start-up).
    private const string PendingPlan = "INSERT INTO ScheduleRequests (TicketNumber, RequestedAt) VALUES (1, $registered);";

    // StaffChats: Maria never opened the bot; a message for her is held.
    private const string HeldForStaff = """
        INSERT INTO StaffChats (Channel, UserId, UnreachableSince, LastDutyNoticeAt, LastError) VALUES ('Telegram', '3002', $registered, $registered, 'Forbidden: bot can''t initiate conversation with a user');
        INSERT INTO Outbox (Channel, ChatId, Kind, Payload, TrackKey, Status, Attempts, CreatedAt, NextAttemptAt, SentAt, SentMessageId, LastError)
        VALUES ('Telegram', '3002', 'Send', '{"text":"Вам заявка"}', NULL, 'Held', 1, $registered, $registered, NULL, NULL, 'Forbidden');
        """;

    /// <summary>Each migration of the assembly, in order → the rows a database at that migration holds.</summary>
    private static readonly IReadOnlyList<(string Migration, string Rows)> Seeds =
    [
        ("20261125203656_Initial", Customer + InitialTicket + Message + TelegramOnlyFile),
        ("20261125205831_StaffWork", Customer + StaffWorkTicket + Message + TelegramOnlyFile),
        ("20261125210823_Scheduling", Customer + StaffWorkTicket + Message + TelegramOnlyFile + PendingPlan),
        ("20261125230201_CrossChannelFiles", Customer + StaffWorkTicket + Message + CrossChannelFile + PendingPlan),
        ("20261129205652_StaffChats", Customer + StaffWorkTicket + Message + CrossChannelFile + PendingPlan + HeldForStaff),
        ("20261129211153_PlanWaitingTickets", Customer + StaffWorkTicket + Message + CrossChannelFile + HeldForStaff),
        ("20261129220707_HistoryAsFacts", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff),
        ("20261129225000_DialogueCustomer", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff),
        ("20261130024650_ClusterReady", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits),
        ("20261130040912_WebhookState", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered),
        ("20261130063325_MailChannel", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows),
        ("20261130091432_AwaitingCustomer", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows),
        ("20261130092236_DutyRoster", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows + DutyRows),
        ("20261130094049_ForumTopics", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows + DutyRows + TopicRows),
        ("20261130102820_Satisfaction", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows + DutyRows + TopicRows),
        ("20261130124221_PersonalData", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows + DutyRows + TopicRows),
        ("20261130132639_Assignment", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows + DutyRows + TopicRows),
        ("20261130133042_Blocking", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows + DutyRows + TopicRows),
        ("20261130133548_StaffInDatabase", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows + DutyRows + TopicRows),
        ("20261130154741_Incidents", Customer + FactsTicket + Message + CrossChannelFile + HeldForStaff + SharedLimits + WebhookRegistered + MailThreadRows + DutyRows + TopicRows),
    ];

    /// <summary>ForumTopics' table: ticket #1's topic as last named (its Telegram id tracked as «topic:1»).</summary>
    private const string TopicRows = """
        INSERT INTO TicketTopics (Number, Name, Closed) VALUES (1, '🟢 #1 · ООО Старое · до конца 28.11 МСК', 0);
        INSERT INTO TrackedMessages ("Key", Channel, ChatId, MessageId) VALUES ('topic:1', 'Telegram', '-1001', '77');
        """;

    /// <summary>DutyRoster's tables: Maria ended her shift by hand, the last handover, Ivan's username.</summary>
    private const string DutyRows = """
        INSERT INTO DutyChanges (Kind, EngineerId, OtherId, Date, "From", Until, ByName, At) VALUES ('Off', '3002', NULL, NULL, $registered, $registered, 'Мария Сидорова', $registered);
        INSERT INTO DutyHandovers (At, OnDuty) VALUES ($registered, '3001');
        INSERT INTO StaffUsernames (Channel, UserId, Username) VALUES ('Telegram', '3001', 'ivan_p');
        """;

    /// <summary>MailChannel's tables: ticket #1's thread, the customer's letter in it, and one acknowledgement sent.</summary>
    private const string MailThreadRows = """
        INSERT INTO MailThreads (TicketNumber, Topic) VALUES (1, 'Старая проблема');
        INSERT INTO MailLetters (MessageId, TicketNumber, Address, At, Outgoing) VALUES ('old-1@client.test', 1, 'anna@client.test', $registered, 0);
        INSERT INTO MailAutoReplies (Address, At) VALUES ('anna@client.test', $registered);
        """;

    /// <summary>A webhook registered with Telegram, by its fingerprint.</summary>
    private const string WebhookRegistered = """
        INSERT INTO ChannelStates (Channel, "Key", Value) VALUES ('Telegram', 'webhook', 'ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789');
        """;

    /// <summary>ClusterReady's tables as PostgreSQL replicas fill them (a SQLite desk leaves them empty, but may carry them over).</summary>
    private const string SharedLimits = """
        INSERT INTO SendSlots (Channel, "Key", NextAt) VALUES ('Telegram', '*', 0);
        INSERT INTO FloodMarks (Channel, UserId, NextAt, Warned) VALUES ('Telegram', '4001', 0, 0);
        """;

    public static TheoryData<string> Migrations() => new(AssemblyMigrations());

    [Fact]
    public void Seeds_CoverEveryMigrationOfTheAssembly_InOrder()
    {
        Assert.Equal(AssemblyMigrations(), Seeds.Select(s => s.Migration));
    }

    /// <summary>Each kind of history line as the bot wrote it in words before HistoryAsFacts; read back, the Russian is the same.</summary>
    public static TheoryData<string, string, string> LegacyLines() => new()
    {
        { "Registered", "уровень 3", "level 3" },
        { "Registered", "уровень 1, требует уточнения", "level 1, needs triage" },
        { "Claimed", "реакция в срок", "reaction in time" },
        { "Claimed", "реакция уже учтена", "reaction already recorded" },
        { "Claimed", "реакция с опозданием на 1 ч 05 мин", "reaction late by 1 h 05 min" },
        { "Claimed", "реакция с опозданием на 3 д 4 ч", "reaction late by 3 d 4 h" },
        { "Claimed", "реакция с опозданием на 7 мин", "reaction late by 7 min" },
        { "Released", "от Иван Петров", "from Иван Петров" },
        { "Released", "от Иван Петров: ухожу в отпуск", "from Иван Петров: ухожу в отпуск" },
        { "LevelChanged", "3 → 1: остановлено производство", "3 → 1: остановлено производство" },
        { "CustomerMessage", "Добавлю лог [1 файл]", "Добавлю лог [1 file]" },
        { "EngineerMessage", "Смотрю [2 файла]", "Смотрю [2 files]" },
        { "Note", "внутреннее", "внутреннее" },
        { "Resolved", "перезапустили службу", "перезапустили службу" },
        { "Resolved", "{\"code\":500} больше не возвращается", "{\"code\":500} больше не возвращается" },
        { "Confirmed", "проблема решена", "the problem is solved" },
        { "Closed", "по подтверждению клиента", "confirmed by the customer" },
        { "Closed", "без ответа клиента 3 дн.", "no answer from the customer for 3 days" },
        { "Reopened", "новое окно реакции, уровень 2", "a new reaction window, level 2" },
        { "Escalated", "50% → дежурный чат", "50% → the duty chat" },
        { "Escalated", "100% → дежурный чат и чат менеджеров, с опозданием на 2 ч 05 мин", "100% → the duty and the managers' chats, late by 2 h 05 min" },
        { "Escalated", "повтор после просрочки → чат менеджеров", "repeat after the breach → the managers' chat" },
        { "Escalated", "-0:30:00 → дежурный чат", "-0:30:00 → the duty chat" },
        { "Undeliverable", "MAX: HTTP 403: chat.denied", "MAX: HTTP 403: chat.denied" },
    };

    [Fact]
    public async Task HistoryWrittenInWords_BecomesFacts_ReadTheSameInRussian_InEnglishToo_AndStaysAppendOnly()
    {
        var lines = LegacyLines().Select(row => ((string)row[0], (string)row[1], (string)row[2])).ToList();
        var events = string.Join('\n', lines.Select((l, i) =>
            $"INSERT INTO TicketEvents (TicketId, Kind, ActorKind, ActorName, ActorId, At, Details) VALUES (1, '{l.Item1}', 'System', 'Система', NULL, {Registered.ToUnixTimeTicks() + i}, '{l.Item2}');"));
        // The customer's message behind its line (the migration reads the text and files from the message itself).
        var message = $"INSERT INTO TicketMessages (Author, AuthorName, Text, Attachments, At, TicketId) VALUES ('Customer', 'Анна', 'Добавлю лог', "
            + $"'[{{\"kind\":\"Document\",\"fileId\":\"f1\",\"fileName\":\"log.txt\"}}]', {Registered.ToUnixTimeTicks() + 10}, 1);";
        await using var old = await OldDatabase.CreateAsync("20261129211153_PlanWaitingTickets", Customer + StaffWorkTicketRow + events + message);
        await using var db = Open(old.Connection);

        await db.Database.MigrateAsync();

        var history = await db.Set<TicketEvent>().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(lines.Count, history.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            Assert.Equal((lines[i].Item1, lines[i].Item2), (history[i].Kind.ToString(), TicketTexts.Details(history[i], Language.Ru)));
            Assert.Equal(lines[i].Item3, TicketTexts.Details(history[i], Language.En));
        }

        Assert.Equal("System", TicketTexts.Actor(history[0], Language.En));
        var update = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("UPDATE TicketEvents SET Data = 'forged'"));
        Assert.Contains("append-only", update.Message);
        await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM TicketEvents"));
    }

    [Fact]
    public async Task ATicketWaitingSinceBeforeScheduling_GetsItsPingsAfterTheUpgrade()
    {
        await using var old = await OldDatabase.CreateAsync("20261125205831_StaffWork", Customer + StaffWorkTicket);
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(EngineersEndToEndTests.StaffSettings()) { ["ConnectionStrings:Support"] = old.Connection });

        // Level 3, registered 25.11 10:00 МСК, due by the end of 28.11: half the window is gone on 27.11 at 05:00 МСК;
        // the harness clock starts 25.11 18:30 МСК, 34.5 hours before that.
        await bot.AdvanceAsync(TimeSpan.FromHours(35));
        var ping = await bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == EngineersEndToEndTests.Duty && FakeBotApi.TextOf(c).StartsWith("⏰ #1", StringComparison.Ordinal), what: "ping the old ticket at 50%");
        Assert.StartsWith("⏰ #1 ждёт инженера: прошло 50% времени реакции", FakeBotApi.TextOf(ping));
    }

    [Theory]
    [MemberData(nameof(Migrations))]
    public async Task NewVersion_OnDatabaseLeftAtMigration_KeepsItsTicketWorking(string migration)
    {
        var seed = Seeds.SingleOrDefault(s => s.Migration == migration).Rows
            ?? throw new InvalidOperationException($"Migration {migration} has no seed: add the rows its schema holds to {nameof(Seeds)}.");
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var connection = $"Data Source={Path.Combine(directory, "support.db")}";
        try
        {
            await using (var old = Open(connection))
            {
                await old.GetService<IMigrator>().MigrateAsync(migration);
                Assert.Equal(migration, (await old.Database.GetAppliedMigrationsAsync()).Last());
            }

            await SeedAsync(connection, seed);
            SqliteConnection.ClearAllPools();

            await using (var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(EngineersEndToEndTests.StaffSettings())
            {
                ["ConnectionStrings:Support"] = connection,
            }))
            {
                var ivan = new FakeUser(bot.Api, EngineersEndToEndTests.Ivan, "Иван");
                var anna = new FakeUser(bot.Api, 5001);

                Assert.StartsWith("Вы взяли #1", FakeBotApi.TextOf(await ivan.SendAsync("/claim 1")));
                Assert.Equal("Инженер Иван Петров взял вашу заявку #1 в работу.", FakeBotApi.TextOf(await anna.NextAsync()));
                Assert.Contains("#1 · в работе", FakeBotApi.TextOf(await anna.SendAsync("/my")));
                await RegisterNextAsync(anna);
            }

            await using var db = Open(connection);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal([1, 2], await db.Tickets.OrderBy(t => t.Number).Select(t => t.Number).ToListAsync());
            var ticket = await db.Tickets.Include(t => t.Windows).Include(t => t.Attachments).Include(t => t.Messages).Include(t => t.Events)
                .SingleAsync(t => t.Number == 1);
            Assert.Equal((TicketStatus.InProgress, "Иван Петров"), (ticket.Status, ticket.HolderName));
            var window = Assert.Single(ticket.Windows);
            // Claimed 25.11 18:30 МСК (the harness clock), before the end of 28.11: met.
            Assert.Equal((1, Registered, Deadline, (LocalDate?)new LocalDate(2026, 11, 28), (string?)"Иван Петров", (bool?)true),
                (window.Sequence, window.Start, window.Deadline.At, window.Deadline.EndOfDay, window.ClaimedBy, window.Met));
            Assert.Equal(Instant.FromDateTimeOffset(BotHarness.Start), window.ClaimedAt);
            var file = Assert.Single(ticket.Attachments).File;
            Assert.Equal(("old-file-1", "log.txt", ChannelKind.Telegram, (string?)null), (file.FileId, file.FileName, file.Channel, file.Url));
            Assert.Equal("Добавлю лог", Assert.Single(ticket.Messages).Text);
            Assert.Equal([TicketEventKind.Registered, TicketEventKind.Claimed], ticket.Events.OrderBy(e => e.At).Select(e => e.Kind));
            Assert.Equal(Received, ticket.Received);
            Assert.Equal(2, (await db.Counters.SingleAsync(c => c.Name == Counter.TicketNumber)).Value);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
    }

    private static SupportDbContext Open(string connection) =>
        new(new DbContextOptionsBuilder<SupportDbContext>().UseSqlite(connection).Options);

    private static List<string> AssemblyMigrations()
    {
        using var db = Open("Data Source=:memory:");
        return [.. db.Database.GetMigrations()];
    }

    private static async Task SeedAsync(string connection, string sql)
    {
        await using var sqlite = new SqliteConnection(connection);
        await sqlite.OpenAsync();
        await using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$received", Received.ToUnixTimeTicks());
        command.Parameters.AddWithValue("$registered", Registered.ToUnixTimeTicks());
        command.Parameters.AddWithValue("$deadline", Deadline.ToUnixTimeTicks());
        command.Parameters.AddWithValue("$commented", Commented.ToUnixTimeTicks());
        await command.ExecuteNonQueryAsync();
    }

    private static async Task RegisterNextAsync(FakeUser anna)
    {
        await anna.SendAsync("/new");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Новая проблема");
        await anna.PressAsync("Готово");
        await anna.PressAsync("3 — неудобство");
        var registered = await anna.PressAsync("Зарегистрировать");
        Assert.StartsWith("Заявка #2 зарегистрирована", FakeBotApi.TextOf(registered));
    }

    /// <summary>A database file left at an earlier migration, with rows of that schema; deleted when disposed.</summary>
    private sealed class OldDatabase : IAsyncDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", "old-" + Guid.NewGuid().ToString("N"));

        private OldDatabase() => Directory.CreateDirectory(_directory);

        public string Connection => $"Data Source={Path.Combine(_directory, "support.db")}";

        public static async Task<OldDatabase> CreateAsync(string migration, string rows)
        {
            var database = new OldDatabase();
            await using (var old = Open(database.Connection))
            {
                await old.GetService<IMigrator>().MigrateAsync(migration);
            }

            await SeedAsync(database.Connection, rows);
            SqliteConnection.ClearAllPools();
            return database;
        }

        public ValueTask DisposeAsync()
        {
            Fakes.TempDirectories.DeleteWithDatabases(_directory);
            return ValueTask.CompletedTask;
        }
    }
}
