using System.Globalization;
using ChatSupport.Bot.Persistence;
using Microsoft.Data.Sqlite;

namespace ChatSupport.Bot.Backup;

/// <summary>What a restore did.</summary>
public sealed record RestoreOutcome(BackupFacts Copy, int MigrationsApplied, string? PreviousKeptAs);

/// <summary>
/// Puts a checked copy back as the desk's database. Refused while a bot uses the file (<see cref="DatabaseLock"/>):
/// the copy is checked, copied beside the database and migrated forward there, and only then swapped in — the
/// database being replaced is kept (with its WAL) as <c>&lt;database&gt;.before-restore-&lt;time&gt;</c>, never deleted.
/// </summary>
public static class SqliteRestore
{
    public static async Task<RestoreOutcome> RunAsync(DatabaseSettings settings, string from, TimeProvider time, CancellationToken cancellationToken)
    {
        var database = Path.GetFullPath(settings.DataSource);
        var copy = await SqliteBackup.CheckAsync(from, cancellationToken);
        if (string.Equals(copy.Path, database, StringComparison.Ordinal))
        {
            throw new BackupException("the copy to restore is the database itself");
        }

        var known = SqliteBackup.LatestKnownMigration();
        if (copy.LastMigration is { } last && known is not null && string.CompareOrdinal(last, known) > 0)
        {
            throw new RestoreRefusedException(
                $"{copy.Path} was written by a newer ChatSupport (its schema is at {last}, this version knows up to {known}); restore it with that version");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        using var exclusive = DatabaseLock.Exclusive(database) ?? throw new RestoreRefusedException(
            $"a bot is using {database}: it holds a shared lock on {DatabaseLock.PathFor(database)} for as long as it runs (the kernel releases it when the process ends). Stop the bot, then run restore again");

        var staging = database + ".restoring";
        DeleteWithCompanions(staging);
        SqliteBackup.CreateOwnerOnly(staging);
        int applied;
        try
        {
            // VACUUM INTO from the copy as SQLite reads it (a WAL beside it included), not its bytes.
            await using (var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            {
                await source.OpenAsync(cancellationToken);
                await using var vacuum = source.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $target";
                vacuum.Parameters.AddWithValue("$target", staging);
                await vacuum.ExecuteNonQueryAsync(cancellationToken);
            }

            var stagingSettings = new DatabaseSettings(DatabaseProvider.Sqlite,
                new SqliteConnectionStringBuilder(settings.ConnectionString) { DataSource = staging }.ToString());
            applied = await DatabaseMigrator.MigrateAsync(stagingSettings, cancellationToken);
            // One file again: the migrations' WAL folded into it before it moves.
            await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = staging, Pooling = false }.ToString()))
            {
                await connection.OpenAsync(cancellationToken);
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await checkpoint.ExecuteNonQueryAsync(cancellationToken);
            }

            SqliteConnection.ClearAllPools();
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            DeleteWithCompanions(staging);
            throw;
        }

        string? kept = null;
        if (File.Exists(database))
        {
            var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            kept = $"{database}.before-restore-{stamp}";
            for (var n = 2; File.Exists(kept); n++)
            {
                kept = $"{database}.before-restore-{stamp}-{n}";
            }

            // Kept by copying (with its WAL, which may hold commits of a bot that crashed): the database keeps its name
            // until the copy replaces it in one rename, so there is never a moment with no database at all.
            foreach (var suffix in new[] { string.Empty, "-wal" })
            {
                if (File.Exists(database + suffix))
                {
                    File.Copy(database + suffix, kept + suffix);
                }
            }

            // The old WAL and shared memory belong to the old file: beside the new one they would be read into it.
            File.Delete(database + "-wal");
            File.Delete(database + "-shm");
        }

        File.Move(staging, database, overwrite: true);
        DeleteWithCompanions(staging);
        return new RestoreOutcome(copy, applied, kept);
    }

    /// <summary>The database file and the WAL and shared-memory files SQLite keeps beside it.</summary>
    private static readonly string[] Companions = [string.Empty, "-wal", "-shm"];

    private static void DeleteWithCompanions(string path)
    {
        foreach (var suffix in Companions)
        {
            File.Delete(path + suffix);
        }
    }
}

/// <summary>A restore that must not run now, or not with this copy.</summary>
public sealed class RestoreRefusedException(string message) : Exception(message);
