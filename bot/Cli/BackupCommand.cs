using System.CommandLine;
using System.Globalization;
using ChatSupport.Bot.Backup;
using ChatSupport.Bot.Persistence;
using Npgsql;

namespace ChatSupport.Bot.Cli;

/// <summary>
/// <c>backup --to FILE</c> (while the bot runs) and <c>restore --from FILE</c> (refused while it runs) for a SQLite desk.
/// On PostgreSQL both explain that <c>pg_dump</c>/<c>pg_restore</c> are the tools and print the line for the configured
/// database. Exit codes: 0 done, 2 bad input (a missing or damaged copy), 3 refused (a bot holds the database, a copy
/// from a newer version, PostgreSQL).
/// </summary>
public static class BackupCommand
{
    public static Command CreateBackup(IConfiguration configuration)
    {
        var to = new Option<string>("--to") { Description = "The file to write (owner-only; replaced if it exists)", HelpName = "FILE", Required = true };
        var command = new Command("backup", "Copy the SQLite database consistently while the bot runs, and check the copy") { to };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var settings = DatabaseSettings.FromConfiguration(configuration);
            if (settings.IsPostgres)
            {
                error.WriteLine($"backup: the desk is on {settings.Describe()}; PostgreSQL's own tool makes a consistent copy of a running database:");
                output.WriteLine(PgDump(settings, parse.GetValue(to)!));
                return ExitCodes.Refused;
            }

            try
            {
                var facts = await SqliteBackup.CreateAsync(settings, parse.GetValue(to)!, ct);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"backup: {facts.Tickets} tickets, {facts.Bytes:N0} bytes written to {facts.Path} (integrity_check ok, owner-only)"));
                return ExitCodes.Ok;
            }
            catch (BackupException ex)
            {
                error.WriteLine($"backup: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                error.WriteLine($"backup: {Domain.Localization.Texts.SafeCut(ex.Message, 300)}");
                return MigrateCommand.Failed;
            }
        });
        return command;
    }

    public static Command CreateRestore(IConfiguration configuration)
    {
        var from = new Option<string>("--from") { Description = "A copy made by backup (checked, then migrated forward if older)", HelpName = "FILE", Required = true };
        var command = new Command("restore", "Replace the SQLite database with a backup (the bot must be stopped; the old file is kept)") { from };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var settings = DatabaseSettings.FromConfiguration(configuration);
            if (settings.IsPostgres)
            {
                error.WriteLine($"restore: the desk is on {settings.Describe()}; stop every replica, then restore a pg_dump copy with PostgreSQL's own tool:");
                output.WriteLine(PgRestore(settings, parse.GetValue(from)!));
                return ExitCodes.Refused;
            }

            try
            {
                var outcome = await SqliteRestore.RunAsync(settings, parse.GetValue(from)!, TimeProvider.System, ct);
                output.WriteLine($"restore: {Path.GetFullPath(settings.DataSource)} now holds {outcome.Copy.Path} ({outcome.Copy.Tickets} tickets; "
                    + (outcome.MigrationsApplied == 0 ? "its schema was current" : $"migrated forward by {outcome.MigrationsApplied} migration(s)") + ")"
                    + (outcome.PreviousKeptAs is { } kept ? $"; the previous database is kept as {kept}" : string.Empty));
                return ExitCodes.Ok;
            }
            catch (RestoreRefusedException ex)
            {
                error.WriteLine($"restore: refused: {ex.Message}");
                return ExitCodes.Refused;
            }
            catch (BackupException ex)
            {
                error.WriteLine($"restore: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>pg_dump's line for the configured database (the password stays out: PGPASSWORD or ~/.pgpass).</summary>
    internal static string PgDump(DatabaseSettings settings, string file) =>
        $"pg_dump --format=custom --file={Quote(file)} {Target(settings)}";

    internal static string PgRestore(DatabaseSettings settings, string file) =>
        $"pg_restore --clean --if-exists --no-owner --single-transaction {Target(settings, "--dbname=")} {Quote(file)}";

    private static string Target(DatabaseSettings settings, string databaseSwitch = "")
    {
        var csb = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        return $"--host={Quote(csb.Host ?? "localhost")} --port={csb.Port} --username={Quote(csb.Username ?? "postgres")} {databaseSwitch}{Quote(csb.Database ?? DatabaseSettings.DefaultPostgresDatabase)}";
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:@=".Contains(c)) ? value : $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
