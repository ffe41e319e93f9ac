using System.Text.RegularExpressions;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Max;

/// <summary>The <c>Max</c> configuration section: the MAX messenger channel, on when a token is set.</summary>
public sealed partial class MaxOptions
{
    public const string Section = "Max";

    public const string DefaultApiBaseUrl = "https://platform-api2.max.ru";

    /// <summary>The bot's token from MAX's platform for partners (business.max.ru). A secret: set it in the environment.</summary>
    public string? BotToken { get; set; }

    /// <summary>MAX's Bot API address (the tests point it at their fake).</summary>
    public string? ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary><c>Polling</c> (long polling, one replica polls) or <c>Webhook</c> (MAX pushes updates to every replica; MAX advises it for production).</summary>
    public string Mode { get; set; } = "Polling";

    /// <summary>Webhook mode: the public https URL MAX calls — port 443, the only one MAX delivers to (its path is the path the bot listens on).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Webhook mode: the secret MAX sends in <c>X-Max-Bot-Api-Secret</c> (5–256 of A–Z a–z 0–9 _ -, as MAX's schema allows). A secret.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Webhook mode: how often the subscription is looked at (<c>GET /subscriptions</c>) and renewed if MAX dropped it.</summary>
    public TimeSpan WebhookCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsWebhook => string.Equals(Mode?.Trim(), "Webhook", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request path webhook POSTs arrive on: the path of <see cref="WebhookUrl"/>.</summary>
    public string WebhookPath => new Uri(WebhookUrl!.Trim()).AbsolutePath;

    /// <summary>How long one <c>GET /updates</c> waits for updates (MAX allows up to 90 s).</summary>
    public TimeSpan PollingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one API call may take (beyond the long-poll wait) before it counts as timed out.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>MAX's limit: requests per second in all (every call counts, not only messages).</summary>
    public int RequestsPerSecond { get; set; } = 30;

    /// <summary>Messages per second to one chat (MAX publishes no per-chat limit; one a second reads naturally).</summary>
    public int ChatPerSecond { get; set; } = 1;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken);

    public Uri BaseUri => new((string.IsNullOrWhiteSpace(ApiBaseUrl) ? DefaultApiBaseUrl : ApiBaseUrl.Trim()).TrimEnd('/') + "/");

    /// <summary>Checks the section; throws naming the key (never printing the token).</summary>
    public void Validate()
    {
        var token = BotToken?.Trim() ?? string.Empty;
        if (token.Length is < 16 or > 512 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new SupportConfigurationException($"{Section}:BotToken", null,
                $"does not look like a MAX bot token (expected 16 to 512 characters without spaces, got {token.Length})");
        }

        if (!string.IsNullOrWhiteSpace(ApiBaseUrl) && (!Uri.TryCreate(ApiBaseUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new SupportConfigurationException($"{Section}:ApiBaseUrl", ApiBaseUrl, $"expected an http(s) URL such as {DefaultApiBaseUrl}");
        }

        if (!string.Equals(Mode?.Trim(), "Polling", StringComparison.OrdinalIgnoreCase) && !IsWebhook)
        {
            throw new SupportConfigurationException($"{Section}:Mode", Mode, "expected Polling or Webhook");
        }

        if (IsWebhook)
        {
            ValidateWebhook();
        }

        if (PollingTimeout < TimeSpan.FromSeconds(1) || PollingTimeout > TimeSpan.FromSeconds(90))
        {
            // Shorter waits would spend the shared request budget on empty polls.
            throw new SupportConfigurationException($"{Section}:PollingTimeout", PollingTimeout.ToString(), "expected 00:00:01 to 00:01:30 (MAX waits at most 90 s)");
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromMinutes(5))
        {
            throw new SupportConfigurationException($"{Section}:RequestTimeout", RequestTimeout.ToString(), "expected 00:00:01 to 00:05:00");
        }

        if (RequestsPerSecond is < 1 or > 1000 || ChatPerSecond is < 1 or > 100)
        {
            throw new SupportConfigurationException(Section, null, "RequestsPerSecond (1–1000) and ChatPerSecond (1–100) must be whole numbers in range");
        }
    }

    /// <summary>
    /// Webhook mode: an https URL on port 443 (MAX delivers nowhere else; http only to this machine, for a TLS proxy beside
    /// the bot and for tests) with a path, and a secret of MAX's alphabet. The secret is never printed, not even when wrong.
    /// </summary>
    private void ValidateWebhook()
    {
        if (string.IsNullOrWhiteSpace(WebhookUrl) || !Uri.TryCreate(WebhookUrl.Trim(), UriKind.Absolute, out var url)
            || !((url.Scheme == "https" && url.Port == 443) || (url.Scheme == "http" && url.IsLoopback)) || url.AbsolutePath.Length < 2 || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new SupportConfigurationException($"{Section}:WebhookUrl", WebhookUrl,
                "Max:Mode=Webhook needs the public https URL MAX calls, on port 443 (MAX delivers to no other), with a path and no query or fragment, e.g. https://support.example.ru/hooks/max");
        }

        if (string.IsNullOrEmpty(WebhookSecret) || !SecretShape().IsMatch(WebhookSecret))
        {
            throw new SupportConfigurationException($"{Section}:WebhookSecret", null,
                WebhookSecret is null or "" ? "Max:Mode=Webhook needs a secret: 5 to 256 characters of A-Z a-z 0-9 _ - (e.g. from openssl rand -hex 32)"
                : $"expected 5 to 256 characters of A-Z a-z 0-9 _ - (got {WebhookSecret.Length} characters, not all of them allowed or too few)");
        }

        if (WebhookCheckInterval < TimeSpan.FromSeconds(1) || WebhookCheckInterval > TimeSpan.FromHours(4))
        {
            // MAX gives up on a failing webhook after 8 hours; looking at least twice within that keeps it renewed.
            throw new SupportConfigurationException($"{Section}:WebhookCheckInterval", WebhookCheckInterval.ToString(), "expected 00:00:01 to 04:00:00");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{5,256}\z")]
    private static partial Regex SecretShape();
}
