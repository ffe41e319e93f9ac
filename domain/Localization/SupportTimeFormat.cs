using System.Globalization;
using ChatSupport.Domain.Sla;
using NodaTime;
using NodaTime.Text;

namespace ChatSupport.Domain.Localization;

/// <summary>
/// How instants and deadlines read, for people (always with their zone: <c>25.11.2026 18:30 МСК</c>)
/// and for machines (<c>2026-11-25T18:30:00+03:00</c>), in the provider's zone.
/// </summary>
public sealed class SupportTimeFormat(DateTimeZone zone)
{
    private static readonly string[] MoscowIds = ["Europe/Moscow", "W-SU"];

    private static readonly OffsetDateTimePattern MachinePattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

    private static readonly LocalDateTimePattern RuDateTime = LocalDateTimePattern.CreateWithInvariantCulture("dd'.'MM'.'uuuu HH':'mm");
    private static readonly LocalDateTimePattern EnDateTime = LocalDateTimePattern.CreateWithInvariantCulture("d MMM uuuu HH':'mm");
    private static readonly LocalDatePattern RuDate = LocalDatePattern.CreateWithInvariantCulture("dd'.'MM'.'uuuu");
    private static readonly LocalDatePattern EnDate = LocalDatePattern.CreateWithInvariantCulture("d MMM uuuu");

    private static readonly OffsetDateTimePattern[] OffsetInputPatterns =
    [
        OffsetDateTimePattern.ExtendedIso,
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mmo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss;FFFFFFFFFo<G>"),
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mmo<G>"),
    ];

    private static readonly LocalDateTimePattern[] LocalInputPatterns =
    [
        LocalDateTimePattern.ExtendedIso,
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss;FFFFFFFFF"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm"),
    ];

    public DateTimeZone Zone { get; } = zone;

    private bool IsMoscow => MoscowIds.Contains(Zone.Id, StringComparer.Ordinal);

    /// <summary><c>yyyy-MM-ddTHH:mm:sszzz</c> in the provider's zone.</summary>
    public string Machine(Instant instant) => MachinePattern.Format(instant.InZone(Zone).ToOffsetDateTime());

    /// <summary><c>25.11.2026 18:30 МСК</c> / <c>25 Nov 2026 18:30 MSK</c>.</summary>
    public string Human(Instant instant, Language language = Language.Ru)
    {
        var local = instant.InZone(Zone);
        var text = language == Language.En ? EnDateTime.Format(local.LocalDateTime) : RuDateTime.Format(local.LocalDateTime);
        return $"{text} {ZoneLabel(local.Offset, language)}";
    }

    /// <summary><c>25.11.2026</c> / <c>25 Nov 2026</c>.</summary>
    public string Date(LocalDate date, Language language = Language.Ru) =>
        language == Language.En ? EnDate.Format(date) : RuDate.Format(date);

    /// <summary>
    /// A deadline as the end of a sentence about when something is due:
    /// <c>до 25.11.2026 22:30 МСК</c>, <c>до конца 26.11.2026 (МСК)</c>,
    /// <c>by 25 Nov 2026 22:30 MSK</c>, <c>by end of 26 Nov 2026 (MSK)</c>.
    /// </summary>
    public string Due(Deadline deadline, Language language = Language.Ru)
    {
        if (deadline.EndOfDay is { } day)
        {
            var label = ZoneLabel(Zone.GetUtcOffset(deadline.At), language);
            return language == Language.En
                ? $"by end of {Date(day, language)} ({label})"
                : $"до конца {Date(day, language)} ({label})";
        }

        return language == Language.En ? $"by {Human(deadline.At, language)}" : $"до {Human(deadline.At, language)}";
    }

    /// <summary>
    /// Reads an instant as operators write it: ISO 8601 with an offset or <c>Z</c>
    /// (<c>2026-11-25T18:30:00+03:00</c>, seconds optional), or a local date-time without offset,
    /// taken in the provider's zone — refused when that local time is skipped or repeated by DST.
    /// </summary>
    public bool TryParseInstant(string? text, out Instant instant, out string problem)
    {
        instant = default;
        problem = string.Empty;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            problem = "the instant is empty; expected e.g. 2026-11-25T18:30:00+03:00";
            return false;
        }

        foreach (var pattern in OffsetInputPatterns)
        {
            var parsed = pattern.Parse(value);
            if (parsed.Success)
            {
                instant = parsed.Value.ToInstant();
                return true;
            }
        }

        foreach (var pattern in LocalInputPatterns)
        {
            var parsed = pattern.Parse(value);
            if (!parsed.Success)
            {
                continue;
            }

            var mapping = Zone.MapLocal(parsed.Value);
            switch (mapping.Count)
            {
                case 1:
                    instant = mapping.Single().ToInstant();
                    return true;
                case 0:
                    problem = $"{value} does not exist in {Zone.Id} (skipped by a clock change); give an offset";
                    return false;
                default:
                    problem = $"{value} happens twice in {Zone.Id} (clocks go back); give an offset";
                    return false;
            }
        }

        problem = $"\"{Truncate(value)}\" is not an ISO instant; expected e.g. 2026-11-25T18:30:00+03:00";
        return false;
    }

    /// <summary>A duration as people say it: <c>2 ч 05 мин</c> / <c>2 h 05 min</c>; days above 48 h.</summary>
    public static string Span(Duration duration, Language language = Language.Ru)
    {
        var totalMinutes = (long)Math.Floor(Math.Abs(duration.TotalMinutes));
        var days = totalMinutes / (24 * 60);
        var hours = totalMinutes / 60 % 24;
        var minutes = totalMinutes % 60;
        var (d, h, m) = language == Language.En ? ("d", "h", "min") : ("д", "ч", "мин");
        if (days >= 2)
        {
            return $"{days} {d} {hours} {h}";
        }

        var allHours = totalMinutes / 60;
        return allHours > 0
            ? $"{allHours} {h} {minutes.ToString("00", CultureInfo.InvariantCulture)} {m}"
            : $"{minutes} {m}";
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>How the zone is named at an instant: «МСК» / «MSK» for Moscow, else <c>UTC+hh:mm</c>.</summary>
    public string ZoneLabel(Instant at, Language language) => ZoneLabel(Zone.GetUtcOffset(at), language);

    private string ZoneLabel(Offset offset, Language language)
    {
        if (IsMoscow)
        {
            return language == Language.En ? "MSK" : "МСК";
        }

        var ticks = offset.Milliseconds;
        var sign = ticks < 0 ? '-' : '+';
        var abs = TimeSpan.FromMilliseconds(Math.Abs(ticks));
        return $"UTC{sign}{abs.Hours:00}:{abs.Minutes:00}";
    }
}
