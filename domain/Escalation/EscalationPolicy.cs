using System.Globalization;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Sla;
using NodaTime;

namespace ChatSupport.Domain.Escalation;

[Flags]
public enum EscalationTarget
{
    None = 0,
    Duty = 1,
    Managers = 2,
}

/// <summary>One step: when (a share of the reaction window, or an offset before the deadline), to whom, with mentions or not.</summary>
public sealed record EscalationStep(int Index, double? Percent, Duration? Offset, EscalationTarget To, bool Mention)
{
    /// <summary>At or after the deadline: the ticket is breached when this step fires.</summary>
    public bool IsBreach => Percent is >= 100 || Offset is { } o && o >= Duration.Zero;

    public string Describe() => Percent is { } p ? $"{p.ToString(CultureInfo.InvariantCulture)}%" : $"{(Offset < Duration.Zero ? "-" : "+")}{Offset?.ToString("H:mm:ss", CultureInfo.InvariantCulture)}";
}

/// <summary>A ping to send: which step (or a repeat after the breach) and when.</summary>
public sealed record PlannedPing(int Step, Instant At, int Repeat = 0)
{
    /// <summary>Stable per ticket window: rescheduling the same plan replaces, never duplicates.</summary>
    public string Key => Repeat == 0 ? $"s{Step}" : $"s{Step}r{Repeat}";
}

/// <summary>
/// The escalation policy (<c>Support:Escalation</c>): pings before and after the reaction deadline of an
/// unclaimed ticket. Default: 50% → duty chat; 80% → duty chat with mentions; 100% → managers and duty;
/// then every <see cref="RepeatAfterBreach"/> until claimed.
/// </summary>
public sealed record EscalationPolicy(IReadOnlyList<EscalationStep> Steps, Duration RepeatAfterBreach, bool PingLevel1AtRegistration = true)
{
    public const string Section = "Support:Escalation";

    public static readonly EscalationPolicy Default = new(
        [
            new EscalationStep(0, 50, null, EscalationTarget.Duty, false),
            new EscalationStep(1, 80, null, EscalationTarget.Duty, true),
            new EscalationStep(2, 100, null, EscalationTarget.Duty | EscalationTarget.Managers, false),
        ],
        Duration.FromHours(2));

    /// <summary>The step that repeats after the breach (the last breach step), if any.</summary>
    public EscalationStep? BreachStep => Steps.LastOrDefault(s => s.IsBreach);

    /// <summary>When each step falls for a window; a repeat is not planned here (it is a repeating trigger from the breach).</summary>
    public IReadOnlyList<PlannedPing> Plan(SlaPolicy sla, PriorityLevel level, Instant windowStart, Deadline deadline) =>
        [.. Steps.Select(s => new PlannedPing(s.Index, FireTime(sla, level, windowStart, deadline, s))).OrderBy(p => p.At).ThenBy(p => p.Step)];

    public Instant FireTime(SlaPolicy sla, PriorityLevel level, Instant windowStart, Deadline deadline, EscalationStep step) =>
        step.Percent is { } percent
            ? sla.WindowPoint(level, windowStart, deadline, percent / 100)
            : deadline.At + Duration.FromSeconds(1) + step.Offset!.Value;

    /// <summary>Reads the policy as configured (text as people write it); throws naming the key.</summary>
    public static EscalationPolicy Parse(IReadOnlyList<(string Key, string? At, string? To, string? Mention)> steps, string? repeatKey, string? repeat)
    {
        var parsed = new List<EscalationStep>();
        foreach (var (key, at, to, mention) in steps)
        {
            double? percent = null;
            Duration? offset = null;
            var text = at?.Trim() ?? string.Empty;
            // One sign at most, and a time of day (with ':'): a bare "50" would otherwise read as 50 days.
            var unsigned = text.StartsWith('+') || text.StartsWith('-') ? text[1..] : text;
            if (text.EndsWith('%') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 1000)
            {
                percent = p;
            }
            else if (unsigned.Contains(':', StringComparison.Ordinal) && !unsigned.StartsWith('+') && !unsigned.StartsWith('-')
                && TimeSpan.TryParseExact(unsigned, "c", CultureInfo.InvariantCulture, out var span))
            {
                offset = Duration.FromTimeSpan(text.StartsWith('-') ? -span : span);
            }
            else
            {
                throw new SupportConfigurationException($"{key}:At", at, "expected a share of the reaction window like 50% or an offset from the deadline like -00:30:00");
            }

            var targets = EscalationTarget.None;
            foreach (var name in (string.IsNullOrWhiteSpace(to) ? "Duty" : to).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                targets |= name.ToLowerInvariant() switch
                {
                    "duty" => EscalationTarget.Duty,
                    "managers" => EscalationTarget.Managers,
                    _ => throw new SupportConfigurationException($"{key}:To", to, "expected Duty, Managers or both (Duty,Managers)"),
                };
            }

            var mentions = false;
            if (!string.IsNullOrWhiteSpace(mention) && !bool.TryParse(mention, out mentions))
            {
                throw new SupportConfigurationException($"{key}:Mention", mention, "expected true or false");
            }

            parsed.Add(new EscalationStep(parsed.Count, percent, offset, targets, mentions));
        }

        var every = Default.RepeatAfterBreach;
        if (!string.IsNullOrWhiteSpace(repeat))
        {
            if (!TimeSpan.TryParseExact(repeat.Trim(), "c", CultureInfo.InvariantCulture, out var span) || span < TimeSpan.Zero
                || (span > TimeSpan.Zero && span < TimeSpan.FromMinutes(5)))
            {
                throw new SupportConfigurationException(repeatKey ?? $"{Section}:RepeatAfterBreach", repeat, "expected a duration of at least 00:05:00, or 00:00:00 for never");
            }

            every = Duration.FromTimeSpan(span);
        }

        return new EscalationPolicy(steps.Count == 0 ? Default.Steps : parsed, every);
    }
}
