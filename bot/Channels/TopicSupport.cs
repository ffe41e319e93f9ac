using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Channels;

/// <summary>Where a customer's messages about a ticket reach staff (<c>Support:Relay</c>).</summary>
public enum RelayMode
{
    /// <summary>Into the ticket's forum topic in the duty chat.</summary>
    Topic,

    /// <summary>To the holder's private chat with the bot (the duty chat while nobody holds it).</summary>
    Private,

    /// <summary>Both.</summary>
    Both,
}

/// <summary>
/// Whether tickets get their own forum topic in the duty chat: the duty chat is a forum and the bot may manage its topics
/// (checked at start, and again whenever a topic call is refused). Without that, everything goes as in a plain group —
/// cards and relays in the chat itself, the holder's private chat the ticket's line — and the start-up log and /health
/// say why. <c>Support:Relay</c> chooses where customer messages go while topics work (default Topic; Private without them).
/// </summary>
public sealed class TopicSupport(RelayMode? configured)
{
    public const string RelayKey = "Support:Relay";

    private volatile bool _available;
    private volatile string _status = "off: no duty chat in Telegram to check";

    public static TopicSupport FromConfiguration(IConfiguration configuration)
    {
        var text = configuration[RelayKey]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new TopicSupport(null);
        }

        return Enum.TryParse<RelayMode>(text, ignoreCase: true, out var mode) && !int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? new TopicSupport(mode)
            : throw new SupportConfigurationException(RelayKey, text, "expected Topic, Private or Both");
    }

    /// <summary>New tickets get a topic; cards, relays and the staff's talk about a ticket go into it.</summary>
    public bool Available => _available;

    /// <summary>Why topics are (not) used, for the start-up log and /health.</summary>
    public string Status => _status;

    public RelayMode? Configured => configured;

    /// <summary>Customer messages go into the ticket's topic.</summary>
    public bool RelayToTopic => _available && configured is null or RelayMode.Topic or RelayMode.Both;

    /// <summary>Customer messages go to the holder's private chat (as in a plain group).</summary>
    public bool RelayPrivately => !RelayToTopic || configured is RelayMode.Both;

    /// <summary>A topic call was refused for want of rights, or the check found them: set by the messenger's adapter.</summary>
    public event Action? Refused;

    public void Set(bool available, string status)
    {
        _available = available;
        _status = status;
    }

    /// <summary>The messenger refused a topic call: no new topics until a check finds the right again.</summary>
    public void MarkRefused(string why)
    {
        Set(false, "a topic call was refused: " + why);
        Refused?.Invoke();
    }
}
