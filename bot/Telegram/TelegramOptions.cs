using System.Text.RegularExpressions;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Telegram;

/// <summary>The <c>Telegram</c> configuration section.</summary>
public sealed partial class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>The bot's token from @BotFather (<c>123456789:AA…</c>). A secret: set it in the environment.</summary>
    public string? BotToken { get; set; }

    /// <summary>A self-hosted Bot API server (or the tests' fake). Empty: Telegram's own.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary><c>Polling</c> (long polling, one replica polls) or <c>Webhook</c> (Telegram pushes updates to every replica).</summary>
    public string Mode { get; set; } = "Polling";

    /// <summary>Webhook mode: the public https URL Telegram calls (its path is the path the bot listens on).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Webhook mode: the secret Telegram sends in <c>X-Telegram-Bot-Api-Secret-Token</c> (1–256 of A–Z a–z 0–9 _ -). A secret.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Webhook mode: how many connections Telegram may open to the bot at once (1–100).</summary>
    public int WebhookMaxConnections { get; set; } = 40;

    public bool IsWebhook => string.Equals(Mode?.Trim(), "Webhook", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request path webhook POSTs arrive on: the path of <see cref="WebhookUrl"/>.</summary>
    public string WebhookPath => new Uri(WebhookUrl!.Trim()).AbsolutePath;

    /// <summary>How long one getUpdates call waits for updates.</summary>
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one Bot API call may take (beyond the long-poll wait) before it counts as timed out.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Telegram's limits: messages per second to one private chat …</summary>
    public int PrivateChatPerSecond { get; set; } = 1;

    /// <summary>… per minute to one group …</summary>
    public int GroupPerMinute { get; set; } = 20;

    /// <summary>… and per second in all.</summary>
    public int GlobalPerSecond { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>Checks the section; throws naming the key (never printing the token).</summary>
    public void Validate()
    {
        if (!IsConfigured)
        {
            throw new SupportConfigurationException($"{Section}:BotToken", null,
                "not set. Create a bot with @BotFather in Telegram (/newbot), then start with Telegram__BotToken=<token> dotnet run --project bot (or put it in appsettings.json; the environment is safer)");
        }

        if (!TokenShape().IsMatch(BotToken!.Trim()))
        {
            // The value is a secret even when malformed: name the key, show only its shape.
            throw new SupportConfigurationException($"{Section}:BotToken", null,
                $"does not look like a bot token (expected <digits>:<35 letters, digits, - or _>, got {BotToken.Trim().Length} characters)");
        }

        if (!string.IsNullOrWhiteSpace(ApiBaseUrl) && (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new SupportConfigurationException($"{Section}:ApiBaseUrl", ApiBaseUrl, "expected an http(s) URL such as http://127.0.0.1:8081");
        }

        if (!string.Equals(Mode?.Trim(), "Polling", StringComparison.OrdinalIgnoreCase) && !IsWebhook)
        {
            throw new SupportConfigurationException($"{Section}:Mode", Mode, "expected Polling or Webhook");
        }

        if (IsWebhook)
        {
            ValidateWebhook();
        }

        if (PollingTimeout < TimeSpan.Zero || PollingTimeout > TimeSpan.FromSeconds(50))
        {
            throw new SupportConfigurationException($"{Section}:PollingTimeout", PollingTimeout.ToString(), "expected 00:00:00 to 00:00:50");
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromMinutes(5))
        {
            throw new SupportConfigurationException($"{Section}:RequestTimeout", RequestTimeout.ToString(), "expected 00:00:01 to 00:05:00");
        }

        if (PrivateChatPerSecond < 1 || GroupPerMinute < 1 || GlobalPerSecond < 1)
        {
            throw new SupportConfigurationException(Section, null, "PrivateChatPerSecond, GroupPerMinute and GlobalPerSecond must be at least 1");
        }
    }

    /// <summary>
    /// Webhook mode: an https URL (http only to this machine, for a TLS proxy beside the bot and for tests) with a path,
    /// and a secret of Telegram's alphabet. The secret is never printed, not even when it is wrong.
    /// </summary>
    private void ValidateWebhook()
    {
        if (string.IsNullOrWhiteSpace(WebhookUrl) || !Uri.TryCreate(WebhookUrl.Trim(), UriKind.Absolute, out var url)
            || !(url.Scheme == "https" || (url.Scheme == "http" && url.IsLoopback)) || url.AbsolutePath.Length < 2 || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new SupportConfigurationException($"{Section}:WebhookUrl", WebhookUrl,
                "Telegram:Mode=Webhook needs the public https URL Telegram calls, with a path and no query or fragment, e.g. https://support.example.ru/hooks/telegram");
        }

        if (string.IsNullOrEmpty(WebhookSecret) || !SecretShape().IsMatch(WebhookSecret))
        {
            throw new SupportConfigurationException($"{Section}:WebhookSecret", null,
                WebhookSecret is null or "" ? "Telegram:Mode=Webhook needs a secret: 1 to 256 characters of A-Z a-z 0-9 _ - (e.g. from openssl rand -hex 32)"
                : $"expected 1 to 256 characters of A-Z a-z 0-9 _ - (got {WebhookSecret.Length} characters, not all of them allowed)");
        }

        if (WebhookMaxConnections is < 1 or > 100)
        {
            throw new SupportConfigurationException($"{Section}:WebhookMaxConnections", WebhookMaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture), "expected 1 to 100");
        }
    }

    [GeneratedRegex(@"^[0-9]{3,20}:[A-Za-z0-9_-]{30,100}\z")]
    private static partial Regex TokenShape();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}\z")]
    private static partial Regex SecretShape();
}
