namespace ChatSupport.Bot.Channels;

/// <summary>
/// Wakes a background loop when there is work (a commit wrote outbox rows, or schedule requests): many notifications
/// before it wakes are one wake-up. Each loop has its own subclass, so the container tells them apart.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up is enough.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
