using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Sla;

namespace ChatSupport.Tests.Domain.Sla;

public sealed class CalendarSettingsTests
{
    [Fact]
    public void Build_Defaults_Is24x7Moscow()
    {
        var calendar = new CalendarSettings().Build(out var warnings);

        Assert.IsType<AlwaysOpenCalendar>(calendar);
        Assert.Equal("Europe/Moscow", calendar.Zone.Id);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Build_24x7WithSchedule_WarnsThatItIsIgnored()
    {
        var calendar = new CalendarSettings { Week = new Dictionary<string, string?> { ["Monday"] = "09:00-18:00" } }.Build(out var warnings);

        Assert.IsType<AlwaysOpenCalendar>(calendar);
        Assert.Single(warnings);
    }

    [Theory]
    [InlineData("Mars/Olympus", "Support:TimeZone", "Mars/Olympus")]
    [InlineData("MSK", "Support:TimeZone", "MSK")]
    public void Build_UnknownZone_NamesKeyAndValue(string zone, string key, string value)
    {
        var ex = Assert.Throws<SupportConfigurationException>(() => new CalendarSettings { TimeZone = zone }.Build(out _));

        Assert.Equal(key, ex.Key);
        Assert.Equal(value, ex.Value);
        Assert.Contains($"{key} = \"{value}\"", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("18:00-09:00", "ends before it starts")]
    [InlineData("09:00-09:00", "ends before it starts")]
    [InlineData("09:00-13:00,12:00-18:00", "overlap")]
    [InlineData("09:00-24:00,10:00-11:00", "overlap")]
    [InlineData("9-18", "is not a range")]
    [InlineData("09:00-25:00", "is not a range")]
    [InlineData("09:60-18:00", "is not a range")]
    [InlineData("24:00-24:00", "is not a range")]
    [InlineData("09:00-13:00,,14:00-18:00", "empty range")]
    [InlineData("09:00", "is not a range")]
    public void Build_BadRange_NamesTheWeekday(string ranges, string problem)
    {
        var settings = new CalendarSettings
        {
            Mode = "Schedule",
            Week = new Dictionary<string, string?> { ["Monday"] = "09:00-18:00", ["Tuesday"] = ranges },
        };

        var ex = Assert.Throws<SupportConfigurationException>(() => settings.Build(out _));

        Assert.Equal("Support:Calendar:Week:Tuesday", ex.Key);
        Assert.Equal(ranges, ex.Value);
        Assert.Contains(problem, ex.Message);
    }

    [Theory]
    [InlineData("09:00-13:00,13:00-18:00")]
    [InlineData("00:00-24:00")]
    [InlineData(" 14:00-18:00 , 09:00-13:00 ")]
    public void Build_GoodRanges_AreAccepted(string ranges)
    {
        var settings = new CalendarSettings { Mode = "schedule", Week = new Dictionary<string, string?> { ["monday"] = ranges } };

        Assert.IsType<WeeklyScheduleCalendar>(settings.Build(out _));
    }

    [Fact]
    public void Build_ScheduleWithoutHours_IsRefused()
    {
        var settings = new CalendarSettings
        {
            Mode = "Schedule",
            Week = new Dictionary<string, string?> { ["Monday"] = "", ["Sunday"] = null },
            ExtraWorkingDays = new Dictionary<string, string?> { ["2027-01-09"] = "09:00-18:00" },
        };

        var ex = Assert.Throws<SupportConfigurationException>(() => settings.Build(out _));

        Assert.Equal("Support:Calendar:Week", ex.Key);
    }

    [Fact]
    public void Build_DateBothHolidayAndExtraDay_NamesTheDate()
    {
        var settings = new CalendarSettings
        {
            Mode = "Schedule",
            Week = new Dictionary<string, string?> { ["Monday"] = "09:00-18:00" },
            Holidays = ["2027-01-01", "2027-01-09"],
            ExtraWorkingDays = new Dictionary<string, string?> { ["2027-01-09"] = "09:00-18:00" },
        };

        var ex = Assert.Throws<SupportConfigurationException>(() => settings.Build(out _));

        Assert.Contains("2027-01-09", ex.Message);
        Assert.Equal("Support:Calendar:ExtraWorkingDays:2027-01-09", ex.Key);
    }

    [Theory]
    [InlineData("Weekly", "Support:Calendar:Mode")]
    public void Build_UnknownMode_IsRefused(string mode, string key)
    {
        var ex = Assert.Throws<SupportConfigurationException>(() => new CalendarSettings { Mode = mode }.Build(out _));

        Assert.Equal(key, ex.Key);
    }

    [Theory]
    [InlineData("Mon")]
    [InlineData("1")]
    [InlineData("None")]
    [InlineData("Понедельник")]
    public void Build_UnknownWeekday_IsRefused(string day)
    {
        var settings = new CalendarSettings { Mode = "Schedule", Week = new Dictionary<string, string?> { [day] = "09:00-18:00" } };

        var ex = Assert.Throws<SupportConfigurationException>(() => settings.Build(out _));

        Assert.Equal($"Support:Calendar:Week:{day}", ex.Key);
    }

    [Theory]
    [InlineData("01.01.2027")]
    [InlineData("2027-02-30")]
    [InlineData("")]
    public void Build_BadHoliday_NamesItsIndex(string date)
    {
        var settings = new CalendarSettings
        {
            Mode = "Schedule",
            Week = new Dictionary<string, string?> { ["Monday"] = "09:00-18:00" },
            Holidays = ["2027-01-01", date],
        };

        var ex = Assert.Throws<SupportConfigurationException>(() => settings.Build(out _));

        Assert.Equal("Support:Calendar:Holidays:1", ex.Key);
    }

    [Fact]
    public void Build_ExtraDayWithoutHours_IsRefused()
    {
        var settings = new CalendarSettings
        {
            Mode = "Schedule",
            Week = new Dictionary<string, string?> { ["Monday"] = "09:00-18:00" },
            ExtraWorkingDays = new Dictionary<string, string?> { ["2027-01-09"] = "" },
        };

        Assert.Throws<SupportConfigurationException>(() => settings.Build(out _));
    }
}
