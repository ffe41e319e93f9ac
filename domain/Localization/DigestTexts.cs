using System.Globalization;
using System.Text;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>The digest as managers read it.</summary>
public static class DigestTexts
{
    public static string Render(SlaDigest d, SupportTimeFormat format, Language lang = Language.Ru)
    {
        var text = new StringBuilder()
            .Append(lang.L("📊 Сводка SLA за ", "📊 SLA digest for ")).Append(format.Date(d.Day, lang))
            .Append(" (").Append(lang.L("на ", "as of ")).Append(format.Human(d.ComputedAt, lang)).Append(')');

        text.Append("\n\n").Append(lang.L("Зарегистрировано: ", "Registered: ")).Append(d.RegisteredTotal);
        if (d.RegisteredTotal > 0)
        {
            text.Append(" (").Append(string.Join(", ", d.RegisteredByLevel.Where(p => p.Value > 0).Select(p => $"{lang.L("ур.", "L")}{(int)p.Key}: {p.Value}"))).Append(')');
            foreach (var (category, count) in d.RegisteredByCategory.Where(p => p.Value > 0))
            {
                text.Append("\n  · ").Append(Texts.CategoryName(category, lang)).Append(": ").Append(count);
            }
        }

        text.Append("\n").Append(lang.L("Регистрация в течение часа: ", "Registered within the hour: "))
            .Append(d.RegistrationTotal == 0 ? "—" : $"{d.RegistrationMet} {lang.L("из", "of")} {d.RegistrationTotal} ({Percent(d.RegistrationPercent)})");

        text.Append("\n\n").Append(lang.L("Реакция (сроки этого дня): ", "Reaction (deadlines on the day): ")).Append(Line(d.ReactionsOverall, lang));
        foreach (var r in d.Reactions.Where(r => r.Due > 0))
        {
            text.Append("\n  ").Append(CardTexts.LevelMark(r.Level)).Append(' ').Append(lang.L("ур. ", "L")).Append((int)r.Level).Append(": ").Append(Line(r, lang));
        }

        var claimed = d.TimeToClaim.Where(t => t.Count > 0).ToList();
        if (claimed.Count > 0)
        {
            text.Append("\n\n").Append(lang.L("Время до взятия в работу (медиана / 90%):", "Time to claim (median / 90th percentile):"));
            foreach (var t in claimed)
            {
                text.Append("\n  ").Append(lang.L("ур. ", "L")).Append((int)t.Level).Append(": ")
                    .Append(SupportTimeFormat.Span(t.Median!.Value, lang)).Append(" / ").Append(SupportTimeFormat.Span(t.P90!.Value, lang))
                    .Append(" (").Append(t.Count).Append(')');
            }
        }

        text.Append("\n\n").Append(lang.L("Сейчас под угрозой (прошло больше 80% окна): ", "At risk now (over 80% of the window used): ")).Append(Items(d.AtRisk, lang));
        text.Append('\n').Append(lang.L("Сейчас просрочены: ", "Breached now: ")).Append(Items(d.Breached, lang));

        if (d.Engineers.Count > 0)
        {
            text.Append("\n\n").Append(lang.L("Инженеры (взято / просрочено / решено):", "Engineers (claimed / late / resolved):"));
            foreach (var e in d.Engineers)
            {
                text.Append("\n  ").Append(e.Name).Append(": ").Append(e.Claims).Append(" / ").Append(e.Breaches).Append(" / ").Append(e.Resolves);
            }
        }

        text.Append("\n\n").Append(lang.L("Открыто снова: ", "Reopened: "))
            .Append(d.Reopened.Count == 0 ? "0" : $"{d.Reopened.Count} ({string.Join(", ", d.Reopened.Select(n => $"#{n}"))})");
        var csat = d.Satisfaction;
        text.Append("\n\n").Append(lang.L("Оценки клиентов: ", "Customer scores: ")).Append(csat.Answers);
        if (csat.Average is { } average)
        {
            text.Append(lang.L(", средняя ", ", average ")).Append(Score(average, lang)).Append(lang.L(" из 5", " of 5"))
                .Append(lang.L("; низких (1–2): ", "; low (1–2): ")).Append(csat.Low);
            foreach (var (engineer, answers, mean) in csat.PerEngineer)
            {
                text.Append("\n  ").Append(engineer).Append(": ").Append(answers).Append(lang.L(", средняя ", ", average ")).Append(Score(mean, lang));
            }
        }

        text.Append('\n').Append(lang.L("Сейчас ждут ответа клиента: ", "Waiting for the customer's answer now: "))
            .Append(d.Awaiting.Count == 0 ? "0" : $"{d.Awaiting.Count} (" + string.Join(", ", d.Awaiting.Take(30).Select(a =>
                $"#{a.Number}" + (a.Holder is null ? string.Empty : $" {a.Holder}") + " · " + SupportTimeFormat.Span(d.ComputedAt - a.Since, lang)))
                + (d.Awaiting.Count > 30 ? ", …" : string.Empty) + ")");
        if (d.Blocked.Customers > 0)
        {
            text.Append('\n').Append(lang.L(
                $"Заблокированных клиентов: {d.Blocked.Customers}, сообщений от них за день (не переданы поддержке): {d.Blocked.Messages}",
                $"Blocked customers: {d.Blocked.Customers}; their messages on the day (not passed to support): {d.Blocked.Messages}"));
        }

        return text.ToString();
    }

    private static string Line(LevelReactions r, Language lang) =>
        r.Due == 0
            ? lang.L("сроков не было", "none due")
            : $"{lang.L("в срок", "met")} {r.Met}, {lang.L("просрочено", "breached")} {r.Breached}"
              + (r.Pending > 0 ? $", {lang.L("ещё идёт", "pending")} {r.Pending}" : string.Empty)
              + $" ({Percent(r.MetPercent)} {lang.L("в срок", "met")})";

    private static string Items(IReadOnlyList<RiskItem> items, Language lang) =>
        items.Count == 0
            ? "0"
            : $"{items.Count}: " + string.Join(", ", items.Take(30).Select(i =>
                $"#{i.Number} {CardTexts.LevelMark(i.Level)} {i.Organisation}" + (i.Holder is null ? string.Empty : $" ({i.Holder})")))
              + (items.Count > 30 ? "…" : string.Empty);

    /// <summary>«4,3» / «4.3».</summary>
    private static string Score(double value, Language lang)
    {
        var text = value.ToString("0.0", CultureInfo.InvariantCulture);
        return lang == Language.En ? text : text.Replace('.', ',');
    }

    private static string Percent(double? value) =>
        value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";
}
