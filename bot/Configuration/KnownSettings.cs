using System.Text.RegularExpressions;

namespace ChatSupport.Bot.Configuration;

/// <summary>
/// The settings ChatSupport reads, as patterns over configuration keys. A key in one of its sections that matches
/// none is most likely a typo (<c>Support:AutoCloseAfterDay</c>) that would otherwise be silently ignored: start-up
/// names it.
/// </summary>
public static partial class KnownSettings
{
    /// <summary>The sections that are ChatSupport's own (others — Logging, ASP.NET's — are not checked).</summary>
    public static readonly IReadOnlyList<string> Sections = ["Support", "Telegram", "Max", "Demo", "Files", "Outbox", "Health", "ConnectionStrings", "Database", "Cluster", "Webhook", "Backup"];

    private static readonly Regex[] Patterns =
    [
        Key(@"Support:TimeZone"),
        Key(@"Support:Calendar:Mode"),
        Key(@"Support:Calendar:Week:[^:]+"),
        Key(@"Support:Calendar:Holidays(:\d+)?"),
        Key(@"Support:Calendar:ExtraWorkingDays:[^:]+"),
        Key(@"Support:Calendar:(HolidaysFile|TransferredDayHours)"),
        Key(@"Support:(PrivacyPolicyUrl|ObjectionAddress)"),
        Key(@"Support:Retention:MessagesDays"),
        Key(@"Backup:(Directory|Keep|Time)"),
        Key(@"Support:Sla:(RegistrationWithin|Level1Reaction|Level2Days|Level3Days)"),
        Key(@"Support:Staff(:\d+(:(Name|Role|TelegramUserId|Language))?)?"),
        Key(@"Support:(StaffLanguage|DutyChatId|ManagersChatId|AutoCloseAfter|AutoCloseAfterDays|Relay)"),
        Key(@"Support:Escalation:Steps(:\d+(:(At|To|Mention))?)?"),
        Key(@"Support:Escalation:RepeatAfterBreach"),
        Key(@"Support:Registration:(AutoRegisterAfter|DropUndescribedAfter)"),
        Key(@"Support:Waiting:(RemindAfter|CloseAfter)"),
        Key(@"Support:Roster(:\d+(:(Engineer|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Holiday))?)?"),
        Key(@"Support:Digest:Time"),
        Key(@"Support:FloodControl:(Messages|Per)"),
        Key(@"Telegram:(BotToken|ApiBaseUrl|Mode|PollingTimeout|RequestTimeout|PrivateChatPerSecond|GroupPerMinute|GlobalPerSecond|WebhookUrl|WebhookSecret|WebhookMaxConnections)"),
        Key(@"Webhook:(Host|Port)"),
        Key(@"Max:(BotToken|ApiBaseUrl|Mode|PollingTimeout|RequestTimeout|RequestsPerSecond|ChatPerSecond|WebhookUrl|WebhookSecret|WebhookCheckInterval)"),
        Key(@"Mail:(Imap|Smtp):(Host|Port|Security|User|Password)"),
        Key(@"Mail:(Folder|ProcessedFolder|Address|DisplayName|AutoRepliesPerAddressPerHour|PollInterval|RequestTimeout)"),
        Key(@"Demo:(Enabled|Port|Database|EngineerName|ManagerName|StartAt)"),
        Key(@"Files:(MaxFileSize|MaxSizeMegabytes)"),
        Key(@"Outbox:(BatchSize|MaxBackoff)"),
        Key(@"Health:(Port|Host)"),
        Key(@"ConnectionStrings:Support"),
        Key(@"Database:Provider"),
        Key(@"Cluster:(InstanceName|CheckinInterval|CheckinMisfireThreshold|MisfireThreshold|OutboxLease|PollingRetry)"),
    ];

    /// <summary>Keys with a value in ChatSupport's sections that it does not read.</summary>
    public static IReadOnlyList<string> Unknown(IConfiguration configuration) =>
        [.. configuration.AsEnumerable()
            .Where(p => p.Value is not null && Sections.Any(s => p.Key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)))
            .Select(p => p.Key)
            .Where(k => !Patterns.Any(p => p.IsMatch(k)))
            .Order(StringComparer.Ordinal)];

    /// <summary>Notes the unknown keys for start-up to log.</summary>
    public static void Check(IConfiguration configuration, ConfigurationNotes notes)
    {
        foreach (var key in Unknown(configuration))
        {
            notes.Add($"{key} is not a setting ChatSupport knows (a typo?); it is ignored. The settings are listed in README, «Configuration».");
        }
    }

    private static Regex Key(string pattern) => new($"^{pattern}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
