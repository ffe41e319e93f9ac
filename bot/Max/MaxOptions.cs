using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Max;

/// <summary>The <c>Max</c> configuration section: the MAX messenger channel, on when a token is set.</summary>
public sealed class MaxOptions
{
    public const string Section = "Max";

    public const string DefaultApiBaseUrl = "https://platform-api2.max.ru";

    /// <summary>The bot's token from MAX's platform for partners (business.max.ru). A secret: set it in the environment.</summary>
    public string? BotToken { get; set; }

    /// <summary>MAX's Bot API address (the tests point it at their fake).</summary>
    public string? ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary><c>Polling</c> (long polling). Webhooks come later.</summary>
    public string Mode { get; set; } = "Polling";

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

        if (!string.Equals(Mode, "Polling", StringComparison.OrdinalIgnoreCase))
        {
            throw new SupportConfigurationException($"{Section}:Mode", Mode, "only Polling is supported for now");
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
}
