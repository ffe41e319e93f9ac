using ChatSupport.Domain.Escalation;
using ChatSupport.Domain.Sla;
using NodaTime;
using static ChatSupport.Tests.Domain.Sla.SlaTestData;

namespace ChatSupport.Tests.Domain.Escalation;

/// <summary>
/// Escalation in Schedule mode: Mon–Fri 09:00-18:00 Europe/Moscow, nothing counted through nights, weekends and
/// holidays. 2026-11-25 is a Wednesday, 2026-11-27 a Friday, 2026-11-30 a Monday.
/// </summary>
public sealed partial class EscalationPolicyTests
{
    private static SlaPolicy Weekdays(params string[] holidays) => new(new CalendarSettings
    {
        TimeZone = "Europe/Moscow",
        Mode = "Schedule",
        Week = new Dictionary<string, string?>
        {
            ["Monday"] = "09:00-18:00",
            ["Tuesday"] = "09:00-18:00",
            ["Wednesday"] = "09:00-18:00",
            ["Thursday"] = "09:00-18:00",
            ["Friday"] = "09:00-18:00",
        },
        Holidays = holidays,
    }.Build(out _));

    [Theory]
    // Friday 16:00: 2 support hours on Friday (16-18) + 2 on Monday (9-11) → deadline Monday 11:00.
    // 50% = 2 h of support time → Friday 18:00 (a count that ends at closing ends there);
    // 80% = 3 h 12 min → 2 h on Friday + 1 h 12 min on Monday → Monday 10:12; the breach is Monday 11:00:01.
    [InlineData("2026-11-27 16:00", "", "2026-11-30 11:00", "2026-11-27 18:00", "2026-11-30 10:12", "2026-11-30 11:00:01")]
    // The same with Monday 30.11 a holiday: Monday counts nothing, everything after Friday moves to Tuesday 01.12.
    [InlineData("2026-11-27 16:00", "2026-11-30", "2026-12-01 11:00", "2026-11-27 18:00", "2026-12-01 10:12", "2026-12-01 11:00:01")]
    // Wednesday 18:30, after hours: counting starts Thursday 09:00 → 50% at 11:00, 80% at 12:12, deadline 13:00.
    [InlineData("2026-11-25 18:30", "", "2026-11-26 13:00", "2026-11-26 11:00", "2026-11-26 12:12", "2026-11-26 13:00:01")]
    // Saturday noon: nothing counts until Monday 09:00.
    [InlineData("2026-11-28 12:00", "", "2026-11-30 13:00", "2026-11-30 11:00", "2026-11-30 12:12", "2026-11-30 13:00:01")]
    // Saturday noon with the Monday a holiday: Tuesday.
    [InlineData("2026-11-28 12:00", "2026-11-30", "2026-12-01 13:00", "2026-12-01 11:00", "2026-12-01 12:12", "2026-12-01 13:00:01")]
    public void Plan_ScheduleMode_Level1_PingsFallOnSupportTime(string registered, string holiday, string deadline, string half, string eighty, string breach)
    {
        var sla = holiday.Length == 0 ? Weekdays() : Weekdays(holiday);
        var start = At(registered);

        var due = sla.ReactionDeadline(PriorityLevel.Critical, start);
        var plan = EscalationPolicy.Default.Plan(sla, PriorityLevel.Critical, start, due);

        Assert.Equal(At(deadline), due.At);
        Assert.Equal(
            [new PlannedPing(0, At(half)), new PlannedPing(1, At(eighty)), new PlannedPing(2, At(breach))],
            plan);
    }

    [Fact]
    public void Plan_ScheduleMode_FridayAfternoon_SupportTimeUsedMatchesEachStep()
    {
        var sla = Weekdays();
        var start = At("2026-11-27 16:00");
        var due = sla.ReactionDeadline(PriorityLevel.Critical, start);

        var plan = EscalationPolicy.Default.Plan(sla, PriorityLevel.Critical, start, due);

        // The 50% ping is Friday 18:00 sharp: 2 of the 4 support hours are used, and it is the closing moment
        // (closed from 18:00 on), not a moment inside the weekend.
        Assert.Equal(Duration.FromHours(2), sla.Calendar.SupportTimeBetween(start, plan[0].At));
        Assert.False(sla.Calendar.IsOpen(plan[0].At));
        Assert.True(sla.Calendar.IsOpen(plan[0].At - Duration.FromSeconds(1)));
        // The 80% ping is inside Monday's hours, 3 h 12 min of support time after registration.
        Assert.True(sla.Calendar.IsOpen(plan[1].At));
        Assert.Equal(Duration.FromMinutes(192), sla.Calendar.SupportTimeBetween(start, plan[1].At));
        // The weekend uses none of the window: on Sunday noon it is still at 50%; on Monday 10:12 at 80%.
        Assert.Equal(0.5, sla.WindowFraction(PriorityLevel.Critical, start, due, At("2026-11-29 12:00")));
        Assert.Equal(0.8, sla.WindowFraction(PriorityLevel.Critical, start, due, At("2026-11-30 10:12")), 9);
    }

    [Fact]
    public void Plan_ScheduleMode_HolidayMonday_NothingFallsOnTheHoliday()
    {
        var sla = Weekdays("2026-11-30");
        var start = At("2026-11-27 16:00");
        var due = sla.ReactionDeadline(PriorityLevel.Critical, start);

        var plan = EscalationPolicy.Default.Plan(sla, PriorityLevel.Critical, start, due);

        var holiday = new LocalDate(2026, 11, 30);
        Assert.DoesNotContain(plan, p => sla.Calendar.DateOf(p.At) == holiday);
        Assert.Equal(Duration.Zero, sla.Calendar.SupportTimeBetween(At("2026-11-30 00:00"), At("2026-12-01 00:00")));
        // Monday's 10:12 would be 80% without the holiday; with it, only Friday's 2 h are used by then.
        Assert.Equal(0.5, sla.WindowFraction(PriorityLevel.Critical, start, due, At("2026-11-30 10:12")));
    }
}
