using ChatSupport.Domain.Escalation;
using ChatSupport.Domain.Sla;
using NodaTime;
using static ChatSupport.Tests.Domain.Sla.SlaTestData;

namespace ChatSupport.Tests.Domain.Escalation;

/// <summary>When steps fire (24x7, Moscow): shares of the window, offsets from the deadline, and the plan's order.</summary>
public sealed partial class EscalationPolicyTests
{
    private static readonly SlaPolicy Sla24x7 = Policy24x7();

    private static EscalationStep Step(string at) => ParseOne(at);

    [Theory]
    [InlineData("50%", false)]
    [InlineData("99.9%", false)]
    [InlineData("100%", true)]
    [InlineData("150%", true)]
    [InlineData("-00:30:00", false)]
    [InlineData("-00:00:01", false)]
    // The first second after the deadline and later are breaches.
    [InlineData("00:00:00", true)]
    [InlineData("00:15:00", true)]
    [InlineData("+01:00:00", true)]
    public void IsBreach_AtOrAfterTheDeadline(string at, bool breach)
    {
        Assert.Equal(breach, Step(at).IsBreach);
    }

    [Theory]
    // Level 1 registered 25.11.2026 18:30 МСК: deadline 22:30:00, the first overdue second 22:30:01.
    // An offset step fires at deadline + 1 s + offset.
    [InlineData(1, "2026-11-25 18:30", "-00:30:00", "2026-11-25 22:00:01")]
    [InlineData(1, "2026-11-25 18:30", "00:00:00", "2026-11-25 22:30:01")]
    [InlineData(1, "2026-11-25 18:30", "00:15:00", "2026-11-25 22:45:01")]
    [InlineData(1, "2026-11-25 18:30", "+01:00:00", "2026-11-25 23:30:01")]
    // Level 2 registered 25.11 10:00: deadline the end of 26.11 (23:59:59); half an hour before is 23:30:00,
    // an hour after is 27.11 01:00:00.
    [InlineData(2, "2026-11-25 10:00", "-00:30:00", "2026-11-26 23:30:00")]
    [InlineData(2, "2026-11-25 10:00", "+01:00:00", "2026-11-27 01:00:00")]
    // Shares of the level 1 window (4 h): 50% = 2 h in, 80% = 3 h 12 min in, 100% = the first overdue second,
    // 150% = the first overdue second + 2 h.
    [InlineData(1, "2026-11-25 18:30", "50%", "2026-11-25 20:30:00")]
    [InlineData(1, "2026-11-25 18:30", "80%", "2026-11-25 21:42:00")]
    [InlineData(1, "2026-11-25 18:30", "100%", "2026-11-25 22:30:01")]
    [InlineData(1, "2026-11-25 18:30", "150%", "2026-11-26 00:30:01")]
    // Level 2 registered 25.11 00:00:01: the window to 26.11 23:59:59 is 47:59:58; half of it is 23:59:59.
    [InlineData(2, "2026-11-25 00:00:01", "50%", "2026-11-26 00:00:00")]
    public void FireTime_PercentOrOffset_FromTheWindowAndDeadline(int level, string registered, string at, string expected)
    {
        var start = At(registered);
        var deadline = Sla24x7.ReactionDeadline((PriorityLevel)level, start);

        var fires = EscalationPolicy.Default.FireTime(Sla24x7, (PriorityLevel)level, start, deadline, Step(at));

        Assert.Equal(At(expected), fires);
    }

    [Fact]
    public void FireTime_Level2At75Percent_IsCalendarTime()
    {
        // 25.11 00:00:01 → end of 26.11 (23:59:59): 172 798 s; 75% is 129 598.5 s = 35 h 59 min 58.5 s,
        // so 26.11 11:59:59.5 — calendar time, to the nanosecond.
        var start = At("2026-11-25 00:00:01");
        var deadline = Sla24x7.ReactionDeadline(PriorityLevel.Medium, start);

        var fires = EscalationPolicy.Default.FireTime(Sla24x7, PriorityLevel.Medium, start, deadline, Step("75%"));

        Assert.Equal(At("2026-11-26 11:59:59") + Duration.FromMilliseconds(500), fires);
    }

    [Fact]
    public void Plan_OrdersByTime_ThenByStep()
    {
        var policy = EscalationPolicy.Parse(
            [
                ("Support:Escalation:Steps:0", "+01:00:00", "Managers", null),
                ("Support:Escalation:Steps:1", "100%", "Duty,Managers", null),
                ("Support:Escalation:Steps:2", "50%", null, null),
                ("Support:Escalation:Steps:3", "-00:30:00", null, "true"),
                ("Support:Escalation:Steps:4", "00:00:00", "Duty", null),
            ],
            RepeatKey,
            null);
        var start = At("2026-11-25 18:30");
        var deadline = Sla24x7.ReactionDeadline(PriorityLevel.Critical, start);

        var plan = policy.Plan(Sla24x7, PriorityLevel.Critical, start, deadline);

        // Deadline 22:30:00. Step 2 (50%) 20:30:00; step 3 (−30 min) 22:00:01; steps 1 (100%) and 4 (+0) both
        // 22:30:01, so by index; step 0 (+1 h) 23:30:01.
        Assert.Equal(
            [
                new PlannedPing(2, At("2026-11-25 20:30")),
                new PlannedPing(3, At("2026-11-25 22:00:01")),
                new PlannedPing(1, At("2026-11-25 22:30:01")),
                new PlannedPing(4, At("2026-11-25 22:30:01")),
                new PlannedPing(0, At("2026-11-25 23:30:01")),
            ],
            plan);
        Assert.Equal(["s2", "s3", "s1", "s4", "s0"], plan.Select(p => p.Key));
    }

    [Fact]
    public void Plan_Default_Level1In24x7_At50And80And100Percent()
    {
        var start = At("2026-11-25 18:30");
        var deadline = Sla24x7.ReactionDeadline(PriorityLevel.Critical, start);

        var plan = EscalationPolicy.Default.Plan(Sla24x7, PriorityLevel.Critical, start, deadline);

        Assert.Equal(
            [
                new PlannedPing(0, At("2026-11-25 20:30")),
                new PlannedPing(1, At("2026-11-25 21:42")),
                new PlannedPing(2, At("2026-11-25 22:30:01")),
            ],
            plan);
    }
}
