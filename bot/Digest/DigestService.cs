using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Digest;

/// <summary>
/// Reads what the digest needs for one day with range queries on indexed columns (registration time,
/// window deadline, claim time, event time), and hands it to the pure <see cref="DigestCalculator"/>.
/// </summary>
public sealed class DigestService(SupportDbContext db, SlaSetup sla, TimeProvider time)
{
    /// <summary>Yesterday in the provider's zone: the day the morning digest is about.</summary>
    public LocalDate Yesterday() => sla.Policy.Calendar.DateOf(time.GetCurrentInstant()).PlusDays(-1);

    /// <summary>How many days the chart shows, ending on the digest's day.</summary>
    public const int ChartDays = 14;

    /// <summary>The chart (PNG) of the <see cref="ChartDays"/> days ending on <paramref name="day"/>.</summary>
    public async Task<byte[]> ChartAsync(LocalDate day, Domain.Localization.Language lang, CancellationToken cancellationToken = default)
    {
        var days = new List<SlaDigest>(ChartDays);
        for (var d = day.PlusDays(1 - ChartDays); d <= day; d = d.PlusDays(1))
        {
            days.Add(await ComputeAsync(d, cancellationToken));
        }

        return DigestChart.Render(days, lang);
    }

    /// <summary>The monthly report of <paramref name="month"/> (provider's zone), against the month before.</summary>
    public async Task<MonthlyReport> MonthlyAsync(YearMonth month, CancellationToken cancellationToken = default)
    {
        var now = time.GetCurrentInstant();
        var (start, end) = Bounds(month);
        var (previousStart, _) = Bounds(month.PlusMonths(-1));
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var due = await Windows(db.Set<ReactionWindow>().Where(w => w.Deadline.At >= start && w.Deadline.At < end), cancellationToken);
        var duePrevious = await Windows(db.Set<ReactionWindow>().Where(w => w.Deadline.At >= previousStart && w.Deadline.At < start), cancellationToken);
        var claimed = await Windows(db.Set<ReactionWindow>().Where(w => w.ClaimedAt >= start && w.ClaimedAt < end), cancellationToken);
        var organisations = await db.Tickets.Where(t => t.Registered >= start && t.Registered < end).Select(t => t.Customer.Organisation).ToListAsync(cancellationToken);
        var scores = await db.Tickets.Where(t => t.SatisfactionAt >= start && t.SatisfactionAt < end && t.SatisfactionScore != null)
            .Select(t => new SatisfactionFact(t.Number, t.SatisfactionScore!.Value, t.HolderName)).ToListAsync(cancellationToken);
        return MonthlyReport.Compute(month, now, due, duePrevious, claimed, organisations, scores);
    }

    /// <summary>The chart (PNG) of every day of <paramref name="month"/>.</summary>
    public async Task<byte[]> MonthChartAsync(YearMonth month, Domain.Localization.Language lang, CancellationToken cancellationToken = default)
    {
        var days = new List<SlaDigest>();
        for (var d = month.OnDayOfMonth(1); d <= month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month)); d = d.PlusDays(1))
        {
            days.Add(await ComputeAsync(d, cancellationToken));
        }

        return DigestChart.Render(days, lang);
    }

    private (Instant Start, Instant End) Bounds(YearMonth month) =>
        DigestCalculator.Bounds(month.OnDayOfMonth(1), month.PlusMonths(1).OnDayOfMonth(1).PlusDays(-1), sla.Format.Zone);

    public async Task<SlaDigest> ComputeAsync(LocalDate day, CancellationToken cancellationToken = default)
    {
        var (start, end) = DigestCalculator.Bounds(day, sla.Policy.Calendar.Zone);
        var now = time.GetCurrentInstant();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;

        var registered = await db.Tickets
            .Where(t => t.Registered >= start && t.Registered < end)
            .Select(t => new RegisteredFact(t.Number, t.Level, t.Category, t.Received, t.Registered))
            .ToListAsync(cancellationToken);

        var due = await Windows(db.Set<ReactionWindow>().Where(w => w.Deadline.At >= start && w.Deadline.At < end), cancellationToken);
        var claimed = await Windows(db.Set<ReactionWindow>().Where(w => w.ClaimedAt >= start && w.ClaimedAt < end), cancellationToken);

        // Open tickets that are unclaimed (at risk or breached) or were claimed late.
        var open = (await db.Tickets
            .Where(t => Ticket.OpenStatuses.Contains(t.Status) && (t.ReactedAt == null || t.ReactedAt > t.ReactionDeadline.At))
            .Select(t => new { t.Number, t.Level, t.Customer.Organisation, t.HolderName, t.Status, t.ReactionWindowStart, t.ReactionDeadline.At, t.ReactionDeadline.EndOfDay, t.ReactedAt })
            .ToListAsync(cancellationToken))
            .Select(t => new OpenFact(t.Number, t.Level, t.Organisation, t.HolderName, t.Status, t.ReactionWindowStart, Deadline.Restore(t.At, t.EndOfDay), t.ReactedAt))
            .ToList();

        var actions = await (
            from e in db.Set<TicketEvent>()
            join t in db.Tickets on e.TicketId equals t.Id
            where e.At >= start && e.At < end && (e.Kind == TicketEventKind.Resolved || e.Kind == TicketEventKind.Reopened)
            select new ActionFact(t.Number, e.Kind, e.ActorName, e.At)).ToListAsync(cancellationToken);

        var awaiting = (await db.Tickets.Where(t => t.Status == TicketStatus.AwaitingCustomer)
                .Select(t => new { t.Number, t.HolderName, t.AwaitingSince }).ToListAsync(cancellationToken))
            .Select(t => new AwaitingFact(t.Number, t.HolderName, t.AwaitingSince ?? now)).ToList();

        var scores = await db.Tickets.Where(t => t.SatisfactionAt >= start && t.SatisfactionAt < end && t.SatisfactionScore != null)
            .Select(t => new SatisfactionFact(t.Number, t.SatisfactionScore!.Value, t.HolderName)).ToListAsync(cancellationToken);

        var blocked = (await db.Customers.CountAsync(c => c.BlockedAt != null, cancellationToken), await db.BlockedMessages.CountAsync(m => m.At >= start && m.At < end, cancellationToken));
        return DigestCalculator.Compute(day, now, sla.Policy, registered, due, claimed, open, actions, awaiting, scores) with { Blocked = blocked };
    }

    private async Task<List<WindowFact>> Windows(IQueryable<ReactionWindow> windows, CancellationToken cancellationToken) =>
        (await (
            from w in windows
            join t in db.Tickets on w.TicketId equals t.Id
            select new { t.Number, w.Sequence, w.Level, w.Start, w.Deadline.At, w.Deadline.EndOfDay, w.ClaimedAt, w.ClaimedBy })
            .ToListAsync(cancellationToken))
        .Select(w => new WindowFact(w.Number, w.Sequence, w.Level, w.Start, Deadline.Restore(w.At, w.EndOfDay), w.ClaimedAt, w.ClaimedBy))
        .ToList();
}
