using ChatSupport.Bot.Backup;
using ChatSupport.Bot.Bench;
using ChatSupport.Bot.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Time.Testing;

namespace ChatSupport.Tests.Bot.Persistence;

/// <summary>Backups of a running SQLite desk, and restores of them (the commands' process-level refusals are in CommandLineTests).</summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("backup-").FullName;

    [Fact]
    public async Task ABackupTakenWhileTheIntakeBenchRuns_RestoredIntoANewFile_HasEveryTicketConfirmedBeforeItBegan()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var api = await BenchBotApi.StartAsync();
        await using var bench = await BenchHost.StartAsync(api, new Dictionary<string, string?>
        {
            ["Telegram:PrivateChatPerSecond"] = "1000",
            ["Telegram:GlobalPerSecond"] = "100000",
        }, cancel.Token);
        const int customers = 400;
        api.Enqueue(IntakeBench.Script(customers));
        List<int> confirmed;
        do
        {
            await Task.Delay(20, cancel.Token);
            confirmed = await bench.QueryAsync(db => db.Tickets.Select(t => t.Number).ToListAsync());
        }
        while (confirmed.Count < 40);

        var backup = Path.Combine(_directory, "copy.db");
        var facts = await SqliteBackup.CreateAsync(bench.Database.SettingsFor(bench.Directory), backup, cancel.Token);
        var duringBackup = await bench.QueryAsync(db => db.Tickets.CountAsync());

        Assert.True(facts.Tickets >= confirmed.Count, $"the copy has {facts.Tickets} tickets, {confirmed.Count} were confirmed before it began");
        Assert.True(duringBackup < customers, "the intake had finished before the backup did: the test no longer backs up a desk being written to");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
        }

        var restored = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "restored.db")}");
        var outcome = await SqliteRestore.RunAsync(restored, backup, TimeProvider.System, cancel.Token);
        Assert.Null(outcome.PreviousKeptAs);
        Assert.Equal(0, outcome.MigrationsApplied);
        await using var db = restored.CreateContext();
        var numbers = await db.Tickets.Select(t => t.Number).ToListAsync(cancel.Token);
        Assert.Empty(confirmed.Except(numbers));
        Assert.Equal(facts.Tickets, numbers.Count);
        // Whole tickets, not just their rows: each restored ticket still has its customer and its registration.
        Assert.Equal(numbers.Count, await db.Tickets.CountAsync(t => t.CustomerId > 0 && t.Description != "", cancel.Token));

        // The bench went on writing meanwhile and finished.
        while (await bench.QueryAsync(d => d.Tickets.CountAsync()) < customers)
        {
            await Task.Delay(50, cancel.Token);
        }
    }

    [Fact]
    public async Task AnOlderCopy_IsMigratedForward_AndTheReplacedDatabaseIsKept()
    {
        var old = Path.Combine(_directory, "old.db");
        await using (var context = new SupportDbContext(new DbContextOptionsBuilder<SupportDbContext>().UseSqlite($"Data Source={old};Pooling=False").Options))
        {
            var migrations = context.Database.GetMigrations().ToList();
            await context.GetService<IMigrator>().MigrateAsync(migrations[^4]);
        }

        var current = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "desk.db")}");
        await DatabaseMigrator.MigrateAsync(current, CancellationToken.None);
        SqliteConnection.ClearAllPools();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

        var outcome = await SqliteRestore.RunAsync(current, old, clock, CancellationToken.None);

        Assert.Equal(3, outcome.MigrationsApplied);
        Assert.Equal(Path.Combine(_directory, "desk.db.before-restore-20261130-120000"), outcome.PreviousKeptAs);
        Assert.True(File.Exists(outcome.PreviousKeptAs));
        Assert.False(File.Exists(Path.Combine(_directory, "desk.db.restoring")));
        Assert.Equal(SqliteBackup.LatestKnownMigration(), (await SqliteBackup.CheckAsync(Path.Combine(_directory, "desk.db"), CancellationToken.None)).LastMigration);
    }

    [Fact]
    public async Task Restore_IsRefused_WhileABotHoldsTheDatabase_AndGoesOnceItHasStopped()
    {
        var desk = Path.Combine(_directory, "desk.db");
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={desk}");
        await DatabaseMigrator.MigrateAsync(settings, CancellationToken.None);
        var copy = await SqliteBackup.CreateAsync(settings, Path.Combine(_directory, "copy.db"), CancellationToken.None);

        using (DatabaseLock.Shared(desk))
        {
            var refused = await Assert.ThrowsAsync<RestoreRefusedException>(() => SqliteRestore.RunAsync(settings, copy.Path, TimeProvider.System, CancellationToken.None));
            Assert.Contains($"a bot is using {desk}", refused.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(desk + ".restoring"));
        }

        var outcome = await SqliteRestore.RunAsync(settings, copy.Path, TimeProvider.System, CancellationToken.None);
        Assert.NotNull(outcome.PreviousKeptAs);
    }

    [Fact]
    public async Task ABotCannotStart_WhileARestoreHoldsTheFile()
    {
        var desk = Path.Combine(_directory, "desk.db");
        using var restore = DatabaseLock.Exclusive(desk);
        Assert.NotNull(restore);

        var busy = Assert.Throws<DatabaseBusyException>(() => DatabaseLock.Shared(desk));
        Assert.Contains("is being restored", busy.Message, StringComparison.Ordinal);
        Assert.Null(DatabaseLock.Exclusive(desk));
    }

    [Theory]
    [InlineData("garbage", "is not a readable SQLite database")]
    [InlineData("foreign", "not a ChatSupport desk")]
    [InlineData("missing", "does not exist")]
    public async Task ACopyThatIsNotADesk_IsRefused_SayingWhy(string kind, string message)
    {
        var path = Path.Combine(_directory, kind + ".db");
        if (kind == "garbage")
        {
            await File.WriteAllTextAsync(path, new string('x', 8192));
        }
        else if (kind == "foreign")
        {
            await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Notes (Text TEXT)";
            await command.ExecuteNonQueryAsync();
        }

        var desk = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_directory, "desk.db")}");
        var refused = await Assert.ThrowsAsync<BackupException>(() => SqliteRestore.RunAsync(desk, path, TimeProvider.System, CancellationToken.None));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "desk.db")));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
