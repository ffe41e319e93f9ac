using System.Globalization;
using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Configuration;
using NodaTime;
using NodaTime.Extensions;
using NodaTime.Text;

namespace ChatSupport.Bot.Backup;

/// <summary>
/// Optional nightly backups of a SQLite desk: <c>Backup:Directory</c> (off when empty), <c>Backup:Keep</c> (7 newest
/// kept), <c>Backup:Time</c> (03:00 in the support time zone). Checked by the minute sweep: the day's file
/// <c>chatsupport-YYYY-MM-DD.db</c> is made at the first sweep after the time, so a bot that was down at 03:00 makes it
/// when it is back, and a restart makes no second one.
/// </summary>
public sealed partial class NightlyBackup(NightlyBackup.Options options, DatabaseSettings database, TimeProvider time, Sla.SlaSetup sla, ILogger<NightlyBackup> logger)
{
    public const string Prefix = "chatsupport-";

    public sealed record Options(string? Directory, int Keep, LocalTime At)
    {
        public static Options FromConfiguration(IConfiguration configuration, DatabaseSettings database, ConfigurationNotes notes)
        {
            var directory = configuration["Backup:Directory"];
            var keep = configuration.GetInt("Backup:Keep", 1, 3650) ?? 7;
            var text = configuration["Backup:Time"];
            var at = new LocalTime(3, 0);
            if (!string.IsNullOrWhiteSpace(text))
            {
                var parsed = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text.Trim());
                at = parsed.Success ? parsed.Value : throw new SupportConfigurationException("Backup:Time", text, "expected a time of day like 03:00 (support time zone)");
            }

            if (string.IsNullOrWhiteSpace(directory))
            {
                return new Options(null, keep, at);
            }

            if (database.IsPostgres)
            {
                notes.Add($"Backup:Directory is set but the desk is on PostgreSQL: nightly backups are for SQLite; back PostgreSQL up with pg_dump (README, «Backup and restore»).");
                return new Options(null, keep, at);
            }

            return new Options(Path.GetFullPath(directory.Trim()), keep, at);
        }
    }

    private LocalDate? _failedOn;

    /// <summary>Makes today's backup if it is due and not made yet, then keeps the newest <c>Keep</c>; returns the file made.</summary>
    public async Task<string?> RunIfDueAsync(CancellationToken cancellationToken)
    {
        if (options.Directory is not { } directory)
        {
            return null;
        }

        var local = time.GetCurrentInstant().InZone(sla.Policy.Calendar.Zone).LocalDateTime;
        if (local.TimeOfDay < options.At || _failedOn == local.Date)
        {
            return null;
        }

        var target = Path.Combine(directory, $"{Prefix}{local.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.db");
        if (File.Exists(target))
        {
            return null;
        }

        try
        {
            var facts = await SqliteBackup.CreateAsync(database, target, cancellationToken);
            LogBackedUp(logger, facts.Path, facts.Tickets, facts.Bytes);
            foreach (var old in Directory.GetFiles(directory, $"{Prefix}????-??-??.db").Order(StringComparer.Ordinal).SkipLast(options.Keep))
            {
                File.Delete(old);
                LogRemoved(logger, old, options.Keep);
            }

            return facts.Path;
        }
        catch (Exception ex) when (ex is BackupException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            // Once a day, not every minute: tomorrow's attempt (or the operator's backup command) tries again.
            _failedOn = local.Date;
            LogFailed(logger, target, ex.Message);
            return null;
        }
    }

    [LoggerMessage(LogLevel.Information, "Nightly backup: {Path} written ({Tickets} tickets, {Bytes} bytes)")]
    private static partial void LogBackedUp(ILogger logger, string path, long tickets, long bytes);

    [LoggerMessage(LogLevel.Information, "Nightly backup: {Path} removed (Backup:Keep = {Keep})")]
    private static partial void LogRemoved(ILogger logger, string path, int keep);

    [LoggerMessage(LogLevel.Error, "Nightly backup to {Path} failed: {Problem}; next attempt tomorrow, or run the backup command")]
    private static partial void LogFailed(ILogger logger, string path, string problem);
}
