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
    Channels.FaultLog faults,
    ILogger<TelegramPolling> logger) : Channels.PollingLoop
{
    public override Domain.Channels.ChannelKind Channel => Domain.Channels.ChannelKind.Telegram;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PrepareAsync(stoppingToken);
        int? offset = null;
        var failures = 0;
        var timeout = (int)options.Value.PollingTimeout.TotalSeconds;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                updates = await bot.GetUpdates(offset, 100, timeout, TelegramUpdateMapper.AllowedUpdates, stoppingToken);
                Succeeded(time.GetUtcNow());
                if (failures > 0)
                {
                    LogRecovered(logger, failures);
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var pause = PauseAfter(ex, failures);
                var description = Describe(ex);
                if (faults.ShouldLog("getUpdates " + description.Split(':')[0], out var held))
                {
                    LogPollFailed(logger, failures, pause.TotalSeconds, description, held);
                }

                await DelayAsync(pause, stoppingToken);
                continue;
            }

            foreach (var update in updates)
            {
                if (TelegramUpdateMapper.Map(update) is { } incoming)
                {
                    try
                    {
                        // The update in hand is finished even when stopping: it is one short transaction.
                        await pipeline.ProcessAsync(incoming, CancellationToken.None);
                    }
                    catch (UpdateNotRecordedException)
                    {
                        // Not confirmed: Telegram hands it over again after the pause.
                        failures++;
                        await DelayAsync(PauseAfter(new IOException(), failures), stoppingToken);
                        break;
                    }
                }

                if (stoppingToken.IsCancellationRequested)
                {
                    // Stop between updates; the rest are fetched again at the next start.
                    return;
                }

                offset = update.Id + 1;
            }
        }
    }

    /// <summary>Polling needs no webhook; the command list is registered once per start.</summary>
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken);
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

    private static TimeSpan PauseAfter(Exception ex, int failures) => ex switch
    {
        ApiRequestException { ErrorCode: 429 } api => TimeSpan.FromSeconds(Math.Clamp(api.Parameters?.RetryAfter ?? 5, 1, 300)),
        // 409: another copy of the bot polls with this token (or a webhook is set); don't fight it every second.
        ApiRequestException { ErrorCode: 409 } => MaxPause,
        _ => Exponential(failures),
    };

    private static string Describe(Exception ex) => ex switch
    {
        ApiRequestException api => $"Telegram answered {api.ErrorCode}: {api.Message}",
        RequestException req => $"{req.Message} {(req.HttpStatusCode is { } c ? $"(HTTP {(int)c})" : req.InnerException?.Message)}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    [LoggerMessage(LogLevel.Warning, "Telegram getUpdates failed ({Failures} in a row); next try in {PauseSeconds} s: {Error} ({Held} more such failures since the last line)")]
    private static partial void LogPollFailed(ILogger logger, int failures, double pauseSeconds, string error, int held);

    [LoggerMessage(LogLevel.Information, "Telegram getUpdates works again after {Failures} failures")]
    private static partial void LogRecovered(ILogger logger, int failures);

    [LoggerMessage(LogLevel.Warning, "Preparing Telegram (webhook off, command list) failed, attempt {Attempt}: {Error}")]
    private static partial void LogPrepareFailed(ILogger logger, int attempt, string error);
}
