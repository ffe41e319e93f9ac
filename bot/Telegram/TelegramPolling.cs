using ChatSupport.Bot.Pipeline;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace ChatSupport.Bot.Telegram;

/// <summary>
/// Long polling: fetches updates, hands each to the pipeline in order, and confirms them to Telegram
/// (the next offset) only after they were processed; processed ids in the database make a re-delivery harmless.
/// </summary>
public sealed partial class TelegramPolling(
    ITelegramBotClient bot,
    UpdatePipeline pipeline,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    Channels.BotIdentity identity,
    Channels.FaultLog faults,
    Cluster.IPollingLeadership leadership,
    ILogger<TelegramPolling> logger) : Channels.PollingLoop(time, faults, logger, leadership)
{
    public override Domain.Channels.ChannelKind Channel => Domain.Channels.ChannelKind.Telegram;

    protected override string PollName => "Telegram getUpdates";

    protected override async Task PollTurnAsync(CancellationToken stoppingToken)
    {
        await PrepareAsync(stoppingToken);
        int? offset = null;
        var timeout = (int)options.Value.PollingTimeout.TotalSeconds;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await PollAsync(ct => bot.GetUpdates(offset, 100, timeout, TelegramUpdateMapper.AllowedUpdates, ct), stoppingToken) is not { } updates)
            {
                continue;
            }

            try
            {
                // The batch in hand is finished even when stopping: it is one short transaction, confirmed below.
                await pipeline.ProcessBatchAsync([.. updates.Select(TelegramUpdateMapper.Map).OfType<Domain.Channels.IncomingUpdate>()], CancellationToken.None);
            }
            catch (UpdateNotRecordedException)
            {
                // Not confirmed: Telegram hands the batch over again after the pause; what was processed is recognised by its id.
                await PauseAfterUnrecordedAsync(stoppingToken);
                continue;
            }

            if (updates.Length > 0)
            {
                offset = updates[^1].Id + 1;
            }
        }
    }

    /// <summary>Polling needs no webhook; the bot's own name (for links to its chat) and the command list are fetched and registered once per start.</summary>
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken);
                identity.SetUsername(Domain.Channels.ChannelKind.Telegram, (await bot.GetMe(cancellationToken)).Username);
                await TelegramBotCommands.RegisterAsync(bot, cancellationToken);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPrepareFailed(logger, attempt, Describe(ex));
                if (attempt >= 3)
                {
                    // Not fatal: customers can still write; the menu is registered at the next start.
                    return;
                }

                await DelayAsync(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    protected override TimeSpan PauseAfter(Exception exception, int failures) => exception switch
    {
        ApiRequestException { ErrorCode: 429 } api => TimeSpan.FromSeconds(Math.Clamp(api.Parameters?.RetryAfter ?? 5, 1, 300)),
        // 409: another copy of the bot polls with this token (or a webhook is set); don't fight it every second.
        ApiRequestException { ErrorCode: 409 } => MaxPause,
        _ => Exponential(failures),
    };

    protected override string Describe(Exception exception) => exception switch
    {
        ApiRequestException api => $"Telegram answered {api.ErrorCode}: {api.Message}",
        RequestException req => $"{req.Message} {(req.HttpStatusCode is { } c ? $"(HTTP {(int)c})" : req.InnerException?.Message)}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    protected override string FaultKind(Exception exception) => Describe(exception).Split(':')[0];

    [LoggerMessage(LogLevel.Warning, "Preparing Telegram (webhook off, own name, command list) failed, attempt {Attempt}: {Error}")]
    private static partial void LogPrepareFailed(ILogger logger, int attempt, string error);
}
