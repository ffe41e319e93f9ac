using System.Collections.Concurrent;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Channels;

/// <summary>Who the bot is in each messenger, as the messenger said at start-up (Telegram's getMe): for links people can open.</summary>
public sealed class BotIdentity
{
    private readonly ConcurrentDictionary<ChannelKind, string> _usernames = new();

    public void SetUsername(ChannelKind channel, string? username)
    {
        if (!string.IsNullOrWhiteSpace(username))
        {
            _usernames[channel] = username.Trim();
        }
    }

    /// <summary>
    /// A link that opens the private chat with the bot and offers «Start» (Telegram's deep link,
    /// <c>https://t.me/&lt;bot&gt;?start=&lt;payload&gt;</c>); null when the messenger has none or the name is not known yet.
    /// </summary>
    public string? StartLink(ChannelKind channel, string payload) =>
        channel == ChannelKind.Telegram && _usernames.TryGetValue(channel, out var username) ? $"https://t.me/{username}?start={payload}" : null;
}
