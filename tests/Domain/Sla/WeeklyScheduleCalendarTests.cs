using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using NodaTime;
using static ChatSupport.Tests.Domain.Sla.SlaTestData;

namespace ChatSupport.Tests.Domain.Sla;

/// <summary>
/// The office calendar (<see cref="SlaTestData.Office"/>): Mon–Thu 09:00-18:00, Fri 09:00-13:00 and 14:00-18:00,
/// weekend off, Mon 2026-12-07 a holiday, Sat 2026-12-12 an extra working day 10:00-15:00.
/// 2026-11-27 and 2026-12-04 are Fridays.
/// </summary>
public sealed class WeeklyScheduleCalendarTests
{
    [Theory]
    // Within a day.
    [InlineData("2026-11-30 10:00", 4, "2026-11-30T14:00:00+03:00")]
    // A count that ends exactly at closing ends at closing, not at the next opening.
    [InlineData("2026-11-30 14:00", 4, "2026-11-30T18:00:00+03:00")]
    // Over the night.
    [InlineData("2026-11-30 17:00", 4, "2026-12-01T12:00:00+03:00")]
    // Before opening: counting starts at the opening.
    [InlineData("2026-11-30 06:00", 4, "2026-11-30T13:00:00+03:00")]
    // Friday's lunch break does not count; ending at the break's start ends there.
    [InlineData("2026-11-27 11:00", 2, "2026-11-27T13:00:00+03:00")]
    [InlineData("2026-11-27 11:00", 3, "2026-11-27T15:00:00+03:00")]
    [InlineData("2026-11-27 13:30", 1, "2026-11-27T15:00:00+03:00")]
    // Across the weekend: Friday 16:00 + 4 h → Monday 11:00.
    [InlineData("2026-11-27 16:00", 4, "2026-11-30T11:00:00+03:00")]
    // Registered on Sunday: Monday's opening + 4 h.
    [InlineData("2026-11-29 12:00", 4, "2026-11-30T13:00:00+03:00")]
    // Across the weekend into the holiday Monday 07.12: Friday 04.12 17:00 + 4 h → Tuesday 08.12 12:00.
    [InlineData("2026-12-04 17:00", 4, "2026-12-08T12:00:00+03:00")]
    // The extra working Saturday 12.12 (10:00-15:00) counts: Friday 11.12 17:00 + 4 h → Saturday 13:00.
    [InlineData("2026-12-11 17:00", 4, "2026-12-12T13:00:00+03:00")]
    // … and ending at its closing: Saturday 11:00 + 4 h → 15:00 exactly.
    [InlineData("2026-12-12 11:00", 4, "2026-12-12T15:00:00+03:00")]
    [InlineData("2026-12-12 11:00", 5, "2026-12-14T10:00:00+03:00")]
    public void AddSupportTime_Office_SkipsClosedTime(string start, int hours, string expected)
    {
        var result = Office().AddSupportTime(At(start), Duration.FromHours(hours));

        Assert.Equal(expected, new SupportTimeFormat(Moscow).Machine(result));
    }

    [Fact]
    public void AddSupportTime_StartAtClosing_StartsAtNextOpening()
    {
        var result = Office().AddSupportTime(At("2026-11-30 18:00"), Duration.FromHours(1));

        Assert.Equal(At("2026-12-01 10:00"), result);
    }

    [Fact]
    public void AddSupportTime_Zero_OutsideHours_IsNextOpening()
    {
        Assert.Equal(At("2026-11-30 09:00"), Office().AddSupportTime(At("2026-11-28 12:00"), Duration.Zero));
    }

    [Theory]
    [InlineData("2026-11-30 08:59", false)]
    [InlineData("2026-11-30 09:00", true)]
    [InlineData("2026-11-30 17:59", true)]
    [InlineData("2026-11-30 18:00", false)]
    [InlineData("2026-11-27 13:30", false)]
    [InlineData("2026-11-28 12:00", false)]
    [InlineData("2026-12-07 12:00", false)]
    [InlineData("2026-12-12 12:00", true)]
    public void IsOpen_Office_FollowsSchedule(string at, bool open)
    {
        Assert.Equal(open, Office().IsOpen(At(at)));
    }

    [Fact]
    public void SupportTimeBetween_OverWeekendAndHoliday_CountsOnlyHours()
    {
        // Fri 04.12 17:00 → Tue 08.12 12:00: 1 h Friday + 3 h Tuesday; the weekend and the holiday count nothing.
        var between = Office().SupportTimeBetween(At("2026-12-04 17:00"), At("2026-12-08 12:00"));

        Assert.Equal(Duration.FromHours(4), between);
    }

