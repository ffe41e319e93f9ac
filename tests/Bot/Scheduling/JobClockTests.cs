using ChatSupport.Bot.Scheduling;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NodaTime;
using Quartz;

namespace ChatSupport.Tests.Bot.Scheduling;

/// <summary>A trigger fired early by batch acquisition runs as at its own time; any other runs at the clock's.</summary>
public sealed class JobClockTests
{
    private static readonly DateTimeOffset Clock = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(150, 150)]   // taken early into a batch: its own time
    [InlineData(200, 200)]   // the whole fire-ahead window
    [InlineData(1_000, 0)]   // further ahead than any batch takes: the clock (not a batch; never pretend)
    [InlineData(-5_000, 0)]  // late (a misfire, a busy pool): the clock, so lateness shows
    [InlineData(0, 0)]
    public void Now_IsTheScheduledTime_OnlyWithinTheFireAheadWindow(int scheduledAfterMs, int expectedAfterMs)
    {
        var context = new Mock<IJobExecutionContext>();
        context.SetupGet(c => c.ScheduledFireTimeUtc).Returns(Clock.AddMilliseconds(scheduledAfterMs));
        context.SetupGet(c => c.FireTimeUtc).Returns(Clock);

        var now = JobClock.Now(new FakeTimeProvider(Clock), context.Object);

        Assert.Equal(Instant.FromDateTimeOffset(Clock.AddMilliseconds(expectedAfterMs)), now);
    }
}
