using System.Text.Json;
using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Max;

/// <summary>
/// Webhook mode, at start: <c>POST /subscriptions</c> once per deployment — left alone when MAX lists the same URL for
/// the same update kinds and the database holds the same fingerprint (<see cref="WebhookSetup"/>). MAX keeps several
/// subscriptions side by side and delivers every update to each, so a subscription to any other URL (an address the
/// desk moved from) is ended once the current one is in place. MAX drops a subscription by itself after 8 hours of
/// failed deliveries, so it is looked at again every <see cref="MaxOptions.WebhookCheckInterval"/> and renewed when gone.
/// </summary>
public sealed partial class MaxWebhookSetup(
    MaxApiClient api,
    MaxOptions options,
    IServiceScopeFactory scopes,
    ILogger<MaxWebhookSetup> logger) : WebhookSetup(scopes, logger)
{
    protected override string Messenger => "MAX";

    protected override ChannelKind Channel => ChannelKind.Max;

    /// <summary>MAX ends a subscription whose deliveries failed for 8 hours: looked at again, and renewed, this often.</summary>
    protected override TimeSpan? RecheckEvery => options.WebhookCheckInterval;

    private bool _checkedBefore;
    private bool _yielded;

    public override async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var first = !_checkedBefore;
        if (first)
        {
            var me = await api.GetMeAsync(cancellationToken);
            LogConnected(logger, me.Username ?? me.Name ?? me.FirstName ?? me.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var url = options.WebhookUrl!.Trim();
        var fingerprint = Fingerprint(options);
        var stored = await StoredFingerprintAsync(cancellationToken);
        if (!first && stored != fingerprint)
        {
            // Since this replica started, another one registered other settings (a rollout with a new URL or secret) or
            // the desk went back to polling: that is the newer word, and fighting it would flip the subscription back
            // and forth. This replica's next start registers again if it is still configured so.
            if (!_yielded)
            {
                _yielded = true;
                LogYielded(logger, stored == Polling ? "the desk polls now" : "another replica registered other settings");
            }

            return;
        }

        var subscriptions = await api.GetSubscriptionsAsync(cancellationToken);
        var ours = subscriptions.FirstOrDefault(s => SameUrl(s.Url, url));
        if (ours is not null && new HashSet<string>(ours.UpdateTypes ?? []).SetEquals(MaxApiClient.UpdateKinds) && stored == fingerprint)
        {
            if (first)
            {
                LogAlreadyRegistered(logger, url);
            }
        }
        else
        {
            await api.SubscribeAsync(url, options.WebhookSecret!, cancellationToken);
            await StoreFingerprintAsync(fingerprint, cancellationToken);
            if (ours is null && stored == fingerprint)
            {
                // Registered before, gone now: MAX drops a webhook whose deliveries failed for 8 hours.
                LogRenewed(logger, url);
            }
            else
            {
                LogRegistered(logger, url);
            }
        }

        if (first)
        {
            // Only at start, when this replica's settings are the newest word: a re-check never ends what another did.
            foreach (var other in subscriptions.Where(s => !string.IsNullOrEmpty(s.Url) && !SameUrl(s.Url, url)))
            {
                await api.UnsubscribeAsync(other.Url!, cancellationToken);
                LogOtherEnded(logger, other.Url!);
            }
        }

        _checkedBefore = true;
    }

    /// <summary>The same address as MAX may write it back: host case, a default port, escaping.</summary>
    internal static bool SameUrl(string? listed, string ours) =>
        Uri.TryCreate(listed, UriKind.Absolute, out var a) && Uri.TryCreate(ours, UriKind.Absolute, out var b)
        && Uri.Compare(a, b, UriComponents.HttpRequestUrl, UriFormat.Unescaped, StringComparison.Ordinal) == 0;

    /// <summary>What was registered, as a hash: the URL, the secret and the update kinds.</summary>
    public static string Fingerprint(MaxOptions o) => Fingerprint(o.WebhookUrl!.Trim(), o.WebhookSecret!, string.Join(',', MaxApiClient.UpdateKinds));

    [LoggerMessage(LogLevel.Information, "MAX channel connected as {Bot}")]
    private static partial void LogConnected(ILogger logger, string bot);

    [LoggerMessage(LogLevel.Information, "MAX webhook {Url} is subscribed already; left as it is")]
    private static partial void LogAlreadyRegistered(ILogger logger, string url);

    [LoggerMessage(LogLevel.Information, "MAX webhook subscribed: {Url}")]
    private static partial void LogRegistered(ILogger logger, string url);

    [LoggerMessage(LogLevel.Information, "MAX webhook: {Why}, so this replica leaves the subscription as it is until its next start")]
    private static partial void LogYielded(ILogger logger, string why);

    [LoggerMessage(LogLevel.Warning, "MAX no longer had the webhook subscription {Url} (MAX drops one whose deliveries failed for 8 hours); subscribed again")]
    private static partial void LogRenewed(ILogger logger, string url);

    [LoggerMessage(LogLevel.Warning, "MAX delivered updates to another address as well, {Url}; that subscription is ended (one bot token serves one desk)")]
    private static partial void LogOtherEnded(ILogger logger, string url);
}

/// <summary>MAX's webhook POSTs: the secret in <see cref="SecretHeader"/>, the body one <c>Update</c> object (<see cref="WebhookEndpoint"/>).</summary>
public static class MaxWebhookEndpoint
{
    public const string SecretHeader = "X-Max-Bot-Api-Secret";

    public static void Map(WebApplication app, MaxOptions options) =>
        WebhookEndpoint.Map(app, "MAX", options.WebhookPath, SecretHeader, options.WebhookSecret!, Parse);

    /// <summary>One update, read as a polled one is and mapped by the same mapper.</summary>
    public static bool Parse(byte[] body, out IncomingUpdate? update) =>
        WebhookEndpoint.TryParse<MaxUpdate>(body, MaxJson.Options, MaxUpdateMapper.Map, out update);
}
