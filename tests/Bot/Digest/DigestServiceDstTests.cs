using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Text;

namespace ChatSupport.Tests.Bot.Digest;

/// <summary>
/// <see cref="DigestService.ComputeAsync"/> on a migrated SQLite file in Europe/Berlin (24x7) on the two DST days of
/// 2027: Sunday 28.03 has 23 hours (02:00 CET → 03:00 CEST), Sunday 31.10 has 25 (03:00 CEST → 02:00 CET, so
/// 02:00-02:59 happens twice). Every instant below is written as Berlin local time with its offset; each figure
/// was counted by hand from the list.
/// </summary>
public sealed class DigestServiceDstTests
{
    private static readonly StaffMember Ivan = new("Иван Петров", StaffRole.Engineer, "3001");
    private static readonly StaffMember Maria = new("Мария Сидорова", StaffRole.Engineer, "3002");
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Fact]
    public async Task ComputeAsync_SpringForward23HourDay_CountsWithinTheLocalDay()
    {
        // The day: 28.03 00:00+01:00 (27.03 23:00Z) up to 29.03 00:00+02:00 (28.03 22:00Z), 23 hours.
        await using var desk = await Desk.CreateAsync();
        var p = desk.Policy;

        // #1 L1 registered the evening before: deadline +4 h = 04:30+02:00 (on the day). Claimed at the day's first
        // instant (met, 30 min), resolved at 03:30+02:00.
        var t1 = desk.Register(1, PriorityLevel.Critical, "2027-03-27T23:30:00+01:00");
        t1.Claim(Ivan, T("2027-03-28T00:00:00+01:00"));
        t1.Resolve(Ivan, null, T("2027-03-28T03:30:00+02:00"));
        // #2 L1 registered 00:30+01:00: deadline 05:30+02:00; claimed 06:00+02:00 — late, 4 h 30 min of real time
        // (5 h 30 min on the wall clock). Its resolve comes at the next day's first instant.
        var t2 = desk.Register(2, PriorityLevel.Critical, "2027-03-28T00:30:00+01:00");
        t2.Claim(Ivan, T("2027-03-28T06:00:00+02:00"));
        t2.Resolve(Ivan, null, T("2027-03-29T00:00:00+02:00"));
        // #3 L2, the last second before the gap; received 1 h 29 min 59 s earlier: registration breached.
        desk.Register(3, PriorityLevel.Medium, "2027-03-28T01:59:59+01:00", "2027-03-28T00:30:00+01:00");
        // #4 L3, the first second after the gap; received 01:30+01:00: 30 min real (1 h 30 on the wall clock): met.
        desk.Register(4, PriorityLevel.Low, "2027-03-28T03:00:00+02:00", "2027-03-28T01:30:00+01:00");
        // #5 L1 at 23:30+02:00 (on the day); claimed at the next day's first instant (not a claim of the day).
        var t5 = desk.Register(5, PriorityLevel.Critical, "2027-03-28T23:30:00+02:00");
        t5.Claim(Ivan, T("2027-03-29T00:00:00+02:00"));
        // #6 L2 at the next day's first instant: not registered on the day (a 24-hour day would count it).
        desk.Register(6, PriorityLevel.Medium, "2027-03-29T00:00:00+02:00");
        // #7 L1 at 20:00+02:00: deadline 29.03 00:00+02:00 — the day's end bound, so not due on the day.
        var t7 = desk.Register(7, PriorityLevel.Critical, "2027-03-28T20:00:00+02:00");
        t7.Claim(Maria, T("2027-03-28T21:00:00+02:00"));
        // #8 L1 from 26.03, reopened on the day at 01:30+01:00: window 2 due 06:30+02:00, claimed 06:00+02:00 (met, 3 h 30 min).
        var t8 = desk.Register(8, PriorityLevel.Critical, "2027-03-26T10:00:00+01:00");
        t8.Claim(Maria, T("2027-03-26T10:30:00+01:00"));
        t8.Resolve(Maria, null, T("2027-03-27T13:00:00+01:00"));
        t8.Reopen(T("2027-03-28T01:30:00+01:00"), p);
        t8.Claim(Ivan, T("2027-03-28T06:00:00+02:00"));
        // #9 L1 reopened one second before the day: not a reopening of the day, but window 2 is due 04:59:59+02:00
        // and is never claimed: breached.
        var t9 = desk.Register(9, PriorityLevel.Critical, "2027-03-26T11:00:00+01:00");
        t9.Claim(Maria, T("2027-03-26T11:30:00+01:00"));
        t9.Resolve(Maria, null, T("2027-03-27T13:00:00+01:00"));
        t9.Reopen(T("2027-03-27T23:59:59+01:00"), p);
        // #10 L2 from 27.03: due at the day's last second 23:59:59+02:00 and claimed exactly then: met (36:59:59).
        var t10 = desk.Register(10, PriorityLevel.Medium, "2027-03-27T10:00:00+01:00");
        t10.Claim(Maria, T("2027-03-28T23:59:59+02:00"));
        // #11 L3 from 25.03: due at the end of 28.03, never claimed: breached.
        desk.Register(11, PriorityLevel.Low, "2027-03-25T12:00:00+01:00");
        // #12 L1 due one second before the day (27.03 23:59:59+01:00): not due on the day.
        desk.Register(12, PriorityLevel.Critical, "2027-03-27T19:59:59+01:00");
        await desk.SaveAsync();

        var d = await desk.ComputeAsync(new LocalDate(2027, 3, 28), "2027-03-29T09:00:00+02:00", expectedHours: 23);

        // Registered on the day: #2, #5, #7 (L1), #3 (L2), #4 (L3); within the hour: all but #3.
        Assert.Equal((3, 1, 1, 5), (d.RegisteredByLevel[PriorityLevel.Critical], d.RegisteredByLevel[PriorityLevel.Medium], d.RegisteredByLevel[PriorityLevel.Low], d.RegisteredTotal));
        Assert.Equal((5, 4), (d.RegistrationTotal, d.RegistrationMet));
        // Due on the day — L1: #1 met, #2 breached, #8 window 2 met, #9 window 2 breached; L2: #10 met; L3: #11 breached.
        Assert.Equal(
            [
                new LevelReactions(PriorityLevel.Critical, 4, 2, 2, 0),
                new LevelReactions(PriorityLevel.Medium, 1, 1, 0, 0),
                new LevelReactions(PriorityLevel.Low, 1, 0, 1, 0),
            ],
            d.Reactions);
        Assert.Equal((6, 3, 3, 0), (d.ReactionsOverall.Due, d.ReactionsOverall.Met, d.ReactionsOverall.Breached, d.ReactionsOverall.Pending));
        // Claims on the day — L1: #1 30 min, #7 1 h, #8 (window 2) 3 h 30 min, #2 4 h 30 min → median (rank 2) 1 h,
        // 90th (rank 4) 4 h 30 min; L2: #10 36:59:59; L3: none.
        Assert.Equal(
            [
                new ClaimTimes(PriorityLevel.Critical, 4, Duration.FromHours(1), Duration.FromMinutes(270)),
                new ClaimTimes(PriorityLevel.Medium, 1, Span(36, 59, 59), Span(36, 59, 59)),
                new ClaimTimes(PriorityLevel.Low, 0, null, null),
            ],
            d.TimeToClaim);
        // Иван: claims #1, #2 (late), #8; resolves #1. Мария: claims #7, #10; her resolves were on 27.03.
        Assert.Equal([new EngineerFigures("Иван Петров", 3, 1, 1), new EngineerFigures("Мария Сидорова", 2, 0, 0)], d.Engineers);
        Assert.Equal([8], d.Reopened);
    }

    [Fact]
    public async Task ComputeAsync_FallBack25HourDay_CountsWithinTheLocalDay()
    {
        // The day: 31.10 00:00+02:00 (30.10 22:00Z) up to 01.11 00:00+01:00 (31.10 23:00Z), 25 hours.
        await using var desk = await Desk.CreateAsync();
        var p = desk.Policy;

        // #1 L1 registered the evening before (21:30Z): deadline 01:30Z = the second 02:30 (+01:00). Claimed at the
        // second 02:15 (+01:00): met, 3 h 45 min real (2 h 45 min on the wall clock); resolved at the day's last second.
        var t1 = desk.Register(1, PriorityLevel.Critical, "2027-10-30T23:30:00+02:00");
        t1.Claim(Ivan, T("2027-10-31T02:15:00+01:00"));
        t1.Resolve(Ivan, null, T("2027-10-31T23:59:59+01:00"));
        // #2 L1 at 00:30+02:00: deadline 03:30+01:00; claimed 03:45+01:00: late, 4 h 15 min. Resolved the next day.
        var t2 = desk.Register(2, PriorityLevel.Critical, "2027-10-31T00:30:00+02:00");
        t2.Claim(Ivan, T("2027-10-31T03:45:00+01:00"));
        t2.Resolve(Ivan, null, T("2027-11-01T00:00:00+01:00"));
        // #3 L2 at the first 02:30 (+02:00), #4 L3 at the second 02:30 (+01:00). #4 was received at the first 02:00:
        // 1 h 30 min real (30 min on the wall clock): registration breached.
        desk.Register(3, PriorityLevel.Medium, "2027-10-31T02:30:00+02:00");
        desk.Register(4, PriorityLevel.Low, "2027-10-31T02:30:00+01:00", "2027-10-31T02:00:00+02:00");
        // #5 L1 at 23:30+01:00: on the day (24 hours from midnight would end at 23:00+01:00 and miss it).
        desk.Register(5, PriorityLevel.Critical, "2027-10-31T23:30:00+01:00");
        // #6 L2 at the next day's first instant: not on the day.
        desk.Register(6, PriorityLevel.Medium, "2027-11-01T00:00:00+01:00");
        // #8 L1 from 29.10, reopened on the day at 23:45+01:00 (in the 25th hour): window 2 due the next day.
        var t8 = desk.Register(8, PriorityLevel.Critical, "2027-10-29T10:00:00+02:00");
        t8.Claim(Maria, T("2027-10-29T10:30:00+02:00"));
        t8.Resolve(Maria, null, T("2027-10-30T14:00:00+02:00"));
        t8.Reopen(T("2027-10-31T23:45:00+01:00"), p);
        // #9 L1 reopened one second before the day (21:59:59Z): window 2 due 01:59:59Z = the second 02:59:59;
        // claimed at the second 02:30: met, 3 h 30 min 1 s.
        var t9 = desk.Register(9, PriorityLevel.Critical, "2027-10-29T11:00:00+02:00");
        t9.Claim(Maria, T("2027-10-29T11:30:00+02:00"));
        t9.Resolve(Maria, null, T("2027-10-30T14:00:00+02:00"));
        t9.Reopen(T("2027-10-30T23:59:59+02:00"), p);
        t9.Claim(Maria, T("2027-10-31T02:30:00+01:00"));
        // #10 L2 from 30.10: due at the end of 31.10 (23:59:59+01:00); claimed 23:30+01:00: met, 38 h 30 min.
        var t10 = desk.Register(10, PriorityLevel.Medium, "2027-10-30T10:00:00+02:00");
        t10.Claim(Maria, T("2027-10-31T23:30:00+01:00"));
        // #11 L3 from 28.10: due at the end of 31.10, claimed the next day: breached, and not a claim of the day.
        var t11 = desk.Register(11, PriorityLevel.Low, "2027-10-28T09:00:00+02:00");
        t11.Claim(Maria, T("2027-11-01T00:10:00+01:00"));
        // #12 L1 due one second before the day (30.10 23:59:59+02:00): not due on the day.
        desk.Register(12, PriorityLevel.Critical, "2027-10-30T19:59:59+02:00");
        await desk.SaveAsync();

        var d = await desk.ComputeAsync(new LocalDate(2027, 10, 31), "2027-11-01T09:00:00+01:00", expectedHours: 25);

        // Registered on the day: #2, #5 (L1), #3 (L2), #4 (L3); within the hour: all but #4.
        Assert.Equal((2, 1, 1, 4), (d.RegisteredByLevel[PriorityLevel.Critical], d.RegisteredByLevel[PriorityLevel.Medium], d.RegisteredByLevel[PriorityLevel.Low], d.RegisteredTotal));
        Assert.Equal((4, 3), (d.RegistrationTotal, d.RegistrationMet));
        // Due on the day — L1: #1 met, #2 breached, #9 window 2 met; L2: #10 met; L3: #11 breached.
        Assert.Equal(
            [
                new LevelReactions(PriorityLevel.Critical, 3, 2, 1, 0),
                new LevelReactions(PriorityLevel.Medium, 1, 1, 0, 0),
                new LevelReactions(PriorityLevel.Low, 1, 0, 1, 0),
            ],
            d.Reactions);
        Assert.Equal((5, 3, 2, 0), (d.ReactionsOverall.Due, d.ReactionsOverall.Met, d.ReactionsOverall.Breached, d.ReactionsOverall.Pending));
        // Claims on the day — L1: #9 3:30:01, #1 3:45, #2 4:15 → median (rank 2) 3 h 45 min, 90th (rank 3) 4 h 15 min;
        // L2: #10 38 h 30 min.
        Assert.Equal(
            [
                new ClaimTimes(PriorityLevel.Critical, 3, Span(3, 45, 0), Span(4, 15, 0)),
                new ClaimTimes(PriorityLevel.Medium, 1, Span(38, 30, 0), Span(38, 30, 0)),
                new ClaimTimes(PriorityLevel.Low, 0, null, null),
            ],
            d.TimeToClaim);
        // Иван: claims #1, #2 (late); resolves #1. Мария: claims #9 (window 2), #10.
        Assert.Equal([new EngineerFigures("Иван Петров", 2, 1, 1), new EngineerFigures("Мария Сидорова", 2, 0, 0)], d.Engineers);
        Assert.Equal([8], d.Reopened);
    }

    private static Duration Span(int hours, int minutes, int seconds) =>
        Duration.FromHours(hours) + Duration.FromMinutes(minutes) + Duration.FromSeconds(seconds);

    /// <summary>An instant written as Berlin local time with its offset; the offset must be Berlin's at that instant.</summary>
    private static Instant T(string text)
    {
        var value = OffsetDateTimePattern.ExtendedIso.Parse(text).Value;
        var instant = value.ToInstant();
        Assert.Equal(Berlin.GetUtcOffset(instant), value.Offset);
        return instant;
    }

    /// <summary>A migrated SQLite file in a temp folder with one customer, and Europe/Berlin 24x7 as configured.</summary>
    private sealed class Desk : IAsyncDisposable
    {
        private readonly string _directory;
        private readonly DbContextOptions<SupportDbContext> _options;
        private readonly List<Ticket> _tickets = [];
        private CustomerSnapshot _customer = null!;

        private Desk(string directory)
        {
            _directory = directory;
            _options = new DbContextOptionsBuilder<SupportDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "support.db")}").Options;
            Sla = SlaSetup.FromConfiguration(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Support:TimeZone"] = "Europe/Berlin" })
                .Build());
        }

        public SlaSetup Sla { get; }

        public SlaPolicy Policy => Sla.Policy;

        public static async Task<Desk> CreateAsync()
        {
            var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var desk = new Desk(directory);
            await using var db = new SupportDbContext(desk._options);
            await db.Database.MigrateAsync();
            var customer = Customer.FirstSeen(ChannelKind.Telegram, new Sender("5001", "Анна", "anna", "ru"), "5001");
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            desk._customer = new CustomerSnapshot(customer.Id, ChannelKind.Telegram, "5001", "5001", "Анна", "anna", "ООО Берлин");
            return desk;
        }

        /// <summary>Registers through the domain; received 5 minutes before registration unless given.</summary>
        public Ticket Register(int number, PriorityLevel level, string registered, string? received = null)
        {
            var at = T(registered);
            var draft = new TicketDraft("ООО Берлин", RequestCategory.Diagnostics, $"Проблема {number}", [], level, LevelChoice.Customer,
                received is null ? at - Duration.FromMinutes(5) : T(received));
            var ticket = Ticket.Register(number, _customer, draft, at, Policy);
            _tickets.Add(ticket);
            return ticket;
        }

        public async Task SaveAsync()
        {
            await using var db = new SupportDbContext(_options);
            db.Tickets.AddRange(_tickets);
            await db.SaveChangesAsync();
        }

        public async Task<SlaDigest> ComputeAsync(LocalDate day, string now, int expectedHours)
        {
            await using var db = new SupportDbContext(_options);
            var (start, end) = DigestCalculator.Bounds(day, Berlin);
            Assert.Equal(Duration.FromHours(expectedHours), end - start);
            return await new DigestService(db, Sla, new FakeTimeProvider(T(now).ToDateTimeOffset())).ComputeAsync(day);
        }

        public ValueTask DisposeAsync()
        {
            Fakes.TempDirectories.DeleteWithDatabases(_directory);
            return ValueTask.CompletedTask;
        }
    }
}
