using System.Diagnostics;
using System.Threading.Channels;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Channels;

/// <summary>
/// Answers pressed buttons (the notice that stops the button's spinner) off the updates loop. A messenger only
/// takes the answer for a few seconds after the press, so a failure that may pass — 429 with its retry_after,
/// 5xx, a reset connection, a timeout — is tried again within <see cref="Validity"/>; what the messenger refuses
/// for good (an expired or unknown query) is dropped. The real reply to a press is in the outbox either way.
/// Waits are real time: the validity is the messenger's, not the support clock's.
/// </summary>
public sealed partial class ButtonAnswers(IEnumerable<IChannelSender> senders, FaultLog faults, ILogger<ButtonAnswers> logger) : BackgroundService
{
    /// <summary>How long after the press an answer is still worth sending (Telegram drops a query after about 10–15 s).</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromSeconds(10);

    /// <summary>Answers under way at once: each is one small call, and a slow one must not hold the rest.</summary>
    private const int Concurrency = 16;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    private readonly Dictionary<ChannelKind, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);

    // A burst beyond this is older than any answer could still be: the oldest are the ones to drop.
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Queues the answer to a press that was just handled; returns at once.</summary>
    public void Enqueue(ChannelKind channel, string callbackId, string? notice)
    {
        if (_senders.ContainsKey(channel))
        {
            _queue.Writer.TryWrite(new Pending(channel, callbackId, notice, Stopwatch.GetTimestamp()));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Concurrency);
        try
        {
            await foreach (var pending in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                _ = Task.Run(
                    async () =>
                    {
                        try
                        {
                            await AnswerAsync(pending, stoppingToken);
                        }
                        finally
                        {
                            slots.Release();
                        }
                    },
                    CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: answers not yet sent do not matter once the bot is gone.
        }
    }

    /// <summary>One answer, tried until it is taken, refused for good, or too old to matter.</summary>
    internal async Task<SendResult?> AnswerAsync(Pending pending, CancellationToken stoppingToken)
    {
        var sender = _senders[pending.Channel];
        for (var attempt = 1; ; attempt++)
        {
            var left = Validity - Stopwatch.GetElapsedTime(pending.PressedAt);
            if (left <= TimeSpan.Zero)
            {
                return GiveUp(pending, "the press is too old to answer");
            }

            SendResult result;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                attemptTimeout.CancelAfter(left);
                try
                {
                    result = await sender.AnswerButtonAsync(pending.CallbackId, pending.Notice, attemptTimeout.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    return GiveUp(pending, "no answer from the messenger within the press's validity");
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                catch (Exception ex)
                {
                    // An adapter's own failure: it may pass like any other.
                    result = new SendResult.Transient($"{ex.GetType().Name}: {ex.Message}");
                }
            }

            TimeSpan wait;
            switch (result)
            {
                case SendResult.Sent:
                    if (attempt > 1)
                    {
                        LogAnsweredAfterRetries(logger, pending.Channel, attempt);
                    }

                    return result;
                case SendResult.RetryAfter retry:
                    wait = retry.Wait;
                    break;
                case SendResult.Transient:
                    wait = TimeSpan.FromTicks(Math.Min(FirstBackoff.Ticks << Math.Min(attempt - 1, 8), MaxBackoff.Ticks));
                    break;
                default:
                    // Refused for good (an unknown or expired query): nothing to retry.
                    LogRefused(logger, pending.Channel, Describe(result));
                    return result;
            }

            if (Stopwatch.GetElapsedTime(pending.PressedAt) + wait >= Validity)
            {
                return GiveUp(pending, $"the next try ({Describe(result)}) would come too late");
            }

            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    private SendResult? GiveUp(Pending pending, string why)
    {
        if (faults.ShouldLog($"{pending.Channel} button answer", out var held))
        {
            LogGaveUp(logger, pending.Channel, why, held);
        }

        return null;
    }

    private static string Describe(SendResult result) => result switch
    {
        SendResult.RetryAfter r => $"429, retry after {r.Wait.TotalSeconds:0} s",
        SendResult.Transient t => t.Error,
        SendResult.Undeliverable u => u.Error,
        SendResult.Rejected r => r.Error,
        _ => result.GetType().Name,
    };

    /// <summary>A press waiting for its answer; <see cref="PressedAt"/> is a <see cref="Stopwatch"/> timestamp.</summary>
    internal sealed record Pending(ChannelKind Channel, string CallbackId, string? Notice, long PressedAt);

    [LoggerMessage(LogLevel.Debug, "A {Channel} button was answered after {Attempts} tries")]
    private static partial void LogAnsweredAfterRetries(ILogger logger, ChannelKind channel, int attempts);

    [LoggerMessage(LogLevel.Debug, "{Channel} refused a button answer: {Error}")]
    private static partial void LogRefused(ILogger logger, ChannelKind channel, string error);

    [LoggerMessage(LogLevel.Warning, "A {Channel} button was left unanswered: {Why} ({Held} more since the last line)")]
    private static partial void LogGaveUp(ILogger logger, ChannelKind channel, string why, int held);
}
