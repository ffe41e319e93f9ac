using System.Text.Json;
using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using TgUpdate = Telegram.Bot.Types.Update;

namespace ChatSupport.Bot.Telegram;

/// <summary>
/// Webhook mode, at start: the bot's own name and command list, and <c>setWebhook</c> once per deployment — left alone
/// when getWebhookInfo shows the same URL and the database holds the same fingerprint (<see cref="WebhookSetup"/>).
/// </summary>
public sealed partial class TelegramWebhookSetup(
    ITelegramBotClient bot,
    IOptions<TelegramOptions> options,
    IServiceScopeFactory scopes,
    BotIdentity identity,
    ILogger<TelegramWebhookSetup> logger) : WebhookSetup(scopes, logger)
{
    protected override string Messenger => "Telegram";

    protected override ChannelKind Channel => ChannelKind.Telegram;

    public override async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        identity.SetUsername(ChannelKind.Telegram, (await bot.GetMe(cancellationToken)).Username);
        await TelegramBotCommands.RegisterAsync(bot, cancellationToken);
        var url = o.WebhookUrl!.Trim();
        var fingerprint = Fingerprint(o);
        var info = await bot.GetWebhookInfo(cancellationToken);
        if (info.Url == url && await StoredFingerprintAsync(cancellationToken) == fingerprint)
        {
            LogAlreadyRegistered(logger, url, info.PendingUpdateCount);
            return;
        }

        await bot.SetWebhook(url, maxConnections: o.WebhookMaxConnections, allowedUpdates: TelegramUpdateMapper.AllowedUpdates,
            dropPendingUpdates: false, secretToken: o.WebhookSecret, cancellationToken: cancellationToken);
        await StoreFingerprintAsync(fingerprint, cancellationToken);
        LogRegistered(logger, url, o.WebhookMaxConnections);
    }

    /// <summary>What was registered, as a hash: the URL, the secret, the connections and the update kinds.</summary>
    public static string Fingerprint(TelegramOptions o) => Fingerprint(
        o.WebhookUrl!.Trim(), o.WebhookSecret!, o.WebhookMaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(',', TelegramUpdateMapper.AllowedUpdates));

    [LoggerMessage(LogLevel.Information, "Telegram webhook {Url} is registered already ({Pending} updates waiting at Telegram); left as it is")]
    private static partial void LogAlreadyRegistered(ILogger logger, string url, int pending);

    [LoggerMessage(LogLevel.Information, "Telegram webhook registered: {Url}, up to {Connections} connections")]
    private static partial void LogRegistered(ILogger logger, string url, int connections);
}

/// <summary>Telegram's webhook POSTs: the secret in <see cref="SecretHeader"/>, the body one Bot API update (<see cref="WebhookEndpoint"/>).</summary>
public static class TelegramWebhookEndpoint
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static void Map(WebApplication app, TelegramOptions options) =>
        WebhookEndpoint.Map(app, "Telegram", options.WebhookPath, SecretHeader, options.WebhookSecret!, Parse);

    /// <summary>One update, parsed as Telegram.Bot parses a polled one, and mapped by the same mapper.</summary>
    public static bool Parse(byte[] body, out IncomingUpdate? update) =>
        WebhookEndpoint.TryParse<TgUpdate>(body, JsonBotAPI.Options, TelegramUpdateMapper.Map, out update);
}
