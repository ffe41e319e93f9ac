using System.Globalization;
using NodaTime;

namespace ChatSupport.Domain.Sla;

/// <summary>
/// One stretch of support hours inside a day, in the provider's local time: <c>09:00-18:00</c>.
/// The end may be <c>24:00</c>, the end of the day. Ranges never cross midnight.
/// </summary>
public readonly record struct OpeningRange
{
    private OpeningRange(LocalTime start, LocalTime end, bool endsAtMidnight)
    {
        Start = start;
        End = end;
        EndsAtMidnight = endsAtMidnight;
    }

    public LocalTime Start { get; }

    /// <summary>The closing time; meaningless when <see cref="EndsAtMidnight"/> is set.</summary>
    public LocalTime End { get; }

    public bool EndsAtMidnight { get; }

    public static OpeningRange Create(LocalTime start, LocalTime end) =>
        end > start ? new(start, end, false) : throw new ArgumentException("A range must end after it starts.");

    public static OpeningRange UntilMidnight(LocalTime start) => new(start, LocalTime.Midnight, true);

    /// <summary>The whole day, 00:00-24:00.</summary>
    public static OpeningRange WholeDay => UntilMidnight(LocalTime.Midnight);

    /// <summary>
    /// Parses a comma-separated list of ranges (<c>09:00-13:00,14:00-18:00</c>). An empty or blank
    /// text is a day off. Ranges are returned sorted; overlapping ranges are an error, touching
    /// ones (<c>09:00-13:00,13:00-18:00</c>) are allowed.
    /// </summary>
    public static bool TryParseList(string? text, out IReadOnlyList<OpeningRange> ranges, out string problem)
    {
        ranges = [];
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var list = new List<OpeningRange>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0)
            {
                problem = "an empty range between commas; write ranges like 09:00-13:00,14:00-18:00";
                return false;
            }

            var dash = raw.Split('-', StringSplitOptions.TrimEntries);
            if (dash.Length != 2
                || !TryParseTime(dash[0], allowMidnightEnd: false, out var start, out _)
                || !TryParseTime(dash[1], allowMidnightEnd: true, out var end, out var endsAtMidnight))
            {
                problem = $"\"{raw}\" is not a range like 09:00-18:00 (HH:mm-HH:mm, 24:00 allowed as an end)";
                return false;
            }

            if (!endsAtMidnight && end <= start)
            {
                problem = $"the range {raw} ends before it starts; ranges may not cross midnight (use 24:00 as an end)";
                return false;
            }

            list.Add(endsAtMidnight ? UntilMidnight(start) : new OpeningRange(start, end, false));
        }

        list.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 1; i < list.Count; i++)
        {
            var previous = list[i - 1];
            if (previous.EndsAtMidnight || previous.End > list[i].Start)
            {
                problem = $"the ranges {previous} and {list[i]} overlap";
                return false;
            }
        }

        ranges = list;
        return true;
    }

    public override string ToString() =>
        $"{Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{(EndsAtMidnight ? "24:00" : End.ToString("HH:mm", CultureInfo.InvariantCulture))}";

    private static bool TryParseTime(string text, bool allowMidnightEnd, out LocalTime time, out bool isMidnightEnd)
    {
        time = default;
        isMidnightEnd = false;
        if (text.Length != 5 || text[2] != ':'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes > 59)
        {
            return false;
        }

        if (hours == 24 && minutes == 0 && allowMidnightEnd)
        {
            isMidnightEnd = true;
            return true;
        }

        if (hours > 23)
        {
            return false;
        }

        time = new LocalTime(hours, minutes);
        return true;
    }
}
