using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Channels;

/// <summary>
/// What every messenger's long-polling loop shares: the time of its last successful poll (for the health
/// check) and the back-off between failed polls, which waits in real time (it is about the network, not
/// about the support clock).
/// </summary>
public abstract class PollingLoop : BackgroundService, IPollingState
{
    /// <summary>The longest pause between two polls after failures.</summary>
    protected static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    private long _lastSuccessTicks;

    public abstract ChannelKind Channel { get; }

    public DateTimeOffset? LastSuccessfulPoll => Interlocked.Read(ref _lastSuccessTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    protected void Succeeded(DateTimeOffset at) => Interlocked.Exchange(ref _lastSuccessTicks, at.UtcTicks);

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
}
