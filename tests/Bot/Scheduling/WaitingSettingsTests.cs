using ChatSupport.Bot.Scheduling;
using ChatSupport.Domain.Configuration;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace ChatSupport.Tests.Bot.Scheduling;

public sealed class WaitingSettingsTests
{
    [Fact]
    public void Defaults_AreADayAndFiveDays()
    {
        var options = SchedulingOptions.FromConfiguration(Config([]));

        Assert.Equal(Duration.FromDays(1), options.WaitingRemindAfter);
        Assert.Equal(Duration.FromDays(5), options.WaitingCloseAfter);
    }

    [Fact]
    public void Configured_AreRead()
    {
        var options = SchedulingOptions.FromConfiguration(Config(new() { ["Support:Waiting:RemindAfter"] = "08:00:00", ["Support:Waiting:CloseAfter"] = "3.00:00:00" }));

        Assert.Equal(Duration.FromHours(8), options.WaitingRemindAfter);
        Assert.Equal(Duration.FromDays(3), options.WaitingCloseAfter);
    }

    [Theory]
    [InlineData("2.00:00:00", "1.00:00:00", "Support:Waiting:CloseAfter", "must be longer than Support:Waiting:RemindAfter (2.00:00:00)")]
    [InlineData(null, "12:00:00", "Support:Waiting:CloseAfter", "must be longer than Support:Waiting:RemindAfter (1.00:00:00)")]
    [InlineData("soon", null, "Support:Waiting:RemindAfter", "expected a duration from 00:10:00 to 30.00:00:00")]
    [InlineData(null, "-1.00:00:00", "Support:Waiting:CloseAfter", "expected a duration from 01:00:00 to 90.00:00:00")]
    public void Wrong_StopsTheStartNamingTheKey(string? remind, string? close, string key, string why)
    {
        var ex = Assert.Throws<SupportConfigurationException>(() => SchedulingOptions.FromConfiguration(
            Config(new() { ["Support:Waiting:RemindAfter"] = remind, ["Support:Waiting:CloseAfter"] = close })));

        Assert.Equal(key, ex.Key);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
