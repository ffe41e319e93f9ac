using ChatSupport.Bot.Persistence;
using Npgsql;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// Where a bench keeps its data: a fresh SQLite file in its directory (the default), or a fresh database on a
/// PostgreSQL server (<c>--provider postgres --connection …</c>), named after the directory and dropped afterwards.
/// </summary>
internal sealed record BenchDatabase(DatabaseProvider Provider, string? Server)
{
    public static readonly BenchDatabase Sqlite = new(DatabaseProvider.Sqlite, null);

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>How the figure lines name the engine.</summary>
    public string Name => IsPostgres ? "PostgreSQL" : "SQLite";

    public string ConnectionFor(string directory) => IsPostgres
        ? DatabaseSettings.NormalisePostgres(new NpgsqlConnectionStringBuilder(Server) { Database = "chatsupport_bench_" + Path.GetFileName(directory)[^12..] }.ToString())
        : BenchHost.ConnectionFor(directory);

    public DatabaseSettings SettingsFor(string directory) => new(Provider, ConnectionFor(directory));

    /// <summary>The keys that put a bench host on this database.</summary>
    public Dictionary<string, string?> Keys(string directory) => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Support"] = ConnectionFor(directory),
    };

    /// <summary>Seed SQL run straight on the database (parameters named without a prefix: $name on SQLite, @name on PostgreSQL).</summary>
    public async Task ExecuteAsync(string directory, string sql, IReadOnlyDictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        if (!IsPostgres)
        {
            await BenchHost.ExecuteAsync(ConnectionFor(directory), sql, parameters.ToDictionary(p => "$" + p.Key, p => p.Value), cancellationToken);
            return;
        }

        await using var connection = new NpgsqlConnection(ConnectionFor(directory));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Drops the bench's PostgreSQL database (its SQLite file goes with the directory).</summary>
    public async Task DropAsync(string directory)
    {
        if (!IsPostgres)
        {
            return;
        }

        await PostgresMigrations.DropDatabaseAsync(ConnectionFor(directory));
    }
}
