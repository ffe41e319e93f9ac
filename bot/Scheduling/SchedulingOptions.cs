using System.Globalization;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Escalation;
using NodaTime;

namespace ChatSupport.Bot.Scheduling;

/// <summary>
/// The clock-driven parts of the desk as configured: escalation (<c>Support:Escalation</c>), the
/// registration hour (<c>Support:Registration</c>), the daily digest (<c>Support:Digest</c>) and waiting for the customer's
/// answer (<c>Support:Waiting</c>: one reminder after RemindAfter, closed after CloseAfter).
/// </summary>
public sealed record SchedulingOptions(EscalationPolicy Escalation, Duration AutoRegisterAfter, Duration DropUndescribedAfter, LocalTime DigestTime)
{
    public static readonly Duration DefaultRemindAfter = Duration.FromHours(24);

    public static readonly Duration DefaultCloseAfter = Duration.FromDays(5);

    /// <summary>A ticket waiting for the customer's answer reminds them once after this long.</summary>
    public Duration WaitingRemindAfter { get; init; } = DefaultRemindAfter;

    /// <summary>A ticket waiting for the customer's answer closes after this long.</summary>
    public Duration WaitingCloseAfter { get; init; } = DefaultCloseAfter;

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

        var remind = Span(configuration, "Support:Waiting:RemindAfter", DefaultRemindAfter.ToTimeSpan(), TimeSpan.FromMinutes(10), TimeSpan.FromDays(30));
        var close = Span(configuration, "Support:Waiting:CloseAfter", DefaultCloseAfter.ToTimeSpan(), TimeSpan.FromHours(1), TimeSpan.FromDays(90));
        if (close <= remind)
        {
            throw new SupportConfigurationException("Support:Waiting:CloseAfter", configuration["Support:Waiting:CloseAfter"] ?? close.ToTimeSpan().ToString("c", CultureInfo.InvariantCulture),
                $"must be longer than Support:Waiting:RemindAfter ({remind.ToTimeSpan():c}): the customer is reminded before the ticket closes");
        }

        return new SchedulingOptions(escalation, autoRegister, drop, digestTime) { WaitingRemindAfter = remind, WaitingCloseAfter = close };
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
