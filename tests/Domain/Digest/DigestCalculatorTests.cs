using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;
using static ChatSupport.Tests.Domain.Sla.SlaTestData;

namespace ChatSupport.Tests.Domain.Digest;

/// <summary>The digest of 24.11.2026 on a seeded set whose figures were counted by hand (see each comment).</summary>
public sealed class DigestCalculatorTests
{
    private static readonly LocalDate Day = new(2026, 11, 24);
    private static readonly SlaPolicy Policy = Policy24x7();
    private static readonly Instant Now = At("2026-11-25 09:00");

    private static SlaDigest Compute()
    {
        Deadline Due(PriorityLevel level, string registered) => Policy.ReactionDeadline(level, At(registered));

        var registered = new List<RegisteredFact>
        {
            new(1, PriorityLevel.Critical, RequestCategory.Diagnostics, At("2026-11-24 09:00"), At("2026-11-24 09:10")),   // registration met
            new(2, PriorityLevel.Medium, RequestCategory.Updates, At("2026-11-24 10:00"), At("2026-11-24 11:30")),         // 90 min: breached
            new(3, PriorityLevel.Low, RequestCategory.Diagnostics, At("2026-11-24 23:58"), At("2026-11-24 23:59:59")),     // the day's last second
            new(4, PriorityLevel.Critical, RequestCategory.FaultConsultation, At("2026-11-24 19:30"), At("2026-11-24 20:00")),
        };

        var w1 = new WindowFact(1, 1, PriorityLevel.Critical, At("2026-11-24 09:10"), Due(PriorityLevel.Critical, "2026-11-24 09:10"), At("2026-11-24 13:10"), "Иван Петров"); // claimed exactly at the deadline: met
        var w7 = new WindowFact(7, 1, PriorityLevel.Critical, At("2026-11-24 05:00"), Due(PriorityLevel.Critical, "2026-11-24 05:00"), At("2026-11-24 08:00"), "Мария Сидорова");
        var w5 = new WindowFact(5, 1, PriorityLevel.Medium, At("2026-11-23 15:00"), Due(PriorityLevel.Medium, "2026-11-23 15:00"), At("2026-11-25 00:30"), "Мария Сидорова"); // late
        var w6 = new WindowFact(6, 1, PriorityLevel.Medium, At("2026-11-23 10:00"), Due(PriorityLevel.Medium, "2026-11-23 10:00"), null, null); // never claimed
        var w8 = new WindowFact(8, 1, PriorityLevel.Low, At("2026-11-22 12:00"), Due(PriorityLevel.Low, "2026-11-22 12:00"), At("2026-11-24 12:00"), "Иван Петров");
        var w2 = new WindowFact(2, 1, PriorityLevel.Medium, At("2026-11-24 11:30"), Due(PriorityLevel.Medium, "2026-11-24 11:30"), At("2026-11-24 11:45"), "Иван Петров");

        var open = new List<OpenFact>
        {
            new(6, PriorityLevel.Medium, "ООО Шесть", null, TicketStatus.Registered, w6.Start, w6.Deadline, null),
            new(5, PriorityLevel.Medium, "ООО Пять", "Мария Сидорова", TicketStatus.InProgress, w5.Start, w5.Deadline, w5.ClaimedAt),
            new(4, PriorityLevel.Critical, "ООО Четыре", null, TicketStatus.Registered, At("2026-11-24 20:00"), Due(PriorityLevel.Critical, "2026-11-24 20:00"), null),
            new(3, PriorityLevel.Low, "ООО Три", null, TicketStatus.Registered, At("2026-11-24 23:59:59"), Due(PriorityLevel.Low, "2026-11-24 23:59:59"), null),
            new(11, PriorityLevel.Critical, "ООО Одиннадцать", null, TicketStatus.Registered, At("2026-11-25 05:30"), Due(PriorityLevel.Critical, "2026-11-25 05:30"), null), // 87.5% used
        };

        var actions = new List<ActionFact>
        {
            new(8, TicketEventKind.Resolved, "Иван Петров", At("2026-11-24 15:00")),
            new(9, TicketEventKind.Reopened, "Клиент", At("2026-11-24 18:00")),
        };

        return DigestCalculator.Compute(Day, Now, Policy, registered, [w1, w7, w5, w6], [w1, w7, w8, w2], open, actions);
    }

    [Fact]
    public void Registered_ByLevelAndCategory()
    {
        var d = Compute();

        Assert.Equal(4, d.RegisteredTotal);
        Assert.Equal(2, d.RegisteredByLevel[PriorityLevel.Critical]);
        Assert.Equal(1, d.RegisteredByLevel[PriorityLevel.Medium]);
        Assert.Equal(1, d.RegisteredByLevel[PriorityLevel.Low]);
        Assert.Equal(2, d.RegisteredByCategory[RequestCategory.Diagnostics]);
        Assert.Equal(1, d.RegisteredByCategory[RequestCategory.Updates]);
        Assert.Equal(0, d.RegisteredByCategory[RequestCategory.OperationConsultation]);
    }

