using System.Globalization;
using System.Net;
using ChatSupport.Bot.Max;
using ChatSupport.Bot.Telegram;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Hosting;

/// <summary>
/// The bot's own HTTP listener for webhooks (<c>Webhook:Host</c>, default 127.0.0.1 — a TLS proxy such as nginx in
/// front; <c>Webhook:Port</c>, default 8088), on when a messenger runs in webhook mode. Each messenger's path is the
/// path of its webhook URL.
/// </summary>
public sealed record WebhookListener(IPAddress Host, int Port, TelegramOptions? Telegram, MaxOptions? Max)
{
    public const string HostKey = "Webhook:Host";
    public const string PortKey = "Webhook:Port";

    /// <summary>The listener the configuration asks for, or null when no messenger takes webhooks.</summary>
    public static WebhookListener? FromConfiguration(IConfiguration configuration)
    {
        var telegram = configuration.GetSection(TelegramOptions.Section).Get<TelegramOptions>();
        telegram = telegram is { IsConfigured: true, IsWebhook: true } ? telegram : null;
        var max = configuration.GetSection(MaxOptions.Section).Get<MaxOptions>();
        max = max is { IsConfigured: true, IsWebhook: true } ? max : null;
        if (telegram is null && max is null)
        {
            return null;
        }

        telegram?.Validate();
        max?.Validate();
        if (telegram is not null && max is not null && string.Equals(telegram.WebhookPath, max.WebhookPath, StringComparison.OrdinalIgnoreCase))
        {
            throw new SupportConfigurationException("Max:WebhookUrl", max.WebhookUrl,
                $"its path {max.WebhookPath} is Telegram's webhook path too; give each messenger its own, e.g. /hooks/telegram and /hooks/max");
        }

        var hostText = configuration[HostKey];
        var host = IPAddress.Loopback;
        if (!string.IsNullOrWhiteSpace(hostText) && !IPAddress.TryParse(hostText.Trim(), out host!))
        {
            throw new SupportConfigurationException(HostKey, hostText, "expected an IP address to listen on: 127.0.0.1 (behind a proxy on this machine) or 0.0.0.0 (all interfaces, e.g. in a container)");
        }

        var portText = configuration[PortKey];
        var port = 8088;
        if (!string.IsNullOrWhiteSpace(portText) && (!int.TryParse(portText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new SupportConfigurationException(PortKey, portText, "expected a TCP port from 1 to 65535");
        }

        if (Health.HealthEndpoint.PortFrom(configuration) == port)
        {
            throw new SupportConfigurationException(PortKey, portText ?? "8088", "the health endpoint (Health:Port) already uses this port; give each its own");
        }

        return new WebhookListener(host, port, telegram, max);
    }
}