    [Fact]
    public void RegistrationDeadline_Schedule_IsOneSupportHour()
    {
        var policy = new SlaPolicy(Office());

        Assert.Equal("2026-11-30T10:00:00+03:00", Machine(policy.RegistrationDeadline(At("2026-11-29 23:00"))));
        Assert.Equal("2026-12-01T09:30:00+03:00", Machine(policy.RegistrationDeadline(At("2026-11-30 17:30"))));
    }

    [Fact]
    public void ReactionDeadline_Levels2And3_IgnoreTheSchedule()
    {
        var policy = new SlaPolicy(Office());

        // Registered on Friday evening: level 2 is still due by the end of Saturday.
        Assert.Equal("2026-11-28T23:59:59+03:00", Machine(policy.ReactionDeadline(PriorityLevel.Medium, At("2026-11-27 20:00"))));
        Assert.Equal("2026-11-30T23:59:59+03:00", Machine(policy.ReactionDeadline(PriorityLevel.Low, At("2026-11-27 20:00"))));
    }

    [Theory]
    // Berlin, 09:00-18:00 every day. On 29.03 (spring forward at 02:00) and 25.10 (fall back at 03:00)
    // the office hours lie outside the jump: still 9 h.
    [InlineData("2026-03-29 09:00", 9, "2026-03-29T18:00:00+02:00")]
    [InlineData("2026-10-25 09:00", 9, "2026-10-25T18:00:00+01:00")]
    // Saturday 17:00 CET + 2 h → Sunday 10:00 CEST.
    [InlineData("2026-03-28 17:00", 2, "2026-03-29T10:00:00+02:00")]
    public void AddSupportTime_BerlinScheduleAcrossDst_CountsLocalHours(string start, int hours, string expected)
    {
        var calendar = DailyCalendar(Berlin, "09:00-18:00");

        var result = calendar.AddSupportTime(At(start, Berlin), Duration.FromHours(hours));

        Assert.Equal(expected, new SupportTimeFormat(Berlin).Machine(result));
    }

    [Fact]
    public void SupportTimeBetween_NightShiftOnDstDays_CountsRealTime()
    {
        // A night shift 00:00-06:00 every day: on 29.03 it is 5 real hours, on 25.10 it is 7.
        var calendar = DailyCalendar(Berlin, "00:00-06:00");
        var spring = Berlin.AtStartOfDay(new LocalDate(2026, 3, 29)).ToInstant();
        var autumn = Berlin.AtStartOfDay(new LocalDate(2026, 10, 25)).ToInstant();

        Assert.Equal(Duration.FromHours(5), calendar.SupportTimeBetween(spring, spring + Duration.FromHours(12)));
        Assert.Equal(Duration.FromHours(7), calendar.SupportTimeBetween(autumn, autumn + Duration.FromHours(12)));
    }

    [Fact]
    public void AddSupportTime_RangeInsideSkippedHour_CountsNothing()
    {
        // 02:00-03:00 does not exist in Berlin on 29.03: that day gives no support time.
        var calendar = DailyCalendar(Berlin, "02:00-03:00");

        var result = calendar.AddSupportTime(At("2026-03-28 12:00", Berlin), Duration.FromMinutes(30));

        Assert.Equal("2026-03-30T02:30:00+02:00", new SupportTimeFormat(Berlin).Machine(result));
    }

    [Fact]
    public void AddSupportTime_UntilMidnightRanges_AreContinuous()
    {
        var calendar = DailyCalendar(Moscow, "00:00-24:00");
        var start = At("2026-11-25 22:00");

        Assert.Equal(start + Duration.FromHours(30), calendar.AddSupportTime(start, Duration.FromHours(30)));
    }

    [Fact]
    public void AddSupportTime_HolidaysCoverEverything_ThrowsInsteadOfLooping()
    {
        var holidays = Enumerable.Range(0, 4 * 366).Select(i => new LocalDate(2027, 1, 1).PlusDays(i).ToString("yyyy-MM-dd", null)).ToList();
        var calendar = new CalendarSettings
        {
            Mode = "Schedule",
            Week = new Dictionary<string, string?> { ["Monday"] = "09:00-18:00" },
            Holidays = holidays,
        }.Build(out _);

        Assert.Throws<InvalidOperationException>(() => calendar.AddSupportTime(At("2026-12-31 20:00"), Duration.FromHours(1)));
    }

    internal static SupportCalendar DailyCalendar(DateTimeZone zone, string ranges) => new CalendarSettings
    {
        TimeZone = zone.Id,
        Mode = "Schedule",
        Week = Enum.GetNames<IsoDayOfWeek>().Where(n => n != "None").ToDictionary(n => n, _ => (string?)ranges),
    }.Build(out _);
}
