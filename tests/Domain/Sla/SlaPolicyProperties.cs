using ChatSupport.Domain.Sla;
using CsCheck;
using NodaTime;

namespace ChatSupport.Tests.Domain.Sla;

/// <summary>Properties of the deadlines over random instants, zones and calendars.</summary>
public sealed class SlaPolicyProperties
{
    private static readonly string[] Zones = ["Europe/Moscow", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "UTC"];

    private static readonly Gen<Instant> AnyInstant =
        Gen.Long[Instant.FromUtc(2000, 1, 1, 0, 0).ToUnixTimeSeconds(), Instant.FromUtc(2060, 1, 1, 0, 0).ToUnixTimeSeconds()]
            .Select(Instant.FromUnixTimeSeconds);

    private static readonly Gen<PriorityLevel> AnyLevel = Gen.Int[1, 3].Select(l => (PriorityLevel)l);

    private static readonly Gen<SlaPolicy> AnyPolicy = Gen.Select(Gen.OneOf(Zones), Gen.Bool).Select((zoneId, schedule) =>
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        return schedule
            ? new SlaPolicy(SlaTestData.Office(zone))
            : new SlaPolicy(new AlwaysOpenCalendar(zone));
    });

    [Fact]
    public void ReactionDeadline_IsNeverBeforeRegistration()
    {
        Gen.Select(AnyPolicy, AnyLevel, AnyInstant).Sample((policy, level, registered) =>
            policy.ReactionDeadline(level, registered).At >= Deadline.TruncateToSecond(registered));
    }

    [Fact]
    public void ReactionDeadline_NeverDecreasesWhenRegistrationMovesLater()
    {
        Gen.Select(AnyPolicy, AnyLevel, AnyInstant, Gen.Long[0, 10 * 24 * 3600]).Sample((policy, level, first, laterBy) =>
        {
            var second = first + Duration.FromSeconds(laterBy);
            return policy.ReactionDeadline(level, first).At <= policy.ReactionDeadline(level, second).At;
        });
    }

    [Fact]
    public void ReactionDeadline_Level1In24x7_IsExactlyFourElapsedHours()
    {
        Gen.Select(Gen.OneOf(Zones), AnyInstant).Sample((zoneId, registered) =>
        {
            var policy = new SlaPolicy(new AlwaysOpenCalendar(DateTimeZoneProviders.Tzdb[zoneId]));
            return policy.ReactionDeadline(PriorityLevel.Critical, registered).At - registered == Duration.FromHours(4);
        });
    }

    [Fact]
    public void ReactionDeadline_CalendarLevels_EndAtLastSecondOfADay()
    {
        Gen.Select(AnyPolicy, Gen.Int[2, 3], AnyInstant).Sample((policy, level, registered) =>
        {
            var deadline = policy.ReactionDeadline((PriorityLevel)level, registered);
            var zone = policy.Calendar.Zone;
            var days = level == 2 ? policy.Terms.Level2Days : policy.Terms.Level3Days;
            return deadline.EndOfDay == registered.InZone(zone).Date.PlusDays(days)
                && (deadline.At + Duration.FromSeconds(1)).InZone(zone).Date == deadline.EndOfDay.Value.PlusDays(1)
                && deadline.At.InZone(zone).Date == deadline.EndOfDay.Value;
        });
    }

    [Fact]
    public void AddSupportTime_CountsBackWithSupportTimeBetween()
    {
        Gen.Select(AnyPolicy, AnyInstant, Gen.Int[0, 40 * 60]).Sample((policy, start, minutes) =>
        {
            var calendar = policy.Calendar;
            var span = Duration.FromMinutes(minutes);
            var end = calendar.AddSupportTime(start, span);
            return end >= start && calendar.SupportTimeBetween(start, end) == span;
        });
    }
}
