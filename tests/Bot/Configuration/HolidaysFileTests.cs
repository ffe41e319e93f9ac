using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Sla;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace ChatSupport.Tests.Bot.Configuration;

/// <summary>Support:Calendar:HolidaysFile — a production calendar as iCalendar — read, merged with the configured lists, and its coverage.</summary>
public sealed class HolidaysFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ical-").FullName;

    /// <summary>Russia's 2027 New Year holidays as one event, Defender of the Fatherland Day, and a working Saturday.</summary>
    private const string Russia2027 = """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//consultant.ru//Производственный календарь 2027//RU
        BEGIN:VEVENT
        UID:ny-2027
        DTSTART;VALUE=DATE:20270101
        DTEND;VALUE=DATE:20270109
        SUMMARY:Новогодние каникулы
        END:VEVENT
        BEGIN:VEVENT
        UID:d23-2027
        DTSTART;VALUE=DATE:20270223
        SUMMARY:День защитника Отечества
        END:VEVENT
        BEGIN:VEVENT
        UID:w-2027-01-09
        DTSTART;VALUE=DATE:20270109
        SUMMARY:Перенос выходного
        CATEGORIES:WORKDAY
        END:VEVENT
        BEGIN:VEVENT
        UID:w-2027-02-20
        DTSTART;VALUE=DATE:20270220
        SUMMARY:Рабочий день (перенос с 22.02)
        END:VEVENT
        BEGIN:VEVENT
        UID:m8-2027
        DTSTART;VALUE=DATE:20270308
        DTEND;VALUE=DATE:20270308
        SUMMARY:Международный женский день
        END:VEVENT
        BEGIN:VEVENT
        UID:cancelled-2027-03-05
        DTSTART;VALUE=DATE:20270305
        SUMMARY:Выходной (отменён)
        STATUS:CANCELLED
        END:VEVENT
        BEGIN:VEVENT
        UID:shortened-2027-03-05
        DTSTART;VALUE=DATE:20270305
        SUMMARY:Сокращённый день
        END:VEVENT
        BEGIN:VEVENT
        UID:short-2027-02-22
        DTSTART:20270222T090000
        DTEND:20270222T170000
        SUMMARY:Сокращённый день
        END:VEVENT
        END:VCALENDAR
        """;

    [Fact]
    public void AllDayEvents_AreHolidays_EachDayOfThem_AndWorkdaysByCategoryOrSummary()
    {
        var days = HolidaysFile.Parse(Russia2027.ReplaceLineEndings("\r\n"), "ru-2027.ics");

        // DTEND equal to DTSTART is one day; a cancelled event and an all-day «Сокращённый день» are no holidays.
        Assert.Equal([.. Enumerable.Range(1, 8).Select(d => new LocalDate(2027, 1, d)), new LocalDate(2027, 2, 23), new LocalDate(2027, 3, 8)], days.Holidays);
        Assert.Equal([new LocalDate(2027, 1, 9), new LocalDate(2027, 2, 20)], days.Workdays);
        Assert.Equal(2, days.SkippedTimedEvents);
    }

    [Fact]
    public void InScheduleMode_TheFilesDaysMoveDeadlines_ATransferredSaturdayHasMondaysHours()
    {
        var sla = Setup(new() { ["Support:Calendar:HolidaysFile"] = Write(Russia2027) });
        var calendar = sla.Policy.Calendar;
        var moscow = calendar.Zone;

        // Thursday 31.12.2026 16:00 + 4 support hours: 2 h on the 31st, nothing from 1 to 8 January, Saturday 09.01 works 09:00-18:00.
        var due = calendar.AddSupportTime(new LocalDateTime(2026, 12, 31, 16, 0).InZoneStrictly(moscow).ToInstant(), Duration.FromHours(4));

        Assert.Equal(new LocalDateTime(2027, 1, 9, 11, 0), due.InZone(moscow).LocalDateTime);
        Assert.Contains(new LocalDate(2027, 2, 23), ((WeeklyScheduleCalendar)calendar).Holidays);
        Assert.Contains(sla.Warnings, w => w.Contains("2 event(s) with a time of day or for a shortened day were ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void TransferredDayHours_GivesTheFilesWorkdaysTheirOwnHours()
    {
        var sla = Setup(new() { ["Support:Calendar:HolidaysFile"] = Write(Russia2027), ["Support:Calendar:TransferredDayHours"] = "10:00-14:00" });

        Assert.Equal("10:00-14:00", string.Join(",", ((WeeklyScheduleCalendar)sla.Policy.Calendar).RangesOn(new LocalDate(2027, 2, 20))));
    }

    [Theory]
    [InlineData("Support:Calendar:Holidays:0", "2027-01-09", "Support:Calendar:Holidays:0 = \"2027-01-09\"", "a holiday here but a working day in Support:Calendar:HolidaysFile")]
    [InlineData("Support:Calendar:ExtraWorkingDays:2027-02-23", "10:00-15:00", "Support:Calendar:ExtraWorkingDays:2027-02-23", "a working day here but a holiday in Support:Calendar:HolidaysFile")]
    public void AConflictWithTheConfiguredLists_IsAStartupError_NamingBothSources(string key, string value, string named, string problem)
    {
        var file = Write(Russia2027);

        var error = Assert.Throws<SupportConfigurationException>(() => Setup(new() { ["Support:Calendar:HolidaysFile"] = file, [key] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameDateInBothPlaces_AsTheSameKindOfDay_IsNoConflict()
    {
        var sla = Setup(new() { ["Support:Calendar:HolidaysFile"] = Write(Russia2027), ["Support:Calendar:Holidays:0"] = "2027-01-01" });

        Assert.Equal(10, ((WeeklyScheduleCalendar)sla.Policy.Calendar).Holidays.Count);
    }

    [Theory]
    [InlineData("not a calendar", "is not an iCalendar file")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20270101\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Новый год\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "repeats (RRULE/RDATE); list each year's dates")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270401\r\nSUMMARY:Каникулы\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "lasts 90 days")]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:Новый год\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b\r\nDTSTART;VALUE=DATE:20270101\r\nCATEGORIES:WORKDAY\r\nSUMMARY:Перенос\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "2027-01-01 is both a holiday and a working day in the file")]
    public void AFileThatCannotBeMeant_IsAStartupError_NamingTheKeyAndFile(string content, string problem)
    {
        var file = Write(content);

        var error = Assert.Throws<SupportConfigurationException>(() => Setup(new() { ["Support:Calendar:HolidaysFile"] = file }));

        Assert.StartsWith($"Configuration error: Support:Calendar:HolidaysFile = \"{file}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFile_IsAStartupError()
    {
        var missing = Path.Combine(_directory, "nowhere.ics");

        var error = Assert.Throws<SupportConfigurationException>(() => Setup(new() { ["Support:Calendar:HolidaysFile"] = missing }));

        Assert.Contains($"cannot read {missing}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-01", null)]
    [InlineData("2027-11-01", null)]
    [InlineData("2027-11-02", 2028)]
    [InlineData("2027-10-01", null)]
    [InlineData("2027-11-05", 2028)]
    public void Coverage_TheYearTheNext60DaysReach_MustHaveAHoliday(string today, int? missing)
    {
        var sla = Setup(new() { ["Support:Calendar:HolidaysFile"] = Write(Russia2027), ["Support:Calendar:Holidays:0"] = "2026-11-04" });

        Assert.Equal(missing, sla.MissingCalendarYear(NodaTime.Text.LocalDatePattern.Iso.Parse(today).Value));
    }

    [Fact]
    public void Coverage_In24x7Mode_IsNeverMissing_HolidaysChangeNoDeadlineThere() =>
        Assert.Null(SlaSetup.FromConfiguration(new ConfigurationBuilder().Build()).MissingCalendarYear(new LocalDate(2027, 12, 1)));

    private string Write(string content)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N")[..8] + ".ics");
        File.WriteAllText(path, content.ReplaceLineEndings("\r\n"));
        return path;
    }

    private static SlaSetup Setup(Dictionary<string, string?> settings)
    {
        settings["Support:Calendar:Mode"] = "Schedule";
        foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" })
        {
            settings[$"Support:Calendar:Week:{day}"] = "09:00-18:00";
        }

        return SlaSetup.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
