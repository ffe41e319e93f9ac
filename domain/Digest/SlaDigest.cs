using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Digest;

/// <summary>A ticket registered on the digest's day.</summary>
public sealed record RegisteredFact(int Number, PriorityLevel Level, RequestCategory? Category, Instant Received, Instant Registered);

/// <summary>A reaction window (registration or reopening → first claim).</summary>
public sealed record WindowFact(int Number, int Sequence, PriorityLevel Level, Instant Start, Deadline Deadline, Instant? ClaimedAt, string? ClaimedBy);

/// <summary>A ticket that is not closed, with its current window.</summary>
public sealed record OpenFact(int Number, PriorityLevel Level, string Organisation, string? Holder, TicketStatus Status, Instant WindowStart, Deadline Deadline, Instant? ReactedAt);

/// <summary>Something staff did on the day: claims come from windows; resolves and reopenings from the history.</summary>
public sealed record ActionFact(int Number, TicketEventKind Kind, string Actor, Instant At);

public sealed record LevelReactions(PriorityLevel Level, int Due, int Met, int Breached, int Pending)
{
    public double? MetPercent => Met + Breached == 0 ? null : 100.0 * Met / (Met + Breached);
}

public sealed record ClaimTimes(PriorityLevel Level, int Count, Duration? Median, Duration? P90);

public sealed record EngineerFigures(string Name, int Claims, int Breaches, int Resolves);

/// <summary>A customer's score (CSAT) given on the digest's day, and the engineer who held the ticket.</summary>
public sealed record SatisfactionFact(int Number, int Score, string? Engineer);

/// <summary>The day's scores: how many, their average, how many low (1–2), and per engineer.</summary>
public sealed record SatisfactionFigures(int Answers, double? Average, int Low, IReadOnlyList<(string Engineer, int Answers, double Average)> PerEngineer)
{
    public static SatisfactionFigures Of(IReadOnlyList<SatisfactionFact> facts) => new(
        facts.Count,
        facts.Count == 0 ? null : facts.Average(f => f.Score),
        facts.Count(f => f.Score <= 2),
        [.. facts.Where(f => f.Engineer is not null).GroupBy(f => f.Engineer!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.Average(f => f.Score)))]);
}

/// <summary>A ticket waiting for its customer's answer to the holder's question, and since when.</summary>
public sealed record AwaitingFact(int Number, string? Holder, Instant Since);

public sealed record RiskItem(int Number, PriorityLevel Level, string Organisation, string? Holder, Duration Left, double WindowUsed);

/// <summary>The managers' daily SLA digest for one calendar day in the provider's zone.</summary>
public sealed record SlaDigest(
    LocalDate Day,
    Instant ComputedAt,
    IReadOnlyDictionary<PriorityLevel, int> RegisteredByLevel,
    IReadOnlyDictionary<RequestCategory, int> RegisteredByCategory,
    IReadOnlyList<LevelReactions> Reactions,
    LevelReactions ReactionsOverall,
    IReadOnlyList<ClaimTimes> TimeToClaim,
    IReadOnlyList<RiskItem> AtRisk,
    IReadOnlyList<RiskItem> Breached,
    IReadOnlyList<EngineerFigures> Engineers,
    IReadOnlyList<int> Reopened,
    int RegistrationTotal,
    int RegistrationMet)
{
    /// <summary>The median time from a window's start to its claim, over the windows claimed on the day (all levels).</summary>
    public Duration? MedianClaim { get; init; }

    /// <summary>The customers' scores given on the day.</summary>
    public SatisfactionFigures Satisfaction { get; init; } = SatisfactionFigures.Of([]);

    /// <summary>Customers blocked when the digest was computed, and their messages kept (not relayed) on the day.</summary>
    public (int Customers, int Messages) Blocked { get; init; }

    /// <summary>Tickets waiting for the customer's answer when the digest was computed, longest first.</summary>
    public IReadOnlyList<AwaitingFact> Awaiting { get; init; } = [];

    public int RegisteredTotal => RegisteredByLevel.Values.Sum();

    public double? RegistrationPercent => RegistrationTotal == 0 ? null : 100.0 * RegistrationMet / RegistrationTotal;
}

/// <summary>
/// The digest's arithmetic, pure. Reactions are counted for windows whose deadline falls on the day: met when
/// claimed no later than the deadline, breached when claimed later or still unclaimed after it, pending when the
/// deadline has not come yet. Time to claim covers windows claimed on the day; percentiles are nearest-rank.
/// </summary>
public static class DigestCalculator
{
    public const double AtRiskShare = 0.8;

