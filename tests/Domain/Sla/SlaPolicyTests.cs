using ChatSupport.Domain.Sla;
using NodaTime;
using static ChatSupport.Tests.Domain.Sla.SlaTestData;

namespace ChatSupport.Tests.Domain.Sla;

public sealed class SlaPolicyTests
{
    [Theory]
    // RULES.md, level 1: Registered + 4 h (24x7: wall-clock hours).
    [InlineData(1, "2026-11-25 18:30", "2026-11-25T22:30:00+03:00")]
    // RULES.md, level 2: registered 24.11 at 23:50 → end of 25.11; 25.11 at 00:10 → end of 26.11.
    [InlineData(2, "2026-11-24 23:50", "2026-11-25T23:59:59+03:00")]
    [InlineData(2, "2026-11-25 00:10", "2026-11-26T23:59:59+03:00")]
    // RULES.md, level 3: registered 24.11 at 10:00 → end of 27.11.
    [InlineData(3, "2026-11-24 10:00", "2026-11-27T23:59:59+03:00")]
    // The edges of a day.
    [InlineData(1, "2026-11-25 23:59:59", "2026-11-26T03:59:59+03:00")]
    [InlineData(2, "2026-11-25 23:59:59", "2026-11-26T23:59:59+03:00")]
    [InlineData(3, "2026-11-25 23:59:59", "2026-11-28T23:59:59+03:00")]
    [InlineData(1, "2026-11-26 00:00:00", "2026-11-26T04:00:00+03:00")]
    [InlineData(2, "2026-11-26 00:00:00", "2026-11-27T23:59:59+03:00")]
    [InlineData(3, "2026-11-26 00:00:00", "2026-11-29T23:59:59+03:00")]
    // 31 December → the next year.
    [InlineData(1, "2026-12-31 22:00", "2027-01-01T02:00:00+03:00")]
    [InlineData(2, "2026-12-31 12:00", "2027-01-01T23:59:59+03:00")]
    [InlineData(3, "2026-12-30 12:00", "2027-01-02T23:59:59+03:00")]
    // February in a non-leap (2027) and a leap (2028) year.
    [InlineData(2, "2027-02-28 10:00", "2027-03-01T23:59:59+03:00")]
    [InlineData(3, "2027-02-27 10:00", "2027-03-02T23:59:59+03:00")]
    [InlineData(2, "2028-02-28 10:00", "2028-02-29T23:59:59+03:00")]
    [InlineData(2, "2028-02-29 10:00", "2028-03-01T23:59:59+03:00")]
    [InlineData(3, "2028-02-27 10:00", "2028-03-01T23:59:59+03:00")]
    [InlineData(1, "2028-02-28 22:30", "2028-02-29T02:30:00+03:00")]
    public void ReactionDeadline_24x7Moscow_MatchesRegulation(int level, string registered, string expected)
    {
        var deadline = Policy24x7().ReactionDeadline((PriorityLevel)level, At(registered));

        Assert.Equal(expected, Machine(deadline));
    }

    [Theory]
    [InlineData(2, "2026-11-24 23:50")]
    [InlineData(3, "2026-11-24 10:00")]
    public void ReactionDeadline_Levels2And3_AreEndOfCalendarDay(int level, string registered)
    {
        var deadline = Policy24x7().ReactionDeadline((PriorityLevel)level, At(registered));

        Assert.NotNull(deadline.EndOfDay);
        Assert.Equal(new LocalTime(23, 59, 59), deadline.At.InZone(Moscow).TimeOfDay);
    }

    [Fact]
    public void ReactionDeadline_Level1_IsExact()
    {
        var deadline = Policy24x7().ReactionDeadline(PriorityLevel.Critical, At("2026-11-25 18:30"));

        Assert.Null(deadline.EndOfDay);
    }

