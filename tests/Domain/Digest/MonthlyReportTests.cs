using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using NodaTime;

namespace ChatSupport.Tests.Domain.Digest;

public sealed class MonthlyReportTests
{
    private static readonly DateTimeZone Moscow = DateTimeZoneProviders.Tzdb["Europe/Moscow"];

    [Fact]
    public void January_IsComparedWithTheDecemberBefore_AcrossTheYear()
    {
        var january = new YearMonth(2027, 1);
        var now = Instant.FromUtc(2027, 2, 1, 6, 0);
        // January: level 1 — 3 met of 4; December 2026: level 1 — 1 met of 2; level 3 only in January.
        IReadOnlyList<WindowFact> jan = [W(1, PriorityLevel.Critical, true, "Иван Петров"), W(2, PriorityLevel.Critical, true, "Иван Петров"), W(3, PriorityLevel.Critical, true, "Мария Сидорова"), W(4, PriorityLevel.Critical, false, "Мария Сидорова"), W(5, PriorityLevel.Low, true, "Иван Петров")];
        IReadOnlyList<WindowFact> dec = [W(6, PriorityLevel.Critical, true, "Иван Петров"), W(7, PriorityLevel.Critical, false, "Иван Петров")];

        var report = MonthlyReport.Compute(january, now, jan, dec, jan, ["ООО Ромашка", "ООО Ромашка", "ИП Сидоров", "АО Вектор"],
            [new SatisfactionFact(1, 5, "Иван Петров"), new SatisfactionFact(4, 2, "Мария Сидорова")]);

        Assert.Equal(25.0, MonthlyReport.Change(report.Reactions[0], report.PreviousReactions[0]));
        var text = MonthlyTexts.Render(report, Language.Ru);
        Assert.StartsWith("📅 Отчёт за январь 2027\n\nРеакция в срок (в сравнении с декабрём 2026):", text);
        Assert.Contains("  ур. 1: 75% (+25 п.п.), в срок 3 из 4", text);
        Assert.Contains("  ур. 2: сроков не было", text);
        Assert.Contains("  ур. 3: 100% (в прошлом месяце сроков не было), в срок 1 из 1", text);
        Assert.Contains("  всего: 80% (+30 п.п.), в срок 4 из 5", text);
        Assert.Contains("Зарегистрировано заявок: 4\nПо организациям (первые 10):\n  ООО Ромашка — 2\n  АО Вектор — 1\n  ИП Сидоров — 1", text);
        Assert.Contains("  Иван Петров: 3 / 0 / 1, 5\n  Мария Сидорова: 2 / 1 / 1, 2", text);
        Assert.Contains("Оценки клиентов: 2, средняя 3,5; низких (1–2): 1", text);
        Assert.StartsWith("📅 Report for January 2027\n\nReactions met (against December 2026):", MonthlyTexts.Render(report, Language.En));
    }

    [Fact]
    public void TopTen_IsTheTenBusiestOrganisations()
    {
        var organisations = Enumerable.Range(1, 12).SelectMany(i => Enumerable.Repeat($"Организация {i:00}", i)).ToList();

        var report = MonthlyReport.Compute(new YearMonth(2026, 11), Instant.FromUtc(2026, 12, 1, 6, 0), [], [], [], organisations, []);

        Assert.Equal(78, report.Registered);
        Assert.Equal(10, report.TopOrganisations.Count);
        Assert.Equal(("Организация 12", 12), (report.TopOrganisations[0].Organisation, report.TopOrganisations[0].Tickets));
        Assert.DoesNotContain(report.TopOrganisations, o => o.Organisation is "Организация 01" or "Организация 02");
    }

    private static WindowFact W(int number, PriorityLevel level, bool met, string by)
    {
        var start = new LocalDateTime(2027, 1, 10, 10, 0).InZoneLeniently(Moscow).ToInstant();
        var deadline = Deadline.Exact(start + Duration.FromHours(4));
        return new WindowFact(number, 1, level, start, deadline, met ? start + Duration.FromHours(1) : start + Duration.FromHours(6), by);
    }
}