    public static SlaDigest Compute(
        LocalDate day,
        Instant now,
        SlaPolicy policy,
        IReadOnlyList<RegisteredFact> registered,
        IReadOnlyList<WindowFact> dueThatDay,
        IReadOnlyList<WindowFact> claimedThatDay,
        IReadOnlyList<OpenFact> open,
        IReadOnlyList<ActionFact> actions,
        IReadOnlyList<AwaitingFact>? awaiting = null,
        IReadOnlyList<SatisfactionFact>? satisfaction = null)
    {
        var byLevel = PriorityLevels.All.ToDictionary(l => l, l => registered.Count(r => r.Level == l));
        var byCategory = Enum.GetValues<RequestCategory>().ToDictionary(c => c, c => registered.Count(r => r.Category == c));

        LevelReactions Reactions(PriorityLevel? level) => DigestCalculator.Reactions(dueThatDay, level, now);

        var times = PriorityLevels.All.Select(level =>
        {
            var spans = claimedThatDay.Where(w => w.Level == level && w.ClaimedAt is not null)
                .Select(w => w.ClaimedAt!.Value - w.Start).Order().ToList();
            return new ClaimTimes(level, spans.Count, Percentile(spans, 50), Percentile(spans, 90));
        }).ToList();

        var atRisk = new List<RiskItem>();
        var breachedNow = new List<RiskItem>();
        foreach (var t in open.OrderBy(o => o.Deadline.At).ThenBy(o => o.Number))
        {
            var unclaimed = t.ReactedAt is null;
            var overdue = unclaimed ? !t.Deadline.IsMetBy(now) : !t.Deadline.IsMetBy(t.ReactedAt!.Value);
            var used = policy.WindowFraction(t.Level, t.WindowStart, t.Deadline, unclaimed ? now : t.ReactedAt!.Value);
            var item = new RiskItem(t.Number, t.Level, t.Organisation, t.Holder, t.Deadline.RemainingAt(now), used);
            if (overdue)
            {
                breachedNow.Add(item);
            }
            else if (unclaimed && used >= AtRiskShare)
            {
                atRisk.Add(item);
            }
        }

        var names = claimedThatDay.Where(w => w.ClaimedBy is not null).Select(w => w.ClaimedBy!)
            .Concat(actions.Where(a => a.Kind == TicketEventKind.Resolved).Select(a => a.Actor))
            .Distinct().Order(StringComparer.Ordinal);
        var engineers = names.Select(name => new EngineerFigures(
            name,
            claimedThatDay.Count(w => w.ClaimedBy == name),
            claimedThatDay.Count(w => w.ClaimedBy == name && !w.Deadline.IsMetBy(w.ClaimedAt!.Value)),
            actions.Count(a => a.Kind == TicketEventKind.Resolved && a.Actor == name))).ToList();

        return new SlaDigest(
            day,
            now,
            byLevel,
            byCategory,
            [.. PriorityLevels.All.Select(l => Reactions(l))],
            Reactions(null),
            times,
            atRisk,
            breachedNow,
            engineers,
            [.. actions.Where(a => a.Kind == TicketEventKind.Reopened).Select(a => a.Number).Distinct().Order()],
            registered.Count,
            registered.Count(r => policy.RegistrationMet(r.Received, r.Registered)))
        {
            Awaiting = [.. (awaiting ?? []).OrderBy(a => a.Since).ThenBy(a => a.Number)],
            Satisfaction = SatisfactionFigures.Of(satisfaction ?? []),
            MedianClaim = Percentile([.. claimedThatDay.Where(w => w.ClaimedAt is not null).Select(w => w.ClaimedAt!.Value - w.Start).Order()], 50),
        };
    }

    /// <summary>Nearest-rank percentile of a sorted list (null when empty).</summary>
    public static Duration? Percentile(IReadOnlyList<Duration> sorted, int percent)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>The instants that bound a calendar day in the provider's zone.</summary>
    public static (Instant Start, Instant End) Bounds(LocalDate day, DateTimeZone zone) => Bounds(day, day, zone);

    /// <summary>The instants that bound the days from <paramref name="first"/> to <paramref name="last"/> (both included) in the provider's zone.</summary>
    public static (Instant Start, Instant End) Bounds(LocalDate first, LocalDate last, DateTimeZone zone) =>
        (zone.AtStartOfDay(first).ToInstant(), zone.AtStartOfDay(last.PlusDays(1)).ToInstant());

    /// <summary>
    /// Reactions of windows (one level, or all when <paramref name="level"/> is null): met when claimed by the deadline,
    /// breached when claimed later or still unclaimed after it at <paramref name="now"/>, pending otherwise.
    /// </summary>
    public static LevelReactions Reactions(IReadOnlyList<WindowFact> windows, PriorityLevel? level, Instant now)
    {
        var these = windows.Where(w => level is null || w.Level == level).ToList();
        var met = these.Count(w => w.ClaimedAt is { } c && w.Deadline.IsMetBy(c));
        var breached = these.Count(w => w.ClaimedAt is { } c ? !w.Deadline.IsMetBy(c) : !w.Deadline.IsMetBy(now));
        return new LevelReactions(level ?? PriorityLevel.Critical, these.Count, met, breached, these.Count - met - breached);
    }
}
