using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

/// <summary>
/// Every morning at <c>Support:Digest:Time</c> (provider's zone, TZDB): the SLA digest of the days not yet sent —
/// yesterday, or after downtime every day missed — to the managers' chat, exactly once each (the last day sent is a
/// counter written in the same transaction). Then it arms itself for the next morning.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DailyDigestJob(DigestService digests, TicketNotifier notify, SupportDbContext db, OutboxSignal signal, SlaSetup sla, SchedulingOptions options, StaffStore staffList, TimeProvider time) : IJob
{
    public static readonly JobKey Key = new("daily-digest", "maintenance");

    public static readonly TriggerKey Trigger = new("daily-digest", "maintenance");

    /// <summary>The last day whose digest went out, as a day number (days since 0001-01-01; a counter row).</summary>
    public const string LastDayCounter = "digest-last-day";

    /// <summary>After a long outage only the last week's digests are sent, not a month of them.</summary>
    private const int MaxCatchUpDays = 7;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await staffList.RefreshAsync(db, cancellationToken);
        var schedule = new DigestSchedule(sla.Policy.Calendar.Zone, options.DigestTime);
        var now = JobClock.Now(time, context);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var due = schedule.LastDueDay(now);
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
            var counter = await Counter.EnsureAsync(db, LastDayCounter, DayNumber(due.PlusDays(-1)), cancellationToken);
            var first = FromDayNumber(Math.Max(counter.Value + 1, DayNumber(due.PlusDays(-(MaxCatchUpDays - 1)))));

            // A month that ended while the bot was down longer than the week of digests it catches up: its report still goes.
            var unsent = FromDayNumber(counter.Value + 1);
            for (var month = new YearMonth(unsent.Year, unsent.Month); LastDay(month) < first; month = month.PlusMonths(1))
            {
                if (LastDay(month) >= unsent && LastDay(month) > due.PlusMonths(-MaxCatchUpMonths))
                {
                    await SendMonthlyAsync(month, cancellationToken);
                }
            }
            for (var day = first; day <= due; day = day.PlusDays(1))
            {
                var digest = await digests.ComputeAsync(day, cancellationToken);
                // The chart with the digest as its caption (the start of it, within Telegram's 1,024 characters; the rest after).
                notify.ToManagersWithChart(ChartFiles.Png(day, notify.GroupLanguage), l => DigestTexts.Render(digest, sla.Format, l));
                if (day.PlusDays(1).Day == 1)
                {
                    // The 1st: the month that just ended, against the one before, with every day of it on the chart.
                    await SendMonthlyAsync(new YearMonth(day.Year, day.Month), cancellationToken);
                }

                counter.Value = DayNumber(day);
            }

            if (first <= due && sla.MissingCalendarYear(sla.Policy.Calendar.DateOf(now)) is { } year)
            {
                // Every morning until someone adds next year's holidays: deadlines past New Year would be computed without them.
                notify.ToManagers(l => Reply.Plain(CalendarTexts.Missing(year, l)));
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        signal.Notify();
        await ArmAsync(context.Scheduler, schedule.NextRun(now), cancellationToken);
    }

    /// <summary>After a very long outage, the reports of at most this many months are sent.</summary>
    private const int MaxCatchUpMonths = 3;

    private async Task SendMonthlyAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var report = await digests.MonthlyAsync(month, cancellationToken);
        notify.ToManagersWithChart(ChartFiles.MonthPng(month, notify.GroupLanguage), l => MonthlyTexts.Render(report, l));
    }

    private static LocalDate LastDay(YearMonth month) => month.OnDayOfMonth(month.Calendar.GetDaysInMonth(month.Year, month.Month));

    public static long DayNumber(LocalDate day) => day.ToDateOnly().DayNumber;

    private static LocalDate FromDayNumber(long number) => LocalDate.FromDateOnly(DateOnly.FromDayNumber(checked((int)number)));

    /// <summary>(Re)places the one-shot trigger of the next run.</summary>
    public static async Task ArmAsync(IScheduler scheduler, Instant at, CancellationToken cancellationToken)
    {
        var trigger = TriggerBuilder.Create()
            .WithIdentity(Trigger)
            .ForJob(Key)
            .StartAt(at.ToDateTimeOffset())
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }
}
