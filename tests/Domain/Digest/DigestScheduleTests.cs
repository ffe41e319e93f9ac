using ChatSupport.Domain.Digest;
using ChatSupport.Tests.Domain.Sla;
using NodaTime;

namespace ChatSupport.Tests.Domain.Digest;

public sealed class DigestScheduleTests
{
    private static readonly DigestSchedule Moscow = new(SlaTestData.Moscow, new LocalTime(9, 0));

    [Theory]
    [InlineData("2026-11-25T08:59:59Z", "2026-11-26T06:00:00Z")] // 11:59:59 МСК: tomorrow 09:00
    [InlineData("2026-11-26T05:59:59Z", "2026-11-26T06:00:00Z")] // 08:59:59 МСК: this morning
    [InlineData("2026-11-26T06:00:00Z", "2026-11-27T06:00:00Z")] // exactly 09:00: the next is strictly after
    [InlineData("2026-12-31T20:45:00Z", "2027-01-01T06:00:00Z")] // 23:45 on New Year's Eve
    public void NextRun_InMoscow(string after, string expected) =>
        Assert.Equal(InstantPattern(expected), Moscow.NextRun(InstantPattern(after)));

    [Fact]
    public void NextRun_OnDstDays_InBerlin_IsTheLocalTime_AndASkippedOneMovesForward()
    {
        var nine = new DigestSchedule(SlaTestData.Berlin, new LocalTime(9, 0));
        Assert.Equal(InstantPattern("2027-03-28T07:00:00Z"), nine.NextRun(InstantPattern("2027-03-27T09:00:00Z"))); // CEST from 02:00
        Assert.Equal(InstantPattern("2027-10-31T08:00:00Z"), nine.NextRun(InstantPattern("2027-10-30T09:00:00Z"))); // CET again

        var halfPastTwo = new DigestSchedule(SlaTestData.Berlin, new LocalTime(2, 30));
        // 02:30 does not exist on 28.03.2027 (02:00 → 03:00): 03:30 CEST, the same instant as 01:30 UTC.
        Assert.Equal(InstantPattern("2027-03-28T01:30:00Z"), halfPastTwo.NextRun(InstantPattern("2027-03-27T12:00:00Z")));
        // 02:30 happens twice on 31.10.2027: the first (CEST, 00:30 UTC).
        Assert.Equal(InstantPattern("2027-10-31T00:30:00Z"), halfPastTwo.NextRun(InstantPattern("2027-10-30T12:00:00Z")));
    }

    [Theory]
    [InlineData("2026-11-26T05:59:00Z", "2026-11-24")] // before 09:00 on 26.11: 25.11 is not due yet
    [InlineData("2026-11-26T06:00:00Z", "2026-11-25")]
    [InlineData("2026-11-26T20:00:00Z", "2026-11-25")]
    public void LastDueDay_IsYesterdayOnlyFromTheRunTime(string now, string day) =>
        Assert.Equal(NodaTime.Text.LocalDatePattern.Iso.Parse(day).Value, Moscow.LastDueDay(InstantPattern(now)));

    private static Instant InstantPattern(string text) => NodaTime.Text.InstantPattern.ExtendedIso.Parse(text).Value;
}
