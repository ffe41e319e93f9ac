using ChatSupport.Bot.Backup;
using ChatSupport.Tests.Bot.Fakes;

namespace ChatSupport.Tests.Bot.Persistence;

/// <summary>Nightly backups by the running bot (real Quartz on the fake clock, real SQLite file).</summary>
public sealed class NightlyBackupTests
{
    [Fact]
    public async Task AtBackupTime_TheDaysCopyIsMade_Once_AndOnlyTheNewestKeepAreKept()
    {
        var directory = Directory.CreateTempSubdirectory("nightly-").FullName;
        foreach (var day in new[] { "2026-11-20", "2026-11-21", "2026-11-22" })
        {
            await File.WriteAllTextAsync(Path.Combine(directory, $"{NightlyBackup.Prefix}{day}.db"), "older copy");
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "notes.txt"), "not a backup: never removed");
        // The harness starts at 25.11.2026 18:30 МСК; the backup is due at 19:00 МСК.
        await using var bot = await BotHarness.StartAsync(new()
        {
            ["Backup:Directory"] = directory,
            ["Backup:Keep"] = "2",
            ["Backup:Time"] = "19:00",
        });
        if (bot.Database.IsPostgres)
        {
            return;
        }

        var today = Path.Combine(directory, $"{NightlyBackup.Prefix}2026-11-25.db");
        await bot.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.False(File.Exists(today), "made before 19:00");

        await bot.AdvanceUntilAsync(() => File.Exists(today), TimeSpan.FromMinutes(20), "the 19:00 backup is written");
        var written = File.GetLastWriteTimeUtc(today);
        await bot.RestartAsync();
        await bot.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(written, File.GetLastWriteTimeUtc(today));
        Assert.Equal(
            [$"{NightlyBackup.Prefix}2026-11-22.db", $"{NightlyBackup.Prefix}2026-11-25.db", "notes.txt"],
            Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(SqliteBackup.LatestKnownMigration(), (await SqliteBackup.CheckAsync(today, CancellationToken.None)).LastMigration);
        Assert.Contains(bot.Logs, l => l.Contains("Nightly backup: " + today, StringComparison.Ordinal));
        Directory.Delete(directory, recursive: true);
    }
}
