using ChatSupport.Domain.Configuration;
using Npgsql;

namespace ChatSupport.Bot.Persistence;

/// <summary>
/// The advisory-lock keys the replicas agree on (PostgreSQL's <c>pg_advisory_lock</c> takes a 64-bit number; these
/// spell "chatsupport" and what each lock guards, so they collide with nobody else's in a shared server).
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Held while one replica migrates; the others wait for it.</summary>
    public const long Migrations = 0x63_68_61_74_00_00_00_01;

    /// <summary>Held, on a connection of its own, by the one replica that polls the messengers.</summary>
    public const long Polling = 0x63_68_61_74_00_00_00_02;

    /// <summary>Taken for a transaction by the replica that applies escalation re-plans to Quartz, one at a time.</summary>
    public const long Planner = 0x63_68_61_74_00_00_00_03;
}

/// <summary>
/// PostgreSQL's start-up: the database is created when it does not exist and the role may create it (two replicas
/// starting at once: one creates, the other finds it), then the migrations run under an advisory lock held on a
/// connection of its own — one replica migrates, the others wait and then find nothing pending. A replica killed while
/// migrating frees the lock with its connection; EF Core applies each migration in a transaction.
/// </summary>
public static class PostgresMigrations
{
    public static async Task<int> ApplyAsync(DatabaseSettings settings, Func<Task<int>> migrate, CancellationToken cancellationToken)
    {
        await EnsureDatabaseAsync(settings.ConnectionString, cancellationToken);
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 })
        {
            take.Parameters.AddWithValue("key", AdvisoryLocks.Migrations);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            return await migrate();
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", AdvisoryLocks.Migrations);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Drops the database the connection string names, whoever is still connected (a bench's or a test's throwaway
    /// database), through the server's <c>postgres</c> database.
    /// </summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ToString());
        await connection.OpenAsync();
        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Creates the configured database unless it exists (through the server's <c>postgres</c> database).</summary>
    public static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database!;
        try
        {
            await using var probe = new NpgsqlConnection(connectionString);
            await probe.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: create it below.
        }

        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ToString());
        await connection.OpenAsync(cancellationToken);
        try
        {
            var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another replica created it a moment ago.
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new SupportConfigurationException($"ConnectionStrings:{PersistenceRegistration.ConnectionName}", "(hidden)",
                $"database \"{name}\" does not exist and role \"{target.Username}\" may not create it: create it once (CREATE DATABASE \"{name}\" OWNER \"{target.Username}\") or grant CREATEDB");
        }
    }
}
