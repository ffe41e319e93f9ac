using System.Diagnostics.Metrics;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Health;

/// <summary>
/// What the desk is, read from the database when <c>/metrics</c> is scraped (at most once a second): tickets
/// registered by level and messenger, reaction deadlines met and breached (the digest's rule), the outbox backlog and
/// its oldest message, tickets at risk (80 % of the reaction window used, unclaimed) and overdue now. Totals come from
/// the database, so they survive restarts and every replica reports the same — aggregate them with <c>max</c>, not
/// <c>sum</c>. Observable instruments report the last reading; the scrape waits for a fresh one.
/// </summary>
public sealed class DeskGauges
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly SlaPolicy _policy;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private Reading _last = Reading.Empty;
    private long? _readAt;

    public DeskGauges(SupportMetrics metrics, IServiceScopeFactory scopes, TimeProvider time, Sla.SlaSetup sla)
    {
        _scopes = scopes;
        _time = time;
        _policy = sla.Policy;
        var meter = metrics.Meter;
        // Gauges, not counters: a level change moves a ticket (and its window) from one level's series to another's.
        meter.CreateObservableGauge("chatsupport_tickets_registered", () => _last.Registered, description: "Tickets registered so far, by current level and messenger");
        meter.CreateObservableGauge("chatsupport_reaction_deadlines", () => _last.Reactions, description: "Reaction deadlines so far met (claimed in time) and breached (claimed late, or passed unclaimed), by level");
        meter.CreateObservableGauge("chatsupport_outbox_backlog", () => _last.Backlog, description: "Outbox messages waiting to be sent");
        meter.CreateObservableGauge("chatsupport_outbox_oldest_age", () => _last.OldestAge, "s", "Age of the oldest message waiting in the outbox (0 when none)");
        meter.CreateObservableGauge("chatsupport_tickets_at_risk", () => _last.AtRisk, description: "Unclaimed tickets past 80% of their reaction window, by level");
        meter.CreateObservableGauge("chatsupport_tickets_overdue", () => _last.Overdue, description: "Unclaimed tickets past their reaction deadline, by level");
    }

    /// <summary>Reads the desk unless the last reading is under a second old; a failed read keeps the last one (and says so).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            // Real elapsed time, not the desk's clock: this limits the load a scraper puts on the database.
            if (_readAt is { } readAt && System.Diagnostics.Stopwatch.GetElapsedTime(readAt) < Fresh)
            {
                return;
            }

            await using var scope = _scopes.CreateAsyncScope();
            _last = await ReadAsync(scope.ServiceProvider.GetRequiredService<SupportDbContext>(), cancellationToken);
            _readAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task<Reading> ReadAsync(SupportDbContext db, CancellationToken cancellationToken)
    {
        var now = _time.GetCurrentInstant();
        var registered = (await db.Tickets.GroupBy(t => new { t.Level, t.Customer.Channel })
                .Select(g => new { g.Key.Level, g.Key.Channel, Count = g.LongCount() }).ToListAsync(cancellationToken))
            .Select(g => new Measurement<long>(g.Count, new("level", Level(g.Level)), new("messenger", SupportMetrics.Name(g.Channel))))
            .ToList();

        var windows = (await db.Set<ReactionWindow>().Select(w => new { w.Level, w.Deadline.At, w.Deadline.EndOfDay, w.ClaimedAt }).ToListAsync(cancellationToken))
            .Select(w => new WindowFact(0, 0, w.Level, w.At, Deadline.Restore(w.At, w.EndOfDay), w.ClaimedAt, null))
            .ToList();
        var reactions = new List<Measurement<long>>();
        foreach (var level in Enum.GetValues<PriorityLevel>())
        {
            var counted = DigestCalculator.Reactions(windows, level, now);
            reactions.Add(new(counted.Met, new("level", Level(level)), new("outcome", "met")));
            reactions.Add(new(counted.Breached, new("level", Level(level)), new("outcome", "breached")));
        }

        var (backlog, oldest) = await OutboxMessage.BacklogAsync(db, cancellationToken);

        var waiting = await db.Tickets.Where(t => Ticket.WaitingStatuses.Contains(t.Status) && t.ReactedAt == null)
            .Select(t => new { t.Level, t.ReactionWindowStart, t.ReactionDeadline.At, t.ReactionDeadline.EndOfDay }).ToListAsync(cancellationToken);
        var fractions = waiting.Select(t => (t.Level, Used: _policy.WindowFraction(t.Level, t.ReactionWindowStart, Deadline.Restore(t.At, t.EndOfDay), now))).ToList();
        List<Measurement<long>> ByLevel(Func<double, bool> which) =>
            [.. Enum.GetValues<PriorityLevel>().Select(level => new Measurement<long>(fractions.LongCount(f => f.Level == level && which(f.Used)), new KeyValuePair<string, object?>("level", Level(level))))];

        return new Reading(
            registered,
            reactions,
            [new(backlog)],
            [new(oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0)],
            ByLevel(used => used >= DigestCalculator.AtRiskShare && used < 1),
            ByLevel(used => used >= 1));
    }

    private static string Level(PriorityLevel level) => ((int)level).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Reading(
        IReadOnlyList<Measurement<long>> Registered,
        IReadOnlyList<Measurement<long>> Reactions,
        IReadOnlyList<Measurement<long>> Backlog,
        IReadOnlyList<Measurement<double>> OldestAge,
        IReadOnlyList<Measurement<long>> AtRisk,
        IReadOnlyList<Measurement<long>> Overdue)
    {
        public static readonly Reading Empty = new([], [], [], [], [], []);
    }
}
