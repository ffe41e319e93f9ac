using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Roster;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Tests.Domain.Roster;

public sealed class DutyRosterTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly StaffMember Ivan = new("Иван Петров", StaffRole.Engineer, "2001");
    private static readonly StaffMember Maria = new("Мария Сидорова", StaffRole.Engineer, "2002");
    private static readonly StaffMember Petr = new("Пётр Иванов", StaffRole.Engineer, "2004");
    private static readonly StaffMember Olga = new("Ольга Орлова", StaffRole.Manager, "2003");
    private static readonly IReadOnlyList<StaffMember> Staff = [Ivan, Maria, Petr, Olga];

    [Theory]
    [InlineData("09:00-21:00", "09:00", 720)]
    [InlineData("21:00-09:00", "21:00", 720)]
    [InlineData("00:00-24:00", "00:00", 1440)]
    [InlineData(" 22:30 - 02:00 ", "22:30", 210)]
    public void Shift_IsParsed_AcrossMidnightToo(string text, string start, int minutes)
    {
        Assert.True(ShiftHours.TryParseList(text, out var shifts, out _));
        var shift = Assert.Single(shifts);
        Assert.Equal(start, shift.Start.ToString("HH:mm", null));
        Assert.Equal(minutes, shift.Length.Minutes);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("-")]
    [InlineData("")]
    public void NoShift_IsEmpty(string text)
    {
        Assert.True(ShiftHours.TryParseList(text, out var shifts, out _));
        Assert.Empty(shifts);
    }

    [Theory]
    [InlineData("9-21", "«9-21» is not a shift")]
    [InlineData("10:00-10:00", "starts and ends at the same time")]
    [InlineData("24:00-08:00", "is not a shift")]
    [InlineData("09:00-25:00", "is not a shift")]
    public void BadShift_IsExplained(string text, string problem)
    {
        Assert.False(ShiftHours.TryParseList(text, out _, out var why));
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }

    [Fact]
    public void NightShift_CarriesIntoTheNextDay_AndTheDayShiftTakesOver()
    {
        var roster = Build(Moscow, [Entry(0, "Иван Петров", ("Monday", "09:00-21:00")), Entry(1, "2002", ("Monday", "21:00-09:00"))]);

        Assert.Equal(["2002"], roster.OnDutyAt(At(Moscow, 2026, 11, 24, 3, 0), []));   // Tuesday 03:00: Monday's night
        Assert.Empty(roster.OnDutyAt(At(Moscow, 2026, 11, 24, 9, 0), []));            // Tuesday 09:00: nobody (only Mondays)
        Assert.Equal(["2001"], roster.OnDutyAt(At(Moscow, 2026, 11, 30, 20, 59), []));

        var now = roster.At(At(Moscow, 2026, 11, 30, 20, 0), []);
        Assert.Equal([("2001", (Instant?)At(Moscow, 2026, 11, 30, 21, 0))], now.OnDuty);
        Assert.Equal(At(Moscow, 2026, 11, 30, 21, 0), now.NextChange);
        Assert.Equal(["2002"], now.NextOnDuty);
    }

    [Fact]
    public void AcrossDstChanges_ShiftsFollowTheWallClock()
    {
        // Berlin: 2027-03-28 02:00 → 03:00, 2027-10-31 03:00 → 02:00 (both Sundays).
        var roster = Build(Berlin, [Entry(0, "Иван Петров", ("Saturday", "21:00-09:00")), Entry(1, "Мария Сидорова", ("Sunday", "02:30-06:00"))]);

        var spring = roster.Shifts(At(Berlin, 2027, 3, 27, 12, 0), At(Berlin, 2027, 3, 28, 12, 0), []);
        var night = spring.Single(s => s.EngineerId == "2001");
        Assert.Equal(Duration.FromHours(11), night.End - night.Start);
        Assert.Equal(At(Berlin, 2027, 3, 28, 9, 0), night.End);
        var gap = spring.Single(s => s.EngineerId == "2002");
        Assert.Equal(At(Berlin, 2027, 3, 28, 3, 0), gap.Start); // 02:30 does not exist that night: the shift starts when the clock resumes

        var autumn = roster.Shifts(At(Berlin, 2027, 10, 30, 12, 0), At(Berlin, 2027, 10, 31, 12, 0), []).Single(s => s.EngineerId == "2001");
        Assert.Equal(Duration.FromHours(13), autumn.End - autumn.Start);
        Assert.Equal(["2001"], roster.OnDutyAt(At(Berlin, 2027, 10, 31, 8, 30), []));
    }

    [Fact]
    public void Holiday_UsesItsOwnHours_OrTheWeekday_OrNone()
    {
        // 2027-01-01 is a Friday and a holiday.
        var roster = RosterSettings.Build(
            [
                Entry(0, "Иван Петров", ("Friday", "09:00-18:00"), ("Holiday", "10:00-16:00")),
                Entry(1, "Мария Сидорова", ("Friday", "09:00-18:00")),
                Entry(2, "Пётр Иванов", ("Friday", "09:00-18:00"), ("Holiday", "off")),
            ],
            Staff,
            Moscow,
            [("Support:Calendar:Holidays:0", "2027-01-01")]);

        Assert.True(roster.IsHoliday(new LocalDate(2027, 1, 1)));
        Assert.Equal(["2002"], roster.OnDutyAt(At(Moscow, 2027, 1, 1, 9, 30), []));
        Assert.Equal(["2001", "2002"], roster.OnDutyAt(At(Moscow, 2027, 1, 1, 12, 0), []).Order());
        Assert.Equal(["2001", "2002", "2004"], roster.OnDutyAt(At(Moscow, 2027, 1, 8, 12, 0), []).Order());
    }

    [Fact]
    public void ByHand_OnUntilTheirShiftEnds_OffUntilTheyWouldHaveLeft_LatestWins()
    {
        var roster = Build(Moscow, [Entry(0, "Иван Петров", ("Monday", "09:00-21:00"))]);
        var early = At(Moscow, 2026, 11, 30, 8, 30);

        var until = roster.ManualStartUntil("2001", early, []);
        Assert.Equal(At(Moscow, 2026, 11, 30, 21, 0), until);
        var on = new DutyChange(DutyChangeKind.On, "2001", early, until);
        Assert.Equal(["2001"], roster.OnDutyAt(early, [on]));

        var leave = At(Moscow, 2026, 11, 30, 19, 0);
        var end = roster.ManualEndUntil("2001", leave, [on]);
        Assert.Equal(At(Moscow, 2026, 11, 30, 21, 0), end);
        var off = new DutyChange(DutyChangeKind.Off, "2001", leave, end!.Value);
        Assert.Empty(roster.OnDutyAt(leave, [on, off]));
        Assert.Equal(["2001"], roster.OnDutyAt(At(Moscow, 2026, 12, 7, 10, 0), [on, off]));

        // Somebody with no shift ahead: a hand-made start lasts 12 hours; not on duty, nothing to end.
        Assert.Equal(early + Duration.FromHours(12), roster.ManualStartUntil("2002", early, []));
        Assert.Null(roster.ManualEndUntil("2002", early, []));
    }

    [Fact]
    public void Swap_MovesTheDaysShifts_OnlyThatDay()
    {
        var roster = Build(Moscow, [Entry(0, "Иван Петров", ("Monday", "09:00-21:00"), ("Tuesday", "09:00-21:00"))]);
        var monday = new LocalDate(2026, 11, 30);
        var swap = new DutyChange(DutyChangeKind.Swap, "2001", At(Moscow, 2026, 11, 30, 0, 0), At(Moscow, 2026, 11, 30, 21, 0)) { OtherId = "2002", Date = monday };

        Assert.Equal(["2002"], roster.OnDutyAt(At(Moscow, 2026, 11, 30, 12, 0), [swap]));
        Assert.Equal(["2001"], roster.OnDutyAt(At(Moscow, 2026, 12, 1, 12, 0), [swap]));
        var now = roster.At(At(Moscow, 2026, 11, 30, 12, 0), [swap]);
        Assert.Equal(At(Moscow, 2026, 11, 30, 21, 0), now.OnDuty.Single().Until);
    }

    [Fact]
    public void Swaps_FollowEachOther_AndAnUndoGivesTheShiftBack()
    {
        var roster = Build(Moscow, [Entry(0, "Иван Петров", ("Monday", "09:00-21:00")), Entry(1, "Мария Сидорова", ("Monday", "21:00-09:00"))]);
        var monday = new LocalDate(2026, 11, 30);
        DutyChange Swap(string from, string to) => new(DutyChangeKind.Swap, from, At(Moscow, 2026, 11, 30, 0, 0), At(Moscow, 2026, 12, 1, 9, 0)) { OtherId = to, Date = monday };

        var there = Swap("2001", "2002");
        Assert.Equal(["2002"], roster.OnDutyAt(At(Moscow, 2026, 11, 30, 12, 0), [there]));
        Assert.Equal(["2002"], roster.OnDutyAt(At(Moscow, 2026, 11, 30, 22, 0), [there]));

        // Swapped back: Ivan's day is his again — and, as the command says, so are all of Maria's shifts of that date.
        var back = Swap("2002", "2001");
        Assert.Equal(["2001"], roster.OnDutyAt(At(Moscow, 2026, 11, 30, 12, 0), [there, back]));
        Assert.Equal(["2001"], roster.OnDutyAt(At(Moscow, 2026, 11, 30, 22, 0), [there, back]));
        Assert.Equal(["2002"], roster.OnDutyAt(At(Moscow, 2026, 12, 7, 22, 0), [there, back]));

        // Passed on: Ivan → Maria → Пётр.
        Assert.Equal(["2004"], roster.OnDutyAt(At(Moscow, 2026, 11, 30, 12, 0), [there, Swap("2002", "2004")]));
    }

    [Theory]
    [InlineData("Никто", "Monday", "09:00-21:00", "Support:Roster:0:Engineer", "no such person in Support:Staff")]
    [InlineData("Иван Петров", "Mondey", "09:00-21:00", "Support:Roster:0:Mondey", "unknown day")]
    [InlineData("Иван Петров", "Monday", "9:00 to 21:00", "Support:Roster:0:Monday", "is not a shift")]
    [InlineData("Иван Петров", "Monday", "off", "Support:Roster:0", "has no shift")]
    [InlineData("", "Monday", "09:00-21:00", "Support:Roster:0:Engineer", "every roster entry names its engineer")]
    public void BadRoster_StopsTheStartNamingTheKey(string engineer, string day, string hours, string key, string problem)
    {
        var ex = Assert.Throws<SupportConfigurationException>(() => Build(Moscow, [Entry(0, engineer, (day, hours))]));
        Assert.Equal(key, ex.Key);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSamePersonTwice_OrABadHoliday_IsRefused()
    {
        var twice = Assert.Throws<SupportConfigurationException>(() => Build(Moscow, [Entry(0, "Иван Петров", ("Monday", "09:00-21:00")), Entry(1, "2001", ("Tuesday", "09:00-21:00"))]));
        Assert.Equal("Support:Roster:1:Engineer", twice.Key);
        var holiday = Assert.Throws<SupportConfigurationException>(() => RosterSettings.Build([], Staff, Moscow, [("Support:Calendar:Holidays:0", "01.01.2027")]));
        Assert.Equal("Support:Calendar:Holidays:0", holiday.Key);
    }

    [Fact]
    public void StaffNames_ByNameWordUsernameOrId_AndPairs()
    {
        var usernames = new Dictionary<string, string> { ["ivan_p"] = "2001" };

        Assert.Equal(Ivan, StaffNames.Find("иван петров", Staff, usernames));
        Assert.Equal(Maria, StaffNames.Find("Сидорова", Staff, usernames));
        Assert.Equal(Ivan, StaffNames.Find("@Ivan_P", Staff, usernames));
        Assert.Equal(Maria, StaffNames.Find("2002", Staff, usernames));
        Assert.Null(StaffNames.Find("Иванов Петров", Staff, usernames));
        Assert.Null(StaffNames.Find("@nobody", Staff, usernames));

        Assert.Equal((Ivan, Maria), StaffNames.FindPair("Иван Петров Мария Сидорова", Staff, usernames));
        Assert.Equal((Maria, Ivan), StaffNames.FindPair("Сидорова @ivan_p", Staff, usernames));
        Assert.Null(StaffNames.FindPair("Петров Петров", Staff, usernames));
        Assert.Null(StaffNames.FindPair("Петров", Staff, usernames));
    }

    [Fact]
    public void Board_SaysWhoIsOnAndNext_InBothLanguages()
    {
        var roster = Build(Moscow, [Entry(0, "Иван Петров", ("Monday", "09:00-21:00")), Entry(1, "Мария Сидорова", ("Monday", "21:00-09:00"))]);
        var format = new SupportTimeFormat(Moscow);
        var now = roster.At(At(Moscow, 2026, 11, 30, 18, 30), []);
        string Name(string id) => Staff.Single(s => s.UserId == id).Name;

        Assert.Equal(
            "🗓 Дежурят сейчас: Иван Петров (до 30.11.2026 21:00 МСК).\nСледующая смена: 30.11.2026 21:00 МСК — Мария Сидорова.\n\n/duty on — начать смену, /duty off — закончить.",
            DutyTexts.Board(now, true, Name, format, false, Language.Ru));
        Assert.StartsWith("🗓 On duty now: Иван Петров (until 30 Nov 2026 21:00 MSK).", DutyTexts.Board(now, true, Name, format, true, Language.En));
        var nobody = roster.At(At(Moscow, 2026, 12, 1, 12, 0), []);
        Assert.StartsWith("🗓 Сейчас никто не на дежурстве — пинги упоминают всех инженеров.\nСледующая смена: 07.12.2026 09:00 МСК — Иван Петров.", DutyTexts.Board(nobody, true, Name, format, false, Language.Ru));
    }

    private static DutyRoster Build(DateTimeZone zone, IReadOnlyList<RosterEntry> entries) => RosterSettings.Build(entries, Staff, zone, []);

    private static RosterEntry Entry(int index, string engineer, params (string Day, string Hours)[] days) =>
        new($"Support:Roster:{index}", engineer, days.ToDictionary(d => d.Day, d => (string?)d.Hours, StringComparer.OrdinalIgnoreCase));

    private static Instant At(DateTimeZone zone, int y, int m, int d, int h, int min) => new LocalDateTime(y, m, d, h, min).InZoneLeniently(zone).ToInstant();
}