    [Theory]
    // Europe/Berlin springs forward on 2026-03-29 at 02:00 CET → 03:00 CEST, and falls back on
    // 2026-10-25 at 03:00 CEST → 02:00 CET. Level 1 in 24x7 is 4 real hours either way.
    [InlineData("2026-03-29 00:30", "2026-03-29T05:30:00+02:00")]
    [InlineData("2026-03-28 23:00", "2026-03-29T04:00:00+02:00")]
    [InlineData("2026-10-25 00:30", "2026-10-25T03:30:00+01:00")]
    [InlineData("2026-10-24 22:30", "2026-10-25T02:30:00+02:00")]
    [InlineData("2026-10-24 23:30", "2026-10-25T02:30:00+01:00")]
    public void ReactionDeadline_Level1AcrossDst_IsFourElapsedHours(string registered, string expected)
    {
        var start = At(registered, Berlin);

        var deadline = Policy24x7(Berlin).ReactionDeadline(PriorityLevel.Critical, start);

        Assert.Equal(expected, Machine(deadline, Berlin));
        Assert.Equal(Duration.FromHours(4), deadline.At - start);
    }

    [Theory]
    // Calendar days stay calendar days on DST days: the end of the day is 23:59:59 local.
    [InlineData(2, "2026-03-28 10:00", "2026-03-29T23:59:59+02:00")]
    [InlineData(2, "2026-10-24 10:00", "2026-10-25T23:59:59+01:00")]
    [InlineData(3, "2026-03-27 10:00", "2026-03-30T23:59:59+02:00")]
    public void ReactionDeadline_CalendarDaysAcrossDst_EndAtLocalMidnight(int level, string registered, string expected)
    {
        var deadline = Policy24x7(Berlin).ReactionDeadline((PriorityLevel)level, At(registered, Berlin));

        Assert.Equal(expected, Machine(deadline, Berlin));
    }

    [Theory]
    [InlineData("2026-11-25 18:30", "2026-11-25T19:30:00+03:00")]
    [InlineData("2026-11-25 23:30", "2026-11-26T00:30:00+03:00")]
    public void RegistrationDeadline_24x7_IsOneHour(string received, string expected)
    {
        Assert.Equal(expected, Machine(Policy24x7().RegistrationDeadline(At(received))));
    }

    [Fact]
    public void ReactionDeadline_LevelChange_RecomputesFromOriginalRegistration()
    {
        var policy = Policy24x7();
        var registered = At("2026-11-24 10:00");

        var asLow = policy.ReactionDeadline(PriorityLevel.Low, registered);
        var raised = policy.ReactionDeadline(PriorityLevel.Critical, registered);

        Assert.Equal("2026-11-27T23:59:59+03:00", Machine(asLow));
        Assert.Equal("2026-11-24T14:00:00+03:00", Machine(raised));
    }

    [Fact]
    public void ReactionDeadline_Reopened_OpensNewWindowFromReopening()
    {
        var reopened = At("2026-11-26 09:15");

        var deadline = Policy24x7().ReactionDeadline(PriorityLevel.Medium, reopened);

        Assert.Equal("2026-11-27T23:59:59+03:00", Machine(deadline));
    }

    [Theory]
    [InlineData("2026-11-25 22:30:00", true)]
    [InlineData("2026-11-25 22:29:59", true)]
    [InlineData("2026-11-25 22:30:01", false)]
    public void IsMetBy_ClaimAtDeadline_IsMet(string claimed, bool met)
    {
        var deadline = Policy24x7().ReactionDeadline(PriorityLevel.Critical, At("2026-11-25 18:30"));

        Assert.Equal(met, deadline.IsMetBy(At(claimed)));
        Assert.Equal(met ? Duration.Zero : Duration.FromSeconds(1), deadline.OverdueAt(At(claimed)));
    }

