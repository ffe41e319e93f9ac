using System.Globalization;
using ChatSupport.Bot.Persistence;
using Microsoft.Data.Sqlite;

namespace ChatSupport.Bot.Backup;

/// <summary>What a copy of the desk holds: checked by SQLite, and counted.</summary>
public sealed record BackupFacts(string Path, long Tickets, long Bytes, string? LastMigration);

/// <summary>
/// Copies of a SQLite desk. A backup is <c>VACUUM INTO</c> from a read transaction: one consistent moment of the
/// database while the bot keeps writing (WAL readers never block the writer), compacted, into a file created
/// owner-only beforehand and moved into place only once <c>PRAGMA integrity_check</c> has passed — a half-written or
/// unchecked file never carries the backup's name.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Writes a checked copy of <paramref name="settings"/>' database to <paramref name="target"/> (replacing it).</summary>
    public static async Task<BackupFacts> CreateAsync(DatabaseSettings settings, string target, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(settings.DataSource);
        if (!File.Exists(source))
        {
            throw new BackupException($"there is no database at {source} to back up");
        }

        target = Path.GetFullPath(target);
        if (string.Equals(target, source, StringComparison.Ordinal))
        {
            throw new BackupException("the backup cannot replace the database it copies");
        }

        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var partial = Path.Combine(directory, $".{Path.GetFileName(target)}.{Environment.ProcessId}.partial");
        CreateOwnerOnly(partial);
        try
        {
            await using (var connection = new SqliteConnection(ReadOnly(settings.ConnectionString, source)))
            {
                await connection.OpenAsync(cancellationToken);
                await using var vacuum = connection.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $target";
                vacuum.Parameters.AddWithValue("$target", partial);
                await vacuum.ExecuteNonQueryAsync(cancellationToken);
            }

            var facts = await CheckAsync(partial, cancellationToken);
            File.Move(partial, target, overwrite: true);
            return facts with { Path = target };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Opens a copy read-only and checks it: SQLite's own <c>integrity_check</c>, then that it is a ChatSupport desk (its
    /// migration history and tickets table). Throws <see cref="BackupException"/> saying what is wrong.
    /// </summary>
    public static async Task<BackupFacts> CheckAsync(string path, CancellationToken cancellationToken)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new BackupException($"{path} does not exist");
        }

        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            var integrity = await ScalarsAsync(connection, "PRAGMA integrity_check", cancellationToken);
            if (integrity is not ["ok"])
            {
                throw new BackupException($"{path} is damaged: {string.Join("; ", integrity.Take(3))}");
            }

            var tables = await ScalarsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('__EFMigrationsHistory', 'Tickets')", cancellationToken);
            if (tables.Count != 2)
            {
                throw new BackupException($"{path} is an SQLite database but not a ChatSupport desk (it has no tickets table or migration history)");
            }

            var tickets = long.Parse((await ScalarsAsync(connection, "SELECT COUNT(*) FROM Tickets", cancellationToken))[0], CultureInfo.InvariantCulture);
            var last = (await ScalarsAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1", cancellationToken)).FirstOrDefault();
            return new BackupFacts(path, tickets, new FileInfo(path).Length, last);
        }
        catch (SqliteException ex)
        {
            // «file is not a database», «database disk image is malformed»: SQLite's words, with the file.
            throw new BackupException($"{path} is not a readable SQLite database: {ex.Message}");
        }
    }

    /// <summary>The newest migration this build knows, to tell an older copy from one written by a newer version.</summary>
    public static string? LatestKnownMigration()
    {
        using var db = new SupportDbContext(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:").Options());
        return Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetMigrations(db.Database).LastOrDefault();
    }

    /// <summary>An empty file only its owner may read or write (a backup holds every customer's messages).</summary>
    internal static void CreateOwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (new FileStream(path, options))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            // A file that was there already keeps its mode on FileMode.Create: set it.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string ReadOnly(string connectionString, string path) =>
        new SqliteConnectionStringBuilder(connectionString) { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();

    private static async Task<List<string>> ScalarsAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return values;
    }
}

/// <summary>A backup or restore that cannot go ahead; the message says why, for the operator.</summary>
public sealed class BackupException(string message) : Exception(message);
