using System.CommandLine;
using ChatSupport.Bot.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Cli;

/// <summary>
/// <c>migrate</c>: brings the configured database to the current schema and exits — for deployments that migrate once
/// before rolling out replicas (every replica also migrates at start, under the same lock, and finds nothing to do).
/// </summary>
public static class MigrateCommand
{
    /// <summary>Exit code when the database cannot be reached or migrated.</summary>
    public const int Failed = 3;

    public static Command Create(IConfiguration configuration)
    {
        var command = new Command("migrate", "Apply the database migrations (SQLite or PostgreSQL, as configured) and exit");
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var settings = DatabaseSettings.FromConfiguration(configuration);
            try
            {
                var applied = await DatabaseMigrator.MigrateAsync(settings, ct);
                output.WriteLine(applied == 0
                    ? $"migrate: {settings.Describe()} is up to date (no migrations pending)"
                    : $"migrate: {settings.Describe()}: {applied} migration(s) applied; the schema is up to date");
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or DbUpdateException or IOException or UnauthorizedAccessException or TimeoutException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"migrate: {settings.Describe()}: {Domain.Localization.Texts.SafeCut(ex.Message, 300)}");
                return Failed;
            }
        });
        return command;
    }
}