    [Fact]
    public void IsMetBy_EndOfDayWithinLastSecond_IsMet()
    {
        var deadline = Policy24x7().ReactionDeadline(PriorityLevel.Medium, At("2026-11-24 23:50"));
        var lastSecond = At("2026-11-25 23:59:59") + Duration.FromMilliseconds(999);

        Assert.True(deadline.IsMetBy(lastSecond));
        Assert.False(deadline.IsMetBy(At("2026-11-26 00:00:00")));
        Assert.Equal(Duration.FromMinutes(90), deadline.OverdueAt(At("2026-11-26 01:29:59")));
    }

    [Fact]
    public void RegistrationMet_WithinAnHour_IsTrueAndLaterFalse()
    {
        var policy = Policy24x7();
        var received = At("2026-11-25 10:00");

        Assert.True(policy.RegistrationMet(received, At("2026-11-25 11:00")));
        Assert.False(policy.RegistrationMet(received, At("2026-11-25 11:00:01")));
    }

    [Fact]
    public void WindowFraction_Level1InSchedule_CountsOnlySupportHours()
    {
        var policy = new SlaPolicy(Office());
        var registered = At("2026-11-30 16:00"); // Monday; 2 h today + 2 h Tuesday morning → Tue 11:00
        var deadline = policy.ReactionDeadline(PriorityLevel.Critical, registered);

        Assert.Equal("2026-12-01T11:00:00+03:00", Machine(deadline));
        Assert.Equal(0.5, policy.WindowFraction(PriorityLevel.Critical, registered, deadline, At("2026-12-01 08:00")), 2);
        Assert.Equal(0.75, policy.WindowFraction(PriorityLevel.Critical, registered, deadline, At("2026-12-01 10:00")), 2);
    }

    [Theory]
    [InlineData(0.5, "2026-11-25 20:30:00")]
    [InlineData(0.8, "2026-11-25 21:42:00")]
    [InlineData(1.0, "2026-11-25 22:30:01")]
    public void WindowPoint_Level1_SharesOfTheFourHours(double share, string expected)
    {
        var policy = Policy24x7();
        var registered = At("2026-11-25 18:30");

        Assert.Equal(At(expected), policy.WindowPoint(PriorityLevel.Critical, registered, policy.ReactionDeadline(PriorityLevel.Critical, registered), share));
    }

    [Fact]
    public void WindowPoint_Level1InScheduleBeyondTheDeadline_CountsSupportHours()
    {
        var policy = new SlaPolicy(Office());
        var registered = At("2026-11-30 17:00"); // 1 h Monday + 3 h Tuesday → Tue 12:00
        var deadline = policy.ReactionDeadline(PriorityLevel.Critical, registered);

        // 150%: two more support hours after the first overdue second — Tue 14:00:01 (wall-clock would give 21:30:01).
        Assert.Equal(At("2026-12-01 14:00:01"), policy.WindowPoint(PriorityLevel.Critical, registered, deadline, 1.5));
    }

    [Fact]
    public void WindowPoint_Level1InSchedule_SkipsTheNight()
    {
        var policy = new SlaPolicy(Office());
        var registered = At("2026-11-30 16:00"); // 2 h Monday, 2 h Tuesday

        Assert.Equal(At("2026-11-30 18:00"), policy.WindowPoint(PriorityLevel.Critical, registered, policy.ReactionDeadline(PriorityLevel.Critical, registered), 0.5));
    }

    [Fact]
    public void WindowFraction_Level2_IsCalendarTime()
    {
        var policy = Policy24x7();
        var registered = At("2026-11-25 00:00");
        var deadline = policy.ReactionDeadline(PriorityLevel.Medium, registered); // end of 26.11: 48 h

        Assert.Equal(0.5, policy.WindowFraction(PriorityLevel.Medium, registered, deadline, At("2026-11-26 00:00")), 4);
        Assert.Equal(At("2026-11-25 23:59:59") + Duration.FromMilliseconds(500), policy.WindowPoint(PriorityLevel.Medium, registered, deadline, 0.5));
    }
}
