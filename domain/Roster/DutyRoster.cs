using System.Globalization;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace ChatSupport.Domain.Roster;

/// <summary>
/// One shift's hours in the provider's local time: <c>09:00-21:00</c>, or across midnight <c>21:00-09:00</c> (it ends
/// the next day); <c>00:00-24:00</c> is the whole day.
/// </summary>
public readonly record struct ShiftHours(LocalTime Start, Period Length)
{
    private static readonly LocalTimePattern Pattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    /// <summary>
    /// Parses <c>09:00-21:00</c>, several separated by commas; empty, <c>off</c> or <c>-</c> is no shift. A start equal
    /// to the end is refused (a whole day is <c>00:00-24:00</c>).
    /// </summary>
    public static bool TryParseList(string? text, out IReadOnlyList<ShiftHours> shifts, out string problem)
    {
        shifts = [];
        problem = string.Empty;
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length == 0 || trimmed == "-" || string.Equals(trimmed, "off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var list = new List<ShiftHours>();
        foreach (var raw in trimmed.Split(',', StringSplitOptions.TrimEntries))
        {
            var dash = raw.Split('-', StringSplitOptions.TrimEntries);
            if (dash.Length != 2 || !TryTime(dash[0], out var start) || start.Hour == 24 || !TryTime(dash[1], out var end))
            {
                problem = $"«{raw}» is not a shift; write HH:mm-HH:mm, e.g. 09:00-21:00 or 21:00-09:00 (across midnight), or off";
                return false;
            }

            var startMinutes = (start.Hour * 60) + start.Minute;
            var endMinutes = (end.Hour * 60) + end.Minute;
            if (endMinutes == startMinutes)
            {
                problem = $"«{raw}» starts and ends at the same time; a whole day is 00:00-24:00";
                return false;
            }

            var length = endMinutes > startMinutes ? endMinutes - startMinutes : (24 * 60) - startMinutes + endMinutes;
            list.Add(new ShiftHours(new LocalTime(start.Hour, start.Minute), Period.FromMinutes(length)));
        }

        shifts = list;
        return true;
    }

    private static bool TryTime(string text, out (int Hour, int Minute) time)
    {
        time = default;
        if (text == "24:00")
        {
            time = (24, 0);
            return true;
        }

        var parsed = Pattern.Parse(text);
        if (!parsed.Success)
        {
            return false;
        }

        time = (parsed.Value.Hour, parsed.Value.Minute);
        return true;
    }

    public override string ToString() =>
        Start.ToString("HH:mm", CultureInfo.InvariantCulture) + "-" + Start.PlusMinutes((int)Length.Minutes).ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>One engineer's week in the roster (<c>Support:Roster:&lt;i&gt;</c>), and their hours on holidays when they differ.</summary>
public sealed record RosterLine(string EngineerId, IReadOnlyDictionary<IsoDayOfWeek, IReadOnlyList<ShiftHours>> Week, IReadOnlyList<ShiftHours>? Holiday = null);

/// <summary>A shift as it falls: who, from when to when, and the local date it starts on.</summary>
public sealed record DutyShift(string EngineerId, Instant Start, Instant End, LocalDate Date);

public enum DutyChangeKind
{
    /// <summary>An engineer starts a shift by hand (/duty on).</summary>
    On,

    /// <summary>An engineer ends their shift by hand (/duty off).</summary>
    Off,

    /// <summary>A manager gives one engineer's shifts of a day to another (/duty swap).</summary>
    Swap,
}

/// <summary>A change to the roster made from the chat, in force from <see cref="From"/> until <see cref="Until"/>.</summary>
public sealed record DutyChange(DutyChangeKind Kind, string EngineerId, Instant From, Instant Until)
{
    /// <summary>Swap: who takes the shifts.</summary>
    public string? OtherId { get; init; }

    /// <summary>Swap: the local date whose shifts move.</summary>
    public LocalDate? Date { get; init; }

    public bool IsInForceAt(Instant at) => From <= at && at < Until;
}

/// <summary>Who is on duty at a moment, until when each, and the next change.</summary>
public sealed record DutyNow(IReadOnlyList<(string EngineerId, Instant? Until)> OnDuty, Instant? NextChange, IReadOnlyList<string> NextOnDuty)
{
    public IReadOnlySet<string> Ids => OnDuty.Select(o => o.EngineerId).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// The duty roster: weekly shifts per engineer in the provider's zone, by the wall clock (a night 21:00-09:00 across a DST
/// change ends at 09:00 local time, an hour longer or shorter; a start inside the spring gap begins when the clock
/// resumes), holidays with their own hours where configured, and the
/// chat's changes on top — swaps move a day's shifts, then hand-made starts and ends apply, the latest winning. Pure:
/// every instant comes in as an argument.
/// </summary>
public sealed class DutyRoster(IReadOnlyList<RosterLine> lines, DateTimeZone zone, IReadOnlySet<LocalDate> holidays)
{
    /// <summary>How far ahead the next change is looked for.</summary>
    public static readonly Duration Horizon = Duration.FromDays(8);

    /// <summary>A hand-made start with no shift of the engineer's own ahead lasts this long (they may end it sooner).</summary>
    public static readonly Duration ManualShift = Duration.FromHours(12);

    /// <summary>A local time the clock skips maps to the moment it resumes; one it shows twice, to the first.</summary>
    private static readonly ZoneLocalMappingResolver WallClock = Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    public DateTimeZone Zone => zone;

    public IReadOnlyList<RosterLine> Lines => lines;

    public bool IsConfigured => lines.Count > 0;

    public bool IsHoliday(LocalDate date) => holidays.Contains(date);

    /// <summary>The roster's own shifts (swaps applied) that overlap [from, to).</summary>
    public IReadOnlyList<DutyShift> Shifts(Instant from, Instant to, IReadOnlyList<DutyChange> changes)
    {
        var result = new List<DutyShift>();
        var first = from.InZone(zone).Date.PlusDays(-1);
        var last = to.InZone(zone).Date;
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            foreach (var line in lines)
            {
                var hours = holidays.Contains(date) && line.Holiday is { } holiday ? holiday : line.Week.GetValueOrDefault(date.DayOfWeek, []);
                foreach (var shift in hours)
                {
                    var start = date.At(shift.Start).InZone(zone, WallClock);
                    var end = date.At(shift.Start).Plus(shift.Length).InZone(zone, WallClock).ToInstant();
                    var who = Holder(line.EngineerId, date, changes);
                    if (start.ToInstant() < to && end > from)
                    {
                        result.Add(new DutyShift(who, start.ToInstant(), end, date));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>Who works a roster line's shifts of a date: its engineer, passed on by that date's swaps in the order they were made.</summary>
    private static string Holder(string engineerId, LocalDate date, IReadOnlyList<DutyChange> changes)
    {
        var who = engineerId;
        foreach (var swap in changes)
        {
            if (swap.Kind == DutyChangeKind.Swap && swap.Date == date && swap.EngineerId == who && swap.OtherId is { } other)
            {
                who = other;
            }
        }

        return who;
    }

    /// <summary>The engineers on duty at <paramref name="at"/>.</summary>
    public IReadOnlySet<string> OnDutyAt(Instant at, IReadOnlyList<DutyChange> changes)
    {
        var on = Shifts(at, at + Duration.FromTicks(1), changes).Where(s => s.Start <= at && at < s.End).Select(s => s.EngineerId).ToHashSet(StringComparer.Ordinal);
        foreach (var change in changes.Where(c => c.Kind != DutyChangeKind.Swap && c.IsInForceAt(at)))
        {
            if (change.Kind == DutyChangeKind.On)
            {
                on.Add(change.EngineerId);
            }
            else
            {
                on.Remove(change.EngineerId);
            }
        }

        return on;
    }

    /// <summary>Who is on duty now, until when, and the next moment the set changes (within <see cref="Horizon"/>).</summary>
    public DutyNow At(Instant now, IReadOnlyList<DutyChange> changes)
    {
        var current = OnDutyAt(now, changes);
        var moments = Boundaries(now, now + Horizon, changes);
        var until = new Dictionary<string, Instant?>(StringComparer.Ordinal);
        Instant? next = null;
        IReadOnlySet<string> nextSet = current;
        foreach (var moment in moments)
        {
            var set = OnDutyAt(moment, changes);
            if (next is null && !set.SetEquals(current))
            {
                next = moment;
                nextSet = set;
            }

            foreach (var id in current.Where(id => !until.ContainsKey(id) && !set.Contains(id)))
            {
                until[id] = moment;
            }

            if (next is not null && current.All(until.ContainsKey))
            {
                break;
            }
        }

        return new DutyNow(
            [.. current.Order(StringComparer.Ordinal).Select(id => (id, until.GetValueOrDefault(id)))],
            next,
            [.. nextSet.Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// When a hand-made start at <paramref name="now"/> ends: with the engineer's own shift that is on or starts within
    /// <see cref="ManualShift"/>, at its end; otherwise after <see cref="ManualShift"/>.
    /// </summary>
    public Instant ManualStartUntil(string engineerId, Instant now, IReadOnlyList<DutyChange> changes) =>
        Shifts(now, now + ManualShift, changes).Where(s => s.EngineerId == engineerId && s.End > now).OrderBy(s => s.Start).FirstOrDefault()?.End
            ?? now + ManualShift;

    /// <summary>When a hand-made end at <paramref name="now"/> stops applying: when the engineer would have left anyway.</summary>
    public Instant? ManualEndUntil(string engineerId, Instant now, IReadOnlyList<DutyChange> changes)
    {
        foreach (var (id, until) in At(now, changes).OnDuty)
        {
            if (id == engineerId)
            {
                return until ?? now + Horizon;
            }
        }

        return null;
    }

    private List<Instant> Boundaries(Instant from, Instant to, IReadOnlyList<DutyChange> changes)
    {
        var moments = new SortedSet<Instant>();
        foreach (var shift in Shifts(from, to, changes))
        {
            moments.Add(shift.Start);
            moments.Add(shift.End);
        }

        foreach (var change in changes.Where(c => c.Kind != DutyChangeKind.Swap))
        {
            moments.Add(change.From);
            moments.Add(change.Until);
        }

        return [.. moments.Where(m => m > from && m <= to)];
    }
}
