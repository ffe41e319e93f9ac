using ChatSupport.Domain.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ChatSupport.Bot.Persistence;

public static class PersistenceRegistration
{
    public const string ConnectionName = "Support";
    public const string DefaultConnection = "Data Source=chatsupport.db";

    /// <summary>
    /// The database through EF Core, as <c>Database:Provider</c> says: SQLite (default) — the file from
    /// <c>ConnectionStrings:Support</c> (default <c>chatsupport.db</c> in the working directory), a 30 s busy timeout, WAL
    /// journal — or PostgreSQL for several replicas. The schema is migrated at start-up (once, under a lock, on PostgreSQL).
    /// </summary>
    public static IHostApplicationBuilder AddSupportPersistence(this IHostApplicationBuilder builder)
    {
        var settings = DatabaseSettings.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(settings);
        if (settings.IsPostgres)
        {
            // One query per load, on purpose: a ticket with its windows and messages is read consistently in one go.
            builder.Services.AddDbContext<SupportDbContext, PostgresSupportDbContext>(o => settings.Apply(o));
        }
        else
        {
            // Each context on its own gated connection (pooled underneath by Microsoft.Data.Sqlite): writers queue for the file.
            builder.Services.AddDbContext<SupportDbContext>(o => o.UseSqlite(
                new GatedSqliteConnection(settings.ConnectionString), contextOwnsConnection: true, s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)));
        }

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

/// <summary>
/// Brings the database to the current schema before anything else runs (hosted services start in registration order,
/// so this is registered first). SQLite: creates the file readable by its owner only, switches it to WAL, applies EF
/// migrations (an old database keeps its data). PostgreSQL: <see cref="PostgresMigrations"/> — the database created if
/// missing, the migrations applied once under an advisory lock while other replicas wait.
/// </summary>
public sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, DatabaseSettings settings, ILogger<DatabaseMigrator> logger) : IHostedService, IDisposable
{
    private DatabaseLock? _inUse;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.IsPostgres && settings.DataSource != ":memory:")
        {
            // Held for the bot's life: restore refuses while it is (see DatabaseLock).
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.DataSource))!);
            _inUse = DatabaseLock.Shared(settings.DataSource);
        }

        var applied = await MigrateAsync(settings, scopes, cancellationToken);
        LogMigrated(logger, settings.Describe(), applied);
    }

    /// <summary>Migrates the database the settings name outside a host (the migrate command, benches); returns how many migrations were applied.</summary>
    public static async Task<int> MigrateAsync(DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        if (settings.IsPostgres)
        {
            services.AddDbContext<SupportDbContext, PostgresSupportDbContext>(o => settings.Apply(o));
        }
        else
        {
            services.AddDbContext<SupportDbContext>(o => settings.Apply(o));
        }

        await using var provider = services.BuildServiceProvider();
        return await MigrateAsync(settings, provider.GetRequiredService<IServiceScopeFactory>(), cancellationToken);
    }

    /// <summary>Migrates the database the settings name; returns how many migrations were applied.</summary>
    public static async Task<int> MigrateAsync(DatabaseSettings settings, IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        if (settings.IsPostgres)
        {
            return await PostgresMigrations.ApplyAsync(settings, async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
                // Npgsql's provider reads the history table without looking for it first, and logs a failed command on
                // a new database: create it (empty) so the first start logs no error.
                await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                return await ApplyPendingAsync(db, cancellationToken);
            }, cancellationToken);
        }

        var path = settings.DataSource;
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

        await using var sqliteScope = scopes.CreateAsyncScope();
        var db = sqliteScope.ServiceProvider.GetRequiredService<SupportDbContext>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        return await ApplyPendingAsync(db, cancellationToken);
    }

    private static async Task<int> ApplyPendingAsync(SupportDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _inUse?.Dispose();

    [LoggerMessage(LogLevel.Information, "Database {Where} is ready ({Applied} migrations applied)")]
    private static partial void LogMigrated(ILogger logger, string where, int applied);
}
