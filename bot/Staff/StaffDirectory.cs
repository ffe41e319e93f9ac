using System.Globalization;
using ChatSupport.Bot.Configuration;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// Who works the desk and where (<c>Support:Staff</c>, <c>Support:DutyChatId</c>, <c>Support:ManagersChatId</c>,
/// <c>Support:StaffLanguage</c>, <c>Support:AutoCloseAfter</c>), checked at start-up.
/// </summary>
public sealed class StaffDirectory
{
    /// <summary>The staff as last read, swapped whole (readers never see half a change).</summary>
    private Snapshot _now;

    private sealed record Snapshot(IReadOnlyList<StaffMember> All, IReadOnlyDictionary<string, StaffMember> ByUserId, long Version);

    public StaffDirectory(IReadOnlyList<StaffMember> staff, string? dutyChatId, string? managersChatId, Duration autoCloseAfter, ChannelKind channel, Language groupLanguage = Language.Ru)
    {
        Configured = staff;
        _now = new Snapshot(staff, staff.ToDictionary(s => s.UserId), -1);
        Channel = channel;
        Duty = dutyChatId is null ? null : new ChatAddress(channel, dutyChatId);
        Managers = managersChatId is null ? null : new ChatAddress(channel, managersChatId);
        AutoCloseAfter = autoCloseAfter;
        GroupLanguage = groupLanguage;
    }

    /// <summary>The language of the duty and managers' chats (cards, pings, digests).</summary>
    public Language GroupLanguage { get; }

    /// <summary>Everyone on the staff now: the database's list (seeded from and merged with <see cref="Configured"/>).</summary>
    public IReadOnlyList<StaffMember> All => Volatile.Read(ref _now).All;

    /// <summary><c>Support:Staff</c> as configured: seeds the database's list, and wins for the people it names.</summary>
    public IReadOnlyList<StaffMember> Configured { get; }

    /// <summary>The database's staff version this list was read at (-1: not read yet).</summary>
    public long Version => Volatile.Read(ref _now).Version;

    /// <summary>Takes the list read from the database at <paramref name="version"/>.</summary>
    public void Replace(IReadOnlyList<StaffMember> staff, long version)
    {
        var next = new Snapshot(staff, staff.ToDictionary(s => s.UserId), version);
        // Two batches reading at once must not put an older list back.
        for (var seen = Volatile.Read(ref _now); seen.Version < version; seen = Volatile.Read(ref _now))
        {
            if (Interlocked.CompareExchange(ref _now, next, seen) == seen)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The messenger the staff work in: Telegram in production (customers may write from any channel),
    /// the demo channel in the demo.
    /// </summary>
    public ChannelKind Channel { get; }

    /// <summary>The duty chat, where ticket cards and pings go.</summary>
    public ChatAddress? Duty { get; }

    /// <summary>The managers' chat, for breaches and the daily digest.</summary>
    public ChatAddress? Managers { get; }

    public Duration AutoCloseAfter { get; }

    /// <summary>The staff member behind a messenger account; staff are known only in <see cref="Channel"/>.</summary>
    public StaffMember? Find(ChannelKind channel, string userId) => channel == Channel ? Volatile.Read(ref _now).ByUserId.GetValueOrDefault(userId) : null;

    /// <summary>A staff member's private chat with the bot.</summary>
    public ChatAddress PrivateChat(StaffMember member) => new(Channel, member.UserId);

    public bool IsStaffChat(ChatAddress chat) => chat == Duty || chat == Managers;

    public static StaffDirectory FromConfiguration(IConfiguration configuration, ConfigurationNotes notes)
    {
        var groupLanguage = LanguageFrom(configuration, "Support:StaffLanguage") ?? Language.Ru;
        var staff = new List<StaffMember>();
        foreach (var person in LayeredConfiguration.Items(configuration.GetSection("Support:Staff")))
        {
            var key = person.Path;
            var name = person["Name"]?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 100)
            {
                throw new SupportConfigurationException($"{key}:Name", person["Name"], "every staff member needs a name (up to 100 characters)");
            }

            if (!Enum.TryParse<StaffRole>(person["Role"], ignoreCase: true, out var role) || int.TryParse(person["Role"], CultureInfo.InvariantCulture, out _))
            {
                throw new SupportConfigurationException($"{key}:Role", person["Role"], "expected Engineer or Manager");
            }

            var id = person["TelegramUserId"]?.Trim();
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) || numeric <= 0)
            {
                throw new SupportConfigurationException($"{key}:TelegramUserId", person["TelegramUserId"], "expected the person's numeric Telegram user id (e.g. 2001; @userinfobot tells it)");
            }

            var userId = numeric.ToString(CultureInfo.InvariantCulture);
            if (staff.Any(s => s.UserId == userId))
            {
                throw new SupportConfigurationException($"{key}:TelegramUserId", id, "this Telegram user is listed twice in Support:Staff");
            }

            staff.Add(new StaffMember(name, role, userId, LanguageFrom(configuration, $"{key}:Language") ?? groupLanguage));
        }

        var autoClose = configuration.GetTimeSpan("Support:AutoCloseAfter", TimeSpan.FromHours(1), TimeSpan.FromDays(365));
        if (autoClose is null && configuration.GetInt("Support:AutoCloseAfterDays", 1, 365) is { } days)
        {
            autoClose = TimeSpan.FromDays(days);
            notes.Renamed("Support:AutoCloseAfterDays", "Support:AutoCloseAfter", $"{days}.00:00:00");
        }

        return new StaffDirectory(staff, ChatId(configuration, "Support:DutyChatId"), ChatId(configuration, "Support:ManagersChatId"),
            Duration.FromTimeSpan(autoClose ?? TimeSpan.FromDays(3)), ChannelKind.Telegram, groupLanguage);
    }

    private static Language? LanguageFrom(IConfiguration configuration, string key)
    {
        var text = configuration[key];
        return string.IsNullOrWhiteSpace(text) ? null
            : Vocabulary.LanguageNamed(text) ?? throw new SupportConfigurationException(key, text, "expected ru or en");
    }

    private static string? ChatId(IConfiguration configuration, string key)
    {
        var text = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) && id != 0
            ? id.ToString(CultureInfo.InvariantCulture)
            : throw new SupportConfigurationException(key, text, "expected a Telegram chat id such as -1001234567890 (add the bot to the group; a group's id is negative)");
    }
}
