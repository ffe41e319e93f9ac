namespace ChatSupport.Bot.Configuration;

/// <summary>Logs at start what the configuration made the bot notice: renamed keys, unknown keys, ignored settings.</summary>
public sealed partial class ConfigurationBanner(ConfigurationNotes notes, Sla.SlaSetup sla, TimeProvider time, ILogger<ConfigurationBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var note in sla.Warnings.Concat(notes.All))
        {
            LogNote(logger, note);
        }

        if (sla.MissingCalendarYear(sla.Policy.Calendar.DateOf(NodaTime.Extensions.TimeProviderExtensions.GetCurrentInstant(time))) is { } year)
        {
            LogNote(logger, Domain.Localization.CalendarTexts.Missing(year, Domain.Localization.Language.En));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "Configuration: {Note}")]
    private static partial void LogNote(ILogger logger, string note);
}
