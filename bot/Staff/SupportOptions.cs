using System.Globalization;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// Who works the desk and where (<c>Support:Staff</c>, <c>Support:DutyChatId</c>, <c>Support:ManagersChatId</c>,
/// <c>Support:AutoCloseAfterDays</c>), checked at start-up.
/// </summary>
public sealed class StaffDirectory
{
    private readonly Dictionary<string, StaffMember> _byUserId;

    public StaffDirectory(IReadOnlyList<StaffMember> staff, string? dutyChatId, string? managersChatId, int autoCloseAfterDays, ChannelKind channel = ChannelKind.Telegram)
    {
        All = staff;
        Channel = channel;
        _byUserId = staff.ToDictionary(s => s.UserId);
        Duty = dutyChatId is null ? null : new ChatAddress(channel, dutyChatId);
        Managers = managersChatId is null ? null : new ChatAddress(channel, managersChatId);
        AutoCloseAfter = Duration.FromDays(autoCloseAfterDays);
    }

    public IReadOnlyList<StaffMember> All { get; }

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
    public StaffMember? Find(ChannelKind channel, string userId) => channel == Channel ? _byUserId.GetValueOrDefault(userId) : null;

    /// <summary>A staff member's private chat with the bot.</summary>
    public ChatAddress PrivateChat(StaffMember member) => new(Channel, member.UserId);

    public bool IsStaffChat(ChatAddress chat) => chat == Duty || chat == Managers;

    public static StaffDirectory FromConfiguration(IConfiguration configuration)
    {
        var staff = new List<StaffMember>();
        var section = configuration.GetSection("Support:Staff");
        foreach (var person in section.GetChildren())
        {
            var key = $"Support:Staff:{person.Key}";
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

            staff.Add(new StaffMember(name, role, userId));
        }

        var days = configuration["Support:AutoCloseAfterDays"];
        var autoClose = 3;
        if (!string.IsNullOrWhiteSpace(days) && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out autoClose) || autoClose is < 1 or > 365))
        {
            throw new SupportConfigurationException("Support:AutoCloseAfterDays", days, "expected a whole number of days from 1 to 365");
        }

        return new StaffDirectory(staff, ChatId(configuration, "Support:DutyChatId"), ChatId(configuration, "Support:ManagersChatId"), autoClose);
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
