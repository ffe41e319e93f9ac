using ChatSupport.Domain.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Persistence;

public static class PersistenceRegistration
{
    public const string ConnectionName = "Support";
    public const string DefaultConnection = "Data Source=chatsupport.db";

    /// <summary>
    /// SQLite through EF Core: the file from <c>ConnectionStrings:Support</c> (default <c>chatsupport.db</c> in
    /// the working directory), a 30 s busy timeout, WAL journal; the schema migrated at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddSupportPersistence(this IHostApplicationBuilder builder)
    {
        var connectionString = NormaliseConnectionString(builder.Configuration.GetConnectionString(ConnectionName));
        // One query per load, on purpose: a ticket with its windows and messages is read consistently in one go.
        // Each context on its own gated connection (pooled underneath by Microsoft.Data.Sqlite): writers queue for the file.
        builder.Services.AddDbContext<SupportDbContext>(o => o.UseSqlite(
            new GatedSqliteConnection(connectionString), contextOwnsConnection: true, s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)));
        builder.Services.AddSingleton(new DatabaseLocation(connectionString));
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }

    internal static string NormaliseConnectionString(string? configured)
    {
        SqliteConnectionStringBuilder csb;
        try
        {
            csb = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? DefaultConnection : configured);
        }
        catch (ArgumentException ex)
        {
            throw new SupportConfigurationException($"ConnectionStrings:{ConnectionName}", configured, ex.Message);
        }

        if (string.IsNullOrWhiteSpace(csb.DataSource))
        {
            throw new SupportConfigurationException($"ConnectionStrings:{ConnectionName}", configured, "needs a Data Source (the database file)");
        }

        if (!csb.ContainsKey("Default Timeout") || csb.DefaultTimeout < 5)
        {
            // Busy timeout: writers wait for each other instead of failing with "database is locked".
            csb.DefaultTimeout = 30;
        }

        csb.Pooling = true;
        return csb.ToString();
    }
}

/// <summary>Where the database is, for start-up and health checks.</summary>
public sealed record DatabaseLocation(string ConnectionString)
{
    public string DataSource => new SqliteConnectionStringBuilder(ConnectionString).DataSource;
}

/// <summary>
/// Brings the database to the current schema before anything else runs (hosted services start in
/// registration order, so this is registered first): creates the file readable by its owner only,
/// switches it to WAL, applies EF migrations (an old database keeps its data).
/// </summary>
public sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, DatabaseLocation location, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = location.DataSource;
        if (path != ":memory:" && !File.Exists(path))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            // Create it ourselves so it is never world-readable, not even for a moment.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (new FileStream(path, create))
            {
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, Path.GetFullPath(path), pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Database {Path} is ready ({Applied} migrations applied)")]
    private static partial void LogMigrated(ILogger logger, string path, int applied);
}
