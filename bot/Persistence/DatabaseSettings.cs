using ChatSupport.Domain.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatSupport.Bot.Persistence;

/// <summary>Which database engine holds the desk.</summary>
public enum DatabaseProvider
{
    /// <summary>One file beside the bot: the embedded default, one replica.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server: several replicas, Quartz clustered, failover.</summary>
    Postgres,
}

/// <summary>
/// <c>Database:Provider</c> (<c>Sqlite</c> by default, or <c>Postgres</c>) and <c>ConnectionStrings:Support</c>, checked
/// and completed: SQLite gets a 30 s busy timeout; PostgreSQL gets a database name (<c>chatsupport</c>) and TCP
/// keepalive, so a replica whose host vanished is noticed on both ends.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";

    public const string DefaultPostgresDatabase = "chatsupport";

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The SQLite file (SQLite only).</summary>
    public string DataSource => IsPostgres
        ? throw new InvalidOperationException("A PostgreSQL database has no file.")
        : new SqliteConnectionStringBuilder(ConnectionString).DataSource;

    /// <summary>Where the data is, for logs and the health check: a file path, or host:port/database — never a password.</summary>
    public string Describe()
    {
        if (!IsPostgres)
        {
            return DataSource == ":memory:" ? DataSource : Path.GetFullPath(DataSource);
        }

        var csb = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL {csb.Host}:{csb.Port}/{csb.Database} as {csb.Username}";
    }

    public static DatabaseSettings FromConfiguration(IConfiguration configuration)
    {
        var providerText = configuration[ProviderKey];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText.Trim(), ignoreCase: true, out provider) || !Enum.IsDefined(provider))
        {
            throw new SupportConfigurationException(ProviderKey, providerText, "expected Sqlite (one replica, the default) or Postgres (several replicas)");
        }

        var configured = configuration.GetConnectionString(PersistenceRegistration.ConnectionName);
        return provider == DatabaseProvider.Postgres
            ? new DatabaseSettings(provider, NormalisePostgres(configured))
            : new DatabaseSettings(provider, PersistenceRegistration.NormaliseConnectionString(configured));
    }

    /// <summary>The context options for this engine (the model is the same; the migrations are each engine's own).</summary>
    public DbContextOptions<SupportDbContext> Options()
    {
        var builder = new DbContextOptionsBuilder<SupportDbContext>();
        return (DbContextOptions<SupportDbContext>)Apply(builder).Options;
    }

    /// <summary>A context on this database, outside the host (commands, benches, tests).</summary>
    public SupportDbContext CreateContext() => IsPostgres
        ? new PostgresSupportDbContext((DbContextOptions<PostgresSupportDbContext>)Apply(new DbContextOptionsBuilder<PostgresSupportDbContext>()).Options)
        : new SupportDbContext(Options());

    internal DbContextOptionsBuilder Apply(DbContextOptionsBuilder builder) => IsPostgres
        ? builder.UseNpgsql(ConnectionString, s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
        : builder.UseSqlite(ConnectionString, s => s.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery));

    internal static string NormalisePostgres(string? configured)
    {
        const string key = $"ConnectionStrings:{PersistenceRegistration.ConnectionName}";
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new SupportConfigurationException(key, null,
                "Database:Provider=Postgres needs a connection string, e.g. Host=127.0.0.1;Port=5432;Database=chatsupport;Username=chatsupport;Password=…");
        }

        NpgsqlConnectionStringBuilder csb;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(configured);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            // The message of a bad connection string may quote it, password and all: only the reason.
            throw new SupportConfigurationException(key, "(hidden)", $"not a PostgreSQL connection string: {ex.GetType().Name}");
        }

        if (string.IsNullOrWhiteSpace(csb.Host))
        {
            throw new SupportConfigurationException(key, "(hidden)", "needs Host=… (the PostgreSQL server)");
        }

        if (string.IsNullOrWhiteSpace(csb.Database))
        {
            csb.Database = DefaultPostgresDatabase;
        }

        if (!csb.ContainsKey("Tcp Keepalive"))
        {
            // A replica's host that vanishes without closing its connections is noticed by TCP, not in hours.
            csb.TcpKeepAlive = true;
        }

        if (!csb.ContainsKey("Application Name"))
        {
            csb.ApplicationName = "chatsupport";
        }

        return csb.ToString();
    }
}