    [Fact]
    public void Registration_ThreeOfFourWithinTheHour()
    {
        var d = Compute();

        Assert.Equal((4, 3, 75.0), (d.RegistrationTotal, d.RegistrationMet, d.RegistrationPercent));
    }

    [Fact]
    public void Reactions_DueOnTheDay_MetAndBreachedPerLevel()
    {
        var d = Compute();

        Assert.Equal((4, 2, 2, 0), (d.ReactionsOverall.Due, d.ReactionsOverall.Met, d.ReactionsOverall.Breached, d.ReactionsOverall.Pending));
        Assert.Equal(50.0, d.ReactionsOverall.MetPercent);
        var l1 = d.Reactions.Single(r => r.Level == PriorityLevel.Critical);
        Assert.Equal((2, 2, 0, 100.0), (l1.Due, l1.Met, l1.Breached, l1.MetPercent!.Value));
        var l2 = d.Reactions.Single(r => r.Level == PriorityLevel.Medium);
        Assert.Equal((2, 0, 2, 0.0), (l2.Due, l2.Met, l2.Breached, l2.MetPercent!.Value));
        Assert.Null(d.Reactions.Single(r => r.Level == PriorityLevel.Low).MetPercent);
    }

    [Fact]
    public void TimeToClaim_MedianAndP90_NearestRank()
    {
        var d = Compute();

        var l1 = d.TimeToClaim.Single(t => t.Level == PriorityLevel.Critical);
        Assert.Equal((2, Duration.FromHours(3), Duration.FromHours(4)), (l1.Count, l1.Median!.Value, l1.P90!.Value));
        var l2 = d.TimeToClaim.Single(t => t.Level == PriorityLevel.Medium);
        Assert.Equal((1, Duration.FromMinutes(15), Duration.FromMinutes(15)), (l2.Count, l2.Median!.Value, l2.P90!.Value));
        Assert.Equal(Duration.FromHours(48), d.TimeToClaim.Single(t => t.Level == PriorityLevel.Low).Median);
    }

    [Fact]
    public void OpenTickets_AtRiskAndBreached_WithHolders()
    {
        var d = Compute();

        Assert.Equal([11], d.AtRisk.Select(i => i.Number));
        Assert.Equal(0.875, d.AtRisk[0].WindowUsed, 3);
        Assert.Equal([5, 6, 4], d.Breached.Select(i => i.Number));
        Assert.Equal("Мария Сидорова", d.Breached[0].Holder);
        Assert.Null(d.Breached[1].Holder);
    }

    [Fact]
    public void Engineers_ClaimsBreachesResolves_AndReopened()
    {
        var d = Compute();

        Assert.Equal(
            [new EngineerFigures("Иван Петров", 3, 0, 1), new EngineerFigures("Мария Сидорова", 1, 0, 0)],
            d.Engineers);
        Assert.Equal([9], d.Reopened);
    }

    [Fact]
    public void Render_ReadsAsTheFiguresSay()
    {
        var text = DigestTexts.Render(Compute(), new SupportTimeFormat(Moscow));

        Assert.StartsWith("📊 Сводка SLA за 24.11.2026 (на 25.11.2026 09:00 МСК)", text);
        Assert.Contains("Зарегистрировано: 4 (ур.1: 2, ур.2: 1, ур.3: 1)", text);
        Assert.Contains("Регистрация в течение часа: 3 из 4 (75%)", text);
        Assert.Contains("Реакция (сроки этого дня): в срок 2, просрочено 2 (50% в срок)", text);
        Assert.Contains("ур. 1: 3 ч 00 мин / 4 ч 00 мин (2)", text);
        Assert.Contains("Сейчас просрочены: 3: #5 🟠 ООО Пять (Мария Сидорова), #6 🟠 ООО Шесть, #4 🔴 ООО Четыре", text);
        Assert.Contains("Иван Петров: 3 / 0 / 1", text);
        Assert.Contains("Открыто снова: 1 (#9)", text);
        Assert.Contains("SLA digest for 24 Nov 2026", DigestTexts.Render(Compute(), new SupportTimeFormat(Moscow), Language.En));
    }

    [Fact]
    public void Percentile_NearestRank()
    {
        var spans = Enumerable.Range(1, 10).Select(i => Duration.FromMinutes(i)).ToList();

        Assert.Equal(Duration.FromMinutes(5), DigestCalculator.Percentile(spans, 50));
        Assert.Equal(Duration.FromMinutes(9), DigestCalculator.Percentile(spans, 90));
        Assert.Null(DigestCalculator.Percentile([], 50));
    }
}
