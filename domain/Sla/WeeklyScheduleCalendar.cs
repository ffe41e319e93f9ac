using System.Collections.Frozen;
using NodaTime;
using NodaTime.TimeZones;

namespace ChatSupport.Domain.Sla;

/// <summary>
/// Support hours by a weekly schedule, with holidays (no hours) and extra working days (the
/// production calendar moving a working day onto, say, a Saturday: those dates use their own ranges).
/// </summary>
/// <remarks>
/// Local opening times are turned into instants leniently and on purpose: a time that a DST jump
/// skips moves forward by the jump, a time that occurs twice takes its earlier occurrence. So a
/// range counts the real time the desk is open that day — 09:00-18:00 is 9 h, and a range lying
/// wholly inside a skipped hour counts nothing. 00:00 and 24:00 are the real starts of the days,
/// even in zones where midnight itself is skipped.
/// </remarks>
public sealed class WeeklyScheduleCalendar : SupportCalendar
{
    // A schedule with some weekly hours opens at least once a week, so only a long run of
    // holidays can keep it closed; past this many days the configuration cannot be meant.
    private const int MaxClosedDays = 3 * 366;

    private static readonly ZoneLocalMappingResolver Lenient = Resolvers.LenientResolver;

    private readonly FrozenDictionary<IsoDayOfWeek, IReadOnlyList<OpeningRange>> _week;
    private readonly FrozenSet<LocalDate> _holidays;
    private readonly FrozenDictionary<LocalDate, IReadOnlyList<OpeningRange>> _extraWorkingDays;

    public WeeklyScheduleCalendar(
        DateTimeZone zone,
        IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<OpeningRange>> week,
        IEnumerable<LocalDate> holidays,
        IReadOnlyDictionary<LocalDate, IReadOnlyList<OpeningRange>> extraWorkingDays)
        : base(zone)
    {
        _week = week.ToFrozenDictionary();
        _holidays = holidays.ToFrozenSet();
        _extraWorkingDays = extraWorkingDays.ToFrozenDictionary();

        if (!_week.Values.Any(r => r.Count > 0))
        {
            throw new ArgumentException("The weekly schedule has no working hours at all.", nameof(week));
        }

        var clash = _holidays.Where(_extraWorkingDays.ContainsKey).Order().ToList();
        if (clash.Count > 0)
        {
            throw new ArgumentException($"{clash[0]:yyyy-MM-dd} is both a holiday and an extra working day.", nameof(holidays));
        }
    }

    /// <summary>The holidays known (configured and from the holidays file).</summary>
    public IReadOnlyCollection<LocalDate> Holidays => _holidays;

    public override string Describe()
    {
        var days = string.Join(", ", Enum.GetValues<IsoDayOfWeek>()
            .Where(d => d != IsoDayOfWeek.None)
            .Select(d => $"{d.ToString()[..3]} {(RangesOf(d) is { Count: > 0 } r ? string.Join(",", r) : "off")}"));
        return $"schedule in {Zone.Id}: {days}; {_holidays.Count} holidays, {_extraWorkingDays.Count} extra working days";
    }

    /// <summary>The opening ranges that apply to a date, after holidays and extra working days.</summary>
    public IReadOnlyList<OpeningRange> RangesOn(LocalDate date) =>
        _extraWorkingDays.TryGetValue(date, out var extra) ? extra
        : _holidays.Contains(date) ? []
        : RangesOf(date.DayOfWeek);

    public override Instant AddSupportTime(Instant start, Duration supportTime)
    {
        if (supportTime < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(supportTime));
        }

        var remaining = supportTime;
        var date = DateOf(start).PlusDays(-1);
        var lastDate = DateOf(start).PlusDays(MaxClosedDays);
        for (; date <= lastDate; date = date.PlusDays(1))
        {
            foreach (var (open, close) in OpenIntervals(date))
            {
                if (close <= start)
                {
                    continue;
                }

                var from = open > start ? open : start;
                var available = close - from;
                if (remaining <= available)
                {
                    return from + remaining;
                }

                remaining -= available;
            }
        }

        throw new InvalidOperationException(
            $"No support hours in the {MaxClosedDays} days after {start}: the holidays cover the whole schedule.");
    }

    public override Duration SupportTimeBetween(Instant from, Instant to)
    {
        if (to <= from)
        {
            return Duration.Zero;
        }

        var total = Duration.Zero;
        for (var date = DateOf(from).PlusDays(-1); date <= DateOf(to); date = date.PlusDays(1))
        {
            foreach (var (open, close) in OpenIntervals(date))
            {
                var a = open > from ? open : from;
                var b = close < to ? close : to;
                if (b > a)
                {
                    total += b - a;
                }
            }
        }

        return total;
    }

    public override bool IsOpen(Instant instant)
    {
        var date = DateOf(instant);
        for (var d = date.PlusDays(-1); d <= date; d = d.PlusDays(1))
        {
            foreach (var (open, close) in OpenIntervals(d))
            {
                if (open <= instant && instant < close)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private IReadOnlyList<OpeningRange> RangesOf(IsoDayOfWeek day) => _week.TryGetValue(day, out var r) ? r : [];

    private IEnumerable<(Instant Open, Instant Close)> OpenIntervals(LocalDate date)
    {
        foreach (var range in RangesOn(date))
        {
            var open = range.Start == LocalTime.Midnight
                ? Zone.AtStartOfDay(date).ToInstant()
                : Zone.ResolveLocal(date + range.Start, Lenient).ToInstant();
            var close = range.EndsAtMidnight
                ? Zone.AtStartOfDay(date.PlusDays(1)).ToInstant()
                : Zone.ResolveLocal(date + range.End, Lenient).ToInstant();
            if (close > open)
            {
                yield return (open, close);
            }
        }
    }
}
