using ChatSupport.Bot.Persistence;
using Npgsql;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>
/// The PostgreSQL server the tests may use: <c>CHATSUPPORT_TEST_POSTGRES</c> names it (a connection string without a
/// database, e.g. <c>Host=127.0.0.1;Port=55432;Username=postgres</c>; .ci/run starts a throwaway server and sets it).
/// Each test gets a database of its own, dropped afterwards. Without the variable a PostgreSQL test is skipped — never
/// passed — unless <c>CHATSUPPORT_REQUIRE_POSTGRES=1</c> (CI), where it fails.
/// </summary>
public static class PostgresServer
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("CHATSUPPORT_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>Skips the calling test when no server is configured (fails in CI instead).</summary>
    public static string Require()
    {
        if (ConnectionString is { } cs)
        {
            return cs;
        }

        if (Environment.GetEnvironmentVariable("CHATSUPPORT_REQUIRE_POSTGRES") == "1")
        {
            throw new InvalidOperationException("CHATSUPPORT_REQUIRE_POSTGRES=1 but CHATSUPPORT_TEST_POSTGRES is not set: CI must start PostgreSQL.");
        }

        Skip.If(true, "No PostgreSQL server: set CHATSUPPORT_TEST_POSTGRES (see .ci/run) to run this test.");
        return string.Empty;
    }

    /// <summary>A new, empty database's connection string (the bot creates it at start; here it only gets a unique name).</summary>
    public static string NewDatabase()
    {
        var csb = new NpgsqlConnectionStringBuilder(Require()) { Database = "cs_test_" + Guid.NewGuid().ToString("N")[..16] };
        return csb.ToString();
    }

    public static DatabaseSettings Settings(string connectionString) =>
        new(DatabaseProvider.Postgres, DatabaseSettings.NormalisePostgres(connectionString));

    /// <summary>Drops the test's database, whoever is still connected.</summary>
    public static Task DropAsync(string connectionString) => PostgresMigrations.DropDatabaseAsync(connectionString);
}
