using ChatSupport.Domain.Sla;
using NodaTime;

namespace ChatSupport.Domain.Digest;

/// <summary>A ticket registered in the month, by organisation.</summary>
public sealed record OrganisationCount(string Organisation, int Tickets);

/// <summary>One engineer's month: claims (first claims of windows), late claims, the scores of the tickets they held.</summary>
public sealed record EngineerMonth(string Name, int Claims, int Late, int Scores, double? AverageScore);

/// <summary>
/// The managers' monthly report: SLA met % per level against the month before, tickets per organisation (top 10), per
/// engineer claims, late claims and scores.
/// </summary>
public sealed record MonthlyReport(
    YearMonth Month,
    IReadOnlyList<LevelReactions> Reactions,
    LevelReactions Overall,
    IReadOnlyList<LevelReactions> PreviousReactions,
    LevelReactions PreviousOverall,
    int Registered,
    IReadOnlyList<OrganisationCount> TopOrganisations,
    IReadOnlyList<EngineerMonth> Engineers,
    SatisfactionFigures Satisfaction)
{
    public const int TopCount = 10;

    /// <summary>The change of the met share from the month before, in percentage points (null when either has nothing due).</summary>
    public static double? Change(LevelReactions now, LevelReactions before) =>
        now.MetPercent is { } a && before.MetPercent is { } b ? a - b : null;

    /// <summary>The month's figures from its facts (windows due in it and in the month before, claims in it, registrations, scores).</summary>
    public static MonthlyReport Compute(
        YearMonth month,
        Instant now,
        IReadOnlyList<WindowFact> dueInMonth,
        IReadOnlyList<WindowFact> dueInPrevious,
        IReadOnlyList<WindowFact> claimedInMonth,
        IReadOnlyList<string> registeredOrganisations,
        IReadOnlyList<SatisfactionFact> scores)
    {
        var engineers = claimedInMonth.Where(w => w.ClaimedBy is not null).Select(w => w.ClaimedBy!)
            .Concat(scores.Where(s => s.Engineer is not null).Select(s => s.Engineer!))
            .Distinct().Order(StringComparer.Ordinal)
            .Select(name =>
            {
                var theirs = scores.Where(s => s.Engineer == name).ToList();
                return new EngineerMonth(
                    name,
                    claimedInMonth.Count(w => w.ClaimedBy == name),
                    claimedInMonth.Count(w => w.ClaimedBy == name && !w.Deadline.IsMetBy(w.ClaimedAt!.Value)),
                    theirs.Count,
                    theirs.Count == 0 ? null : theirs.Average(s => s.Score));
            }).ToList();

        return new MonthlyReport(
            month,
            [.. PriorityLevels.All.Select(l => DigestCalculator.Reactions(dueInMonth, l, now))],
            DigestCalculator.Reactions(dueInMonth, null, now),
            [.. PriorityLevels.All.Select(l => DigestCalculator.Reactions(dueInPrevious, l, now))],
            DigestCalculator.Reactions(dueInPrevious, null, now),
            registeredOrganisations.Count,
            [.. registeredOrganisations.GroupBy(o => o).Select(g => new OrganisationCount(g.Key, g.Count()))
                .OrderByDescending(o => o.Tickets).ThenBy(o => o.Organisation, StringComparer.Ordinal).Take(TopCount)],
            engineers,
            SatisfactionFigures.Of(scores));
    }
}
