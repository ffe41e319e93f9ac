using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Channels;

/// <summary>
/// What every messenger's long-polling loop shares: one fetch with its failure bookkeeping (count, back-off,
/// throttled log lines, the recovery line), the time of the last successful poll (for the health check), and
/// the pause after an update that could not be recorded. Back-off waits in real time: it is about the network,
/// not about the support clock.
/// </summary>
public abstract partial class PollingLoop(TimeProvider time, FaultLog faults, ILogger logger, Cluster.IPollingLeadership leadership) : BackgroundService, IPollingState
{
    /// <summary>The longest pause between two polls after failures.</summary>
    protected static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    private long _lastSuccessTicks;
    private int _failures;

    public abstract ChannelKind Channel { get; }

    /// <summary>The clock polls are timed by (the support clock; back-off waits in real time).</summary>
    protected TimeProvider Clock => time;

    public DateTimeOffset? LastSuccessfulPoll => Interlocked.Read(ref _lastSuccessTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Whether this replica polls (one replica of several on PostgreSQL; always on SQLite).</summary>
    public bool IsPoller => leadership.IsPoller;

    /// <summary>
    /// Polls while this replica is the poller: a turn ends when another replica took over (or this one lost the database)
    /// and the next starts when it is this replica's turn again.
    /// </summary>
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await leadership.WaitForTurnAsync(stoppingToken) is not { } turn)
            {
                return;
            }

            try
            {
                await PollTurnAsync(turn);
            }
            catch (OperationCanceledException) when (turn.IsCancellationRequested)
            {
                // The turn is over; wait for the next.
            }
        }
    }

    /// <summary>One turn of polling, until <paramref name="turnToken"/> is cancelled.</summary>
    protected abstract Task PollTurnAsync(CancellationToken turnToken);

    /// <summary>How the log names the poll, e.g. «Telegram getUpdates».</summary>
    protected abstract string PollName { get; }

    /// <summary>How long to wait after this failure (the messenger may say: 429).</summary>
    protected abstract TimeSpan PauseAfter(Exception exception, int failures);

    /// <summary>The failure in one line, for the log.</summary>
    protected abstract string Describe(Exception exception);

    /// <summary>Failures of one kind share one throttled log line.</summary>
    protected abstract string FaultKind(Exception exception);

    /// <summary>
    /// One poll: the fetched batch, or null after a failure (logged at most once per kind a minute, then waited
    /// out). Stopping ends the wait and answers null.
    /// </summary>
    protected async Task<T?> PollAsync<T>(Func<CancellationToken, Task<T>> fetch, CancellationToken stoppingToken)
        where T : class
    {
        try
        {
            var batch = await fetch(stoppingToken);
            Interlocked.Exchange(ref _lastSuccessTicks, time.GetUtcNow().UtcTicks);
            if (_failures > 0)
            {
                LogRecovered(logger, PollName, _failures);
            }

            _failures = 0;
            return batch;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            _failures++;
            var pause = PauseAfter(ex, _failures);
            if (faults.ShouldLog(PollName + " " + FaultKind(ex), out var held))
            {
                LogPollFailed(logger, PollName, _failures, pause.TotalSeconds, Describe(ex), held);
            }

            await DelayAsync(pause, stoppingToken);
            return null;
        }
    }

    /// <summary>An update could not even be recorded (database unavailable): back off before it comes again.</summary>
    protected Task PauseAfterUnrecordedAsync(CancellationToken stoppingToken)
    {
        _failures++;
        return DelayAsync(PauseAfter(new IOException(), _failures), stoppingToken);
    }

    /// <summary>1, 2, 4 … seconds, up to <see cref="MaxPause"/>.</summary>
    protected static TimeSpan Exponential(int failures) => TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(failures, 10) - 1), MaxPause.TotalSeconds));

    protected static async Task DelayAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pause, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(LogLevel.Warning, "{Poll} failed ({Failures} in a row); next try in {PauseSeconds} s: {Error} ({Held} more such failures since the last line)")]
    private static partial void LogPollFailed(ILogger logger, string poll, int failures, double pauseSeconds, string error, int held);

    [LoggerMessage(LogLevel.Information, "{Poll} works again after {Failures} failures")]
    private static partial void LogRecovered(ILogger logger, string poll, int failures);
}
