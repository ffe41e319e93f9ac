using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Pipeline;
using ChatSupport.Domain.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using TgUpdate = Telegram.Bot.Types.Update;

namespace ChatSupport.Bot.Telegram;

/// <summary>
/// Webhook mode, at start: the bot's own name and command list, and the webhook registered with Telegram — once per
/// deployment, not once per replica and start. What was registered is kept in the database as a hash of the URL,
/// the secret and the settings (<see cref="ChannelState"/>), and compared with it and with getWebhookInfo's URL: a
/// replica starting beside a running one changes nothing; a rotated secret or a new URL is registered again.
/// </summary>
public sealed partial class TelegramWebhookSetup(
    ITelegramBotClient bot,
    IOptions<TelegramOptions> options,
    IServiceScopeFactory scopes,
    BotIdentity identity,
    ILogger<TelegramWebhookSetup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await RegisterAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not fatal: a webhook registered before keeps delivering; this one is tried again with back-off.
                LogSetupFailed(logger, attempt, $"{ex.GetType().Name}: {Domain.Localization.Texts.SafeCut(ex.Message, 300)}");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempt, 6)))), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    internal async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        identity.SetUsername(ChannelKind.Telegram, (await bot.GetMe(cancellationToken)).Username);
        await TelegramBotCommands.RegisterAsync(bot, cancellationToken);
        var url = o.WebhookUrl!.Trim();
        var fingerprint = Fingerprint(o);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        var stored = await db.ChannelStates.SingleOrDefaultAsync(s => s.Channel == ChannelKind.Telegram && s.Key == ChannelState.Webhook, cancellationToken);
        var info = await bot.GetWebhookInfo(cancellationToken);
        if (info.Url == url && stored?.Value == fingerprint)
        {
            LogAlreadyRegistered(logger, url, info.PendingUpdateCount);
            return;
        }

        await bot.SetWebhook(url, maxConnections: o.WebhookMaxConnections, allowedUpdates: TelegramUpdateMapper.AllowedUpdates,
            dropPendingUpdates: false, secretToken: o.WebhookSecret, cancellationToken: cancellationToken);
        if (stored is null)
        {
            db.ChannelStates.Add(new ChannelState { Channel = ChannelKind.Telegram, Key = ChannelState.Webhook, Value = fingerprint });
        }
        else
        {
            stored.Value = fingerprint;
        }

        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        LogRegistered(logger, url, o.WebhookMaxConnections);
    }

    /// <summary>What was registered, as a hash: the URL, the secret, the connections and the update kinds (never the secret in clear).</summary>
    public static string Fingerprint(TelegramOptions o) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', o.WebhookUrl!.Trim(), o.WebhookSecret, o.WebhookMaxConnections, string.Join(',', TelegramUpdateMapper.AllowedUpdates)))));

    [LoggerMessage(LogLevel.Information, "Telegram webhook {Url} is registered already ({Pending} updates waiting at Telegram); left as it is")]
    private static partial void LogAlreadyRegistered(ILogger logger, string url, int pending);

    [LoggerMessage(LogLevel.Information, "Telegram webhook registered: {Url}, up to {Connections} connections")]
    private static partial void LogRegistered(ILogger logger, string url, int connections);

    [LoggerMessage(LogLevel.Warning, "Registering the Telegram webhook failed (attempt {Attempt}); trying again: {Error}")]
    private static partial void LogSetupFailed(ILogger logger, int attempt, string error);
}

/// <summary>
/// Each webhook POST: the secret header compared in constant time (401 and nothing read otherwise), the body at most
/// <see cref="MaxBody"/> (400 beyond, or when it is not an update), mapped as a polled update is, and handled through the
/// same pipeline, batched with the requests that arrived meanwhile (<see cref="PushedUpdates"/>). 200 only once that
/// transaction committed — so Telegram sends again what a
/// dying replica did not finish — and 503 when not even the update could be recorded (the database is away). A
/// re-delivered update is recognised by its id, on whichever replica it lands.
/// </summary>
public static partial class TelegramWebhookEndpoint
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>The largest update body taken (Telegram's updates are a few kilobytes; files come by reference).</summary>
    public const int MaxBody = 1024 * 1024;

    public static void Map(WebApplication app, TelegramOptions options)
    {
        var secret = Encoding.UTF8.GetBytes(options.WebhookSecret!);
        app.MapPost(options.WebhookPath, async (HttpContext http, PushedUpdates pushed, FaultLog faults, ILoggerFactory loggers) =>
        {
            var logger = loggers.CreateLogger(typeof(TelegramWebhookEndpoint).FullName!);
            var given = Encoding.UTF8.GetBytes(http.Request.Headers[SecretHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, secret))
            {
                if (faults.ShouldLog("Telegram webhook secret", out var held))
                {
                    LogBadSecret(logger, http.Connection.RemoteIpAddress?.ToString() ?? "?", held);
                }

                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            var body = await ReadAsync(http.Request, MaxBody, http.RequestAborted);
            TgUpdate? update = null;
            try
            {
                update = body is null ? null : JsonSerializer.Deserialize<TgUpdate>(body, JsonBotAPI.Options);
            }
            catch (JsonException)
            {
            }

            if (update is null)
            {
                if (faults.ShouldLog("Telegram webhook body", out var held))
                {
                    LogBadBody(logger, body is null ? "over 1 MB" : "not an update", held);
                }

                return Results.BadRequest();
            }

            if (TelegramUpdateMapper.Map(update) is not { } incoming)
            {
                // A kind the bot does not handle: taken, nothing to do.
                return Results.Ok();
            }

            try
            {
                // Handled with the others that arrived meanwhile, in one transaction; answered once it committed.
                await pushed.ProcessAsync(incoming);
                return Results.Ok();
            }
            catch (UpdateNotRecordedException)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
        });
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(LogLevel.Warning, "Telegram webhook: a request from {Remote} without the right secret was refused with 401 ({Held} more since the last line)")]
    private static partial void LogBadSecret(ILogger logger, string remote, int held);

    [LoggerMessage(LogLevel.Warning, "Telegram webhook: a request whose body is {Problem} was refused with 400 ({Held} more since the last line)")]
    private static partial void LogBadBody(ILogger logger, string problem, int held);
}
