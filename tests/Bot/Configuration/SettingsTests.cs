using System.Text.RegularExpressions;
using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChatSupport.Tests.Bot.Configuration;

public sealed partial class SettingsTests
{
    [Fact]
    public void KnownSettings_AreEveryKeyInReadmesTable_AndInAppsettings()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        var keys = readme.Select(l => TableKey().Match(l)).Where(m => m.Success)
            .SelectMany(m => m.Groups[1].Value.Split("`, `"))
            .Select(k => k.Replace("<i>", "0", StringComparison.Ordinal).Replace("<Weekday>", "Monday", StringComparison.Ordinal).Replace("<date>", "2027-01-09", StringComparison.Ordinal))
            .ToList();
        Assert.True(keys.Count > 40, $"README's table was not found: {keys.Count} keys");
        var fromReadme = new ConfigurationBuilder().AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>(k, "x"))).Build();
        Assert.Empty(KnownSettings.Unknown(fromReadme));

        var appsettings = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "appsettings.json")).Build();
        Assert.Empty(KnownSettings.Unknown(appsettings));
    }

    [Fact]
    public void AKeyNobodyReads_IsNamedAtStart()
    {
        var configuration = Settings(new()
        {
            ["Support:AutoCloseAfterDay"] = "5",
            ["Telegram:PollingTimout"] = "00:00:10",
            ["Support:Staff:0:Name"] = "Иван",
            ["Logging:LogLevel:Default"] = "Debug",
        });
        var notes = new ConfigurationNotes();

        KnownSettings.Check(configuration, notes);

        Assert.Equal(
            ["Support:AutoCloseAfterDay is not a setting ChatSupport knows (a typo?); it is ignored. The settings are listed in README, «Configuration».",
             "Telegram:PollingTimout is not a setting ChatSupport knows (a typo?); it is ignored. The settings are listed in README, «Configuration»."],
            notes.All);
    }

    [Theory]
    [InlineData("20MB", 20L * 1024 * 1024)]
    [InlineData("512 KB", 512L * 1024)]
    [InlineData("1048576", 1048576L)]
    [InlineData("1gb", 1L * 1024 * 1024 * 1024)]
    public void MaxFileSize_TakesSizesWithUnits(string text, long bytes) =>
        Assert.Equal(bytes, FileTransferOptions.FromConfiguration(Settings(new() { ["Files:MaxFileSize"] = text }), new ConfigurationNotes()).MaxBytes);

    [Theory]
    [InlineData("20 megabytes")]
    [InlineData("-5MB")]
    [InlineData("0")]
    [InlineData("5TB")]
    [InlineData("MB")]
    public void MaxFileSize_Bad_StopsStartNamingTheKey(string text) =>
        Assert.Equal("Files:MaxFileSize", Assert.Throws<SupportConfigurationException>(() => FileTransferOptions.FromConfiguration(Settings(new() { ["Files:MaxFileSize"] = text }), new ConfigurationNotes())).Key);

    [Fact]
    public void RenamedKeys_StillWork_AndStartUpSaysSo()
    {
        var notes = new ConfigurationNotes();
        var old = Settings(new() { ["Files:MaxSizeMegabytes"] = "5", ["Support:AutoCloseAfterDays"] = "7" });

        Assert.Equal(5L * 1024 * 1024, FileTransferOptions.FromConfiguration(old, notes).MaxBytes);
        Assert.Equal(NodaTime.Duration.FromDays(7), StaffDirectory.FromConfiguration(old, notes).AutoCloseAfter);
        Assert.Equal(
            ["Files:MaxSizeMegabytes is now Files:MaxFileSize (here: 5MB); the old name still works, but set the new one.",
             "Support:AutoCloseAfterDays is now Support:AutoCloseAfter (here: 7.00:00:00); the old name still works, but set the new one."],
            notes.All);

        var both = Settings(new() { ["Support:AutoCloseAfterDays"] = "7", ["Support:AutoCloseAfter"] = "12:00:00" });
        Assert.Equal(NodaTime.Duration.FromHours(12), StaffDirectory.FromConfiguration(both, new ConfigurationNotes()).AutoCloseAfter);
    }

    [Theory]
    [InlineData("Outbox:MaxBackoff", "00:00:00")]
    [InlineData("Outbox:MaxBackoff", "2.00:00:00")]
    [InlineData("Outbox:BatchSize", "0")]
    [InlineData("Outbox:BatchSize", "lots")]
    public void OutboxOptions_Bad_StopStartNamingTheKey(string key, string value) =>
        Assert.Equal(key, Assert.Throws<SupportConfigurationException>(() => OutboxOptions.FromConfiguration(Settings(new() { [key] = value }))).Key);

    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatSupport.sln")))
        {
            directory = directory.Parent;
        }

        return directory!.FullName;
    }

    [GeneratedRegex(@"^\| `([^|]+?)` \|")]
    private static partial Regex TableKey();
}
