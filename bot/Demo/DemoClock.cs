using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace ChatSupport.Bot.Demo;

/// <summary>
/// The demo's clock: real time flows in it, and «time travel» moves it forward. It is the host's one
/// <see cref="TimeProvider"/>, so Quartz, the outbox and every deadline see the same time. A
/// <see cref="FakeTimeProvider"/> is used because its timers fire as it is moved — exactly what a clock
/// that jumps needs; it moves in ten-minute steps with short pauses, so Quartz sees the hours pass (one big
/// jump would look like downtime to it) and every ping falls due in order.
/// </summary>
public sealed class DemoClock : BackgroundService
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(10);

    /// <summary>The every-minute sweep: it keeps up with ten-minute steps and is not worth a stop.</summary>
    private const string SweepTrigger = Scheduling.SchedulingRegistration.SweepTriggerName;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly FakeTimeProvider _time;
    private DateTimeOffset _realMark;

    public DemoClock(DateTimeOffset start)
    {
        _time = new FakeTimeProvider(start);
        _realMark = TimeProvider.System.GetUtcNow();
    }

    public TimeProvider Time => _time;

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>How far the demo has travelled beyond real time.</summary>
    public TimeSpan Travelled { get; private set; }

    /// <summary>
    /// Moves the clock forward, stopping at every moment a ticket's ping or the digest is due and waiting
    /// until Quartz has run it, so each fires on time (a late ping would say the bot was down). Between those
    /// moments the clock moves in ten-minute steps; the every-minute sweep keeps that pace.
    /// </summary>
    public async Task TravelAsync(TimeSpan by, IScheduler? scheduler, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var target = _time.GetUtcNow() + by;
            while (_time.GetUtcNow() < target)
            {
                var now = _time.GetUtcNow();
                var due = scheduler is null ? null : await NextDueAsync(scheduler, now, cancellationToken);
                var until = Min(Min(now + Step, target), due ?? DateTimeOffset.MaxValue);
                _time.Advance(until - now);
                await Task.Delay(20, cancellationToken);
                if (due is not null && due <= until)
                {
                    await SettleAsync(scheduler!, cancellationToken);
                }
            }

            Travelled += by;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>The earliest moment after now a trigger other than the sweep fires.</summary>
    private static async Task<DateTimeOffset?> NextDueAsync(IScheduler scheduler, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? next = null;
        foreach (var trigger in await TimedTriggersAsync(scheduler, cancellationToken))
        {
            if (trigger.NextFireTimeUtc is { } at && at > now && (next is null || at < next))
            {
                next = at;
            }
        }

        return next;
    }

    /// <summary>Waits (up to 5 s of real time) until Quartz has fired what is due.</summary>
    private async Task SettleAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(5);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var now = _time.GetUtcNow();
            if (!(await TimedTriggersAsync(scheduler, cancellationToken)).Any(t => t.NextFireTimeUtc is { } at && at <= now))
            {
                // Fired: the job (one short transaction) finishes and the outbox sends what it wrote.
                await Task.Delay(100, cancellationToken);
                return;
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    private static async Task<List<ITrigger>> TimedTriggersAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var triggers = new List<ITrigger>();
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.AnyGroup(), cancellationToken))
        {
            if (key.Name != SweepTrigger && await scheduler.GetTrigger(key, cancellationToken) is { } trigger)
            {
                triggers.Add(trigger);
            }
        }

        return triggers;
    }

    /// <summary>Lets real time flow into the demo clock.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await _gate.WaitAsync(stoppingToken);
            try
            {
                var real = TimeProvider.System.GetUtcNow();
                var elapsed = real - _realMark;
                _realMark = real;
                if (elapsed > TimeSpan.Zero)
                {
                    _time.Advance(elapsed);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
