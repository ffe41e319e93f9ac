using System.Globalization;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Escalation;
using NodaTime;

namespace ChatSupport.Bot.Scheduling;

/// <summary>
/// The clock-driven parts of the desk as configured: escalation (<c>Support:Escalation</c>), the
/// registration hour (<c>Support:Registration</c>) and the daily digest (<c>Support:Digest</c>).
/// </summary>
public sealed record SchedulingOptions(EscalationPolicy Escalation, Duration AutoRegisterAfter, Duration DropUndescribedAfter, LocalTime DigestTime)
{
    public static SchedulingOptions FromConfiguration(IConfiguration configuration)
    {
        var steps = configuration.GetSection($"{EscalationPolicy.Section}:Steps").GetChildren()
            .OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .Select(c => ($"{EscalationPolicy.Section}:Steps:{c.Key}", c["At"], c["To"], c["Mention"]))
            .ToList();
        var repeatKey = $"{EscalationPolicy.Section}:RepeatAfterBreach";
        var escalation = EscalationPolicy.Parse(steps, repeatKey, configuration[repeatKey]);

        var autoRegister = Span(configuration, "Support:Registration:AutoRegisterAfter", TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        var drop = Span(configuration, "Support:Registration:DropUndescribedAfter", TimeSpan.FromHours(24), TimeSpan.FromHours(1), TimeSpan.FromDays(30));

        var digestText = configuration["Support:Digest:Time"];
        var digestTime = new LocalTime(9, 0);
        if (!string.IsNullOrWhiteSpace(digestText))
        {
            var parsed = NodaTime.Text.LocalTimePattern.CreateWithInvariantCulture("HH':'mm").Parse(digestText.Trim());
            digestTime = parsed.Success
                ? parsed.Value
                : throw new SupportConfigurationException("Support:Digest:Time", digestText, "expected a time of day like 09:00 (in the provider's zone)");
        }

        return new SchedulingOptions(escalation, autoRegister, drop, digestTime);
    }

    private static Duration Span(IConfiguration configuration, string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return Duration.FromTimeSpan(fallback);
        }

        return TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? Duration.FromTimeSpan(value)
            : throw new SupportConfigurationException(key, text, $"expected a duration from {min:c} to {max:c}");
    }
}
