using System.Globalization;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// The real host as a bench runs it: a fresh SQLite file in a directory of its own (deleted afterwards), Telegram
/// pointed at the bench's Bot API, logging at warnings only.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string Token = "123456:BENCH_token-abcdefghijklmnopqrstuvwxyz0123";

    private readonly bool _owner;

    private BenchHost(string directory, IHost host, BenchDatabase database, bool owner)
    {
        Directory = directory;
        Host = host;
        Database = database;
        _owner = owner;
    }

    public BenchDatabase Database { get; }

    public string Directory { get; }

    public IHost Host { get; }

    public string ConnectionString => ConnectionFor(Directory);

    public static string ConnectionFor(string directory) => $"Data Source={Path.Combine(directory, "bench.db")}";

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-bench-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The settings every bench host starts with: the bench's Bot API, a fresh file, quiet logs.</summary>
    public static Dictionary<string, string?> Settings(BenchBotApi api, string directory) => new()
    {
        ["Telegram:BotToken"] = Token,
        ["Telegram:ApiBaseUrl"] = api.BaseUrl,
        ["Telegram:PollingTimeout"] = "00:00:01",
        ["ConnectionStrings:Support"] = ConnectionFor(directory),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>
    /// Builds the host on a new directory (<paramref name="prepare"/> may seed its file first) and starts it; with
    /// <paramref name="join"/>, a further replica on that host's database, which leaves the clean-up to the first.
    /// </summary>
    public static async Task<BenchHost> StartAsync(BenchBotApi api, IReadOnlyDictionary<string, string?> extra, CancellationToken cancellationToken, Func<string, Task>? prepare = null, BenchDatabase? database = null, BenchHost? join = null)
    {
        database ??= join?.Database ?? BenchDatabase.Sqlite;
        var directory = join?.Directory ?? NewDirectory();
        var settings = Settings(api, directory);
        foreach (var (key, value) in database.Keys(directory))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        if (prepare is not null)
        {
            await prepare(directory);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var host = BotHost.Build([], configuration, SlaSetup.FromConfiguration(configuration));
        await host.StartAsync(cancellationToken);
        return new BenchHost(directory, host, database, owner: join is null);
    }

    /// <summary>The bot's schema on the bench's database (SQLite or PostgreSQL), by its own migrations, Quartz's tables included.</summary>
    public static Task<int> MigrateAsync(BenchDatabase database, string directory, CancellationToken cancellationToken) =>
        DatabaseMigrator.MigrateAsync(database.SettingsFor(directory), cancellationToken);

    /// <summary>The bot's schema in the file, by its own migrations (Quartz's tables included); the context's options.</summary>
    public static async Task<DbContextOptions<SupportDbContext>> MigrateAsync(string connection, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<SupportDbContext>().UseSqlite(connection).Options;
        await using var db = new SupportDbContext(options);
        await db.Database.MigrateAsync(cancellationToken);
        return options;
    }

    /// <summary>Seed SQL run straight on the file (a million rows in seconds, generated inside SQLite).</summary>
    public static async Task ExecuteAsync(string connection, string sql, IReadOnlyDictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        await using var sqlite = new SqliteConnection(connection);
        await sqlite.OpenAsync(cancellationToken);
        await using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A query against the bot's database through its own context.</summary>
    public async Task<T> QueryAsync<T>(Func<SupportDbContext, Task<T>> query)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SupportDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
            if (_owner)
            {
                await Database.DropAsync(Directory);
                DeleteDirectory(Directory);
            }
        }
    }

    public static void DeleteDirectory(string directory)
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(directory, recursive: true);
    }

    /// <summary>A TCP port free on 127.0.0.1 at this moment.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
