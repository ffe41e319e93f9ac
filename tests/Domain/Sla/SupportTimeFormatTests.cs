using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using NodaTime;
using static ChatSupport.Tests.Domain.Sla.SlaTestData;

namespace ChatSupport.Tests.Domain.Sla;

public sealed class SupportTimeFormatTests
{
    [Fact]
    public void Human_Moscow_ShowsMsk()
    {
        var format = new SupportTimeFormat(Moscow);

        Assert.Equal("25.11.2026 18:30 МСК", format.Human(At("2026-11-25 18:30")));
        Assert.Equal("25 Nov 2026 18:30 MSK", format.Human(At("2026-11-25 18:30"), Language.En));
        Assert.Equal("05.01.2027 09:05 МСК", format.Human(At("2027-01-05 09:05")));
    }

    [Fact]
    public void Human_OtherZone_ShowsOffsetOfThatInstant()
    {
        var format = new SupportTimeFormat(Berlin);

        Assert.Equal("25.11.2026 18:30 UTC+01:00", format.Human(At("2026-11-25 18:30", Berlin)));
        Assert.Equal("25.06.2026 18:30 UTC+02:00", format.Human(At("2026-06-25 18:30", Berlin)));
        Assert.Equal("25.11.2026 18:30 UTC-05:00", new SupportTimeFormat(DateTimeZoneProviders.Tzdb["America/New_York"])
            .Human(At("2026-11-25 18:30", DateTimeZoneProviders.Tzdb["America/New_York"])));
        Assert.Equal("25.11.2026 18:30 UTC+05:30", new SupportTimeFormat(DateTimeZoneProviders.Tzdb["Asia/Kolkata"])
            .Human(At("2026-11-25 18:30", DateTimeZoneProviders.Tzdb["Asia/Kolkata"])));
    }

    [Fact]
    public void Due_EndOfDay_ReadsAsEndOfDay()
    {
        var format = new SupportTimeFormat(Moscow);
        var deadline = Policy24x7().ReactionDeadline(PriorityLevel.Medium, At("2026-11-25 10:00"));

        Assert.Equal("до конца 26.11.2026 (МСК)", format.Due(deadline));
        Assert.Equal("by end of 26 Nov 2026 (MSK)", format.Due(deadline, Language.En));
    }

    [Fact]
    public void Due_Exact_ReadsWithTime()
    {
        var format = new SupportTimeFormat(Moscow);
        var deadline = Policy24x7().ReactionDeadline(PriorityLevel.Critical, At("2026-11-25 18:30"));

        Assert.Equal("до 25.11.2026 22:30 МСК", format.Due(deadline));
        Assert.Equal("by 25 Nov 2026 22:30 MSK", format.Due(deadline, Language.En));
    }

    [Fact]
    public void Due_EndOfDayElsewhere_ShowsOffset()
    {
        var deadline = Policy24x7(Berlin).ReactionDeadline(PriorityLevel.Medium, At("2026-11-25 10:00", Berlin));

        Assert.Equal("до конца 26.11.2026 (UTC+01:00)", new SupportTimeFormat(Berlin).Due(deadline));
    }

    [Fact]
    public void Machine_IsIsoWithOffset()
    {
        Assert.Equal("2026-11-25T18:30:00+03:00", new SupportTimeFormat(Moscow).Machine(At("2026-11-25 18:30")));
    }

    [Theory]
    [InlineData("2026-11-25T18:30:00+03:00", "2026-11-25 18:30")]
    [InlineData("2026-11-25T15:30:00Z", "2026-11-25 18:30")]
    [InlineData("2026-11-25T15:30Z", "2026-11-25 18:30")]
    [InlineData("2026-11-25T18:30:00.250+03:00", "2026-11-25 18:30")]
    [InlineData("2026-11-25 18:30:00+03:00", "2026-11-25 18:30")]
    [InlineData("2026-11-25T18:30", "2026-11-25 18:30")]
    [InlineData(" 2026-11-25T18:30:00 ", "2026-11-25 18:30")]
    public void TryParseInstant_AcceptedForms_Parse(string text, string moscowLocal)
    {
        Assert.True(new SupportTimeFormat(Moscow).TryParseInstant(text, out var instant, out _));
        Assert.Equal(At(moscowLocal), Deadline.TruncateToSecond(instant));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("25.11.2026 18:30")]
    public void TryParseInstant_Garbage_ExplainsTheForm(string text)
    {
        Assert.False(new SupportTimeFormat(Moscow).TryParseInstant(text, out _, out var problem));
        Assert.Contains("2026-11-25T18:30:00+03:00", problem);
    }

    [Theory]
    [InlineData("2026-03-29T02:30", "skipped")]
    [InlineData("2026-10-25T02:30", "twice")]
    public void TryParseInstant_LocalTimeAtDstJump_IsRefused(string text, string problem)
    {
        Assert.False(new SupportTimeFormat(Berlin).TryParseInstant(text, out _, out var message));
        Assert.Contains(problem, message);
    }

    [Theory]
    [InlineData(0, "0 мин")]
    [InlineData(59, "59 мин")]
    [InlineData(125, "2 ч 05 мин")]
    [InlineData(47 * 60, "47 ч 00 мин")]
    [InlineData(50 * 60 + 10, "2 д 2 ч")]
    [InlineData(-90, "1 ч 30 мин")]
    public void Span_Russian_ReadsNaturally(int minutes, string expected)
    {
        Assert.Equal(expected, SupportTimeFormat.Span(Duration.FromMinutes(minutes)));
    }
}
