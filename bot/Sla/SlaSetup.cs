using ChatSupport.Bot.Configuration;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using NodaTime;

namespace ChatSupport.Bot.Sla;

/// <summary>The regulation's policy as this installation configures it (<c>Support:TimeZone</c>, <c>Support:Calendar</c>, <c>Support:Sla</c>).</summary>
public sealed record SlaSetup(SlaPolicy Policy, SupportTimeFormat Format, IReadOnlyList<string> Warnings)
{
    /// <summary><c>Support:Calendar:HolidaysFile</c> as read (also the duty roster's holidays), or null.</summary>
    public CalendarFileDays? HolidaysFile { get; init; }

    /// <summary>
    /// In Schedule mode, the year whose production calendar is missing (no holiday listed for the year the next 60
    /// days end in) on <paramref name="today"/>; null when covered or in 24x7 mode (holidays change no deadline there).
    /// </summary>
    public int? MissingCalendarYear(NodaTime.LocalDate today) =>
        Policy.Calendar is WeeklyScheduleCalendar schedule ? CalendarCoverage.MissingYear(schedule.Holidays, today) : null;

    public const string TermsSection = "Support:Sla";

    /// <summary>Reads and checks the SLA configuration; throws <see cref="Domain.Configuration.SupportConfigurationException"/> naming the bad key.</summary>
    public static SlaSetup FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(CalendarSettings.Section);
        var file = string.IsNullOrWhiteSpace(section["HolidaysFile"]) ? null : Sla.HolidaysFile.Read(section["HolidaysFile"]!);
        var settings = new CalendarSettings
        {
            TimeZone = configuration[CalendarSettings.ZoneKey],
            Mode = section["Mode"],
            Week = section.GetSection("Week").GetChildren().ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase),
            Holidays = [.. LayeredConfiguration.ReadValues(configuration, $"{CalendarSettings.Section}:Holidays").Select(h => h.Value)],
            ExtraWorkingDays = section.GetSection("ExtraWorkingDays").GetChildren().ToDictionary(c => c.Key, c => c.Value),
            File = file,
            TransferredDayHours = section["TransferredDayHours"],
        };

        var calendar = settings.Build(out var warnings);
        var defaults = SlaTerms.Regulation;
        var terms = new SlaTerms
        {
            RegistrationWithin = Duration(configuration, "RegistrationWithin") ?? defaults.RegistrationWithin,
            Level1Reaction = Duration(configuration, "Level1Reaction") ?? defaults.Level1Reaction,
            Level2Days = configuration.GetInt($"{TermsSection}:Level2Days", 0, 365) ?? defaults.Level2Days,
            Level3Days = configuration.GetInt($"{TermsSection}:Level3Days", 0, 365) ?? defaults.Level3Days,
        };

        return new SlaSetup(new SlaPolicy(calendar, terms), new SupportTimeFormat(calendar.Zone), warnings) { HolidaysFile = file };
    }

    private static Duration? Duration(IConfiguration configuration, string name) =>
        configuration.GetTimeSpan($"{TermsSection}:{name}", TimeSpan.FromMinutes(1)) is { } value
            ? NodaTime.Duration.FromTimeSpan(value)
            : null;
}
