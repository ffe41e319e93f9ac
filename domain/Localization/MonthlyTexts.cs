using System.Globalization;
using System.Text;
using ChatSupport.Domain.Digest;
using NodaTime;

namespace ChatSupport.Domain.Localization;

/// <summary>The monthly report in words.</summary>
public static class MonthlyTexts
{
    private static readonly string[] RuMonths = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];
    private static readonly string[] RuMonthsInstrumental = ["январём", "февралём", "мартом", "апрелем", "маем", "июнем", "июлем", "августом", "сентябрём", "октябрём", "ноябрём", "декабрём"];
    private static readonly string[] EnMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static string MonthName(YearMonth month, Language lang) =>
        (lang == Language.En ? EnMonths : RuMonths)[month.Month - 1] + " " + month.Year.ToString(CultureInfo.InvariantCulture);

    public static string Render(MonthlyReport r, Language lang)
    {
        var previous = r.Month.PlusMonths(-1);
        var text = new StringBuilder(lang.L("📅 Отчёт за ", "📅 Report for ")).Append(MonthName(r.Month, lang));
        text.Append("\n\n").Append(lang.L(
            $"Реакция в срок (в сравнении с {RuMonthsInstrumental[previous.Month - 1]} {previous.Year.ToString(CultureInfo.InvariantCulture)}):",
            $"Reactions met (against {MonthName(previous, lang)}):"));
        for (var i = 0; i < r.Reactions.Count; i++)
        {
            text.Append("\n  ").Append(lang.L("ур. ", "L")).Append((int)r.Reactions[i].Level).Append(": ").Append(Line(r.Reactions[i], r.PreviousReactions[i], lang));
        }

        text.Append('\n').Append(lang.L("  всего: ", "  overall: ")).Append(Line(r.Overall, r.PreviousOverall, lang));
        text.Append("\n\n").Append(lang.L("Зарегистрировано заявок: ", "Requests registered: ")).Append(r.Registered);
        if (r.TopOrganisations.Count > 0)
        {
            text.Append('\n').Append(lang.L("По организациям (первые 10):", "By organisation (top 10):"));
            foreach (var o in r.TopOrganisations)
            {
                text.Append("\n  ").Append(string.IsNullOrWhiteSpace(o.Organisation) || o.Organisation == "—" ? lang.L("без организации", "no organisation") : o.Organisation).Append(" — ").Append(o.Tickets);
            }
        }

        if (r.Engineers.Count > 0)
        {
            text.Append("\n\n").Append(lang.L("Инженеры (взято / с опозданием / оценок, средняя):", "Engineers (claimed / late / scores, average):"));
            foreach (var e in r.Engineers)
            {
                text.Append("\n  ").Append(e.Name).Append(": ").Append(e.Claims).Append(" / ").Append(e.Late).Append(" / ").Append(e.Scores)
                    .Append(e.AverageScore is { } average ? ", " + Number(average, lang) : string.Empty);
            }
        }

        text.Append("\n\n").Append(lang.L("Оценки клиентов: ", "Customer scores: ")).Append(r.Satisfaction.Answers);
        if (r.Satisfaction.Average is { } mean)
        {
            text.Append(lang.L(", средняя ", ", average ")).Append(Number(mean, lang)).Append(lang.L("; низких (1–2): ", "; low (1–2): ")).Append(r.Satisfaction.Low);
        }

        return text.ToString();
    }

    private static string Line(LevelReactions now, LevelReactions before, Language lang)
    {
        if (now.MetPercent is not { } percent)
        {
            return lang.L("сроков не было", "none due");
        }

        var change = MonthlyReport.Change(now, before) is { } c
            ? " (" + (c >= 0 ? "+" : "−") + Number(Math.Abs(c), lang) + lang.L(" п.п.)", " pp)")
            : lang.L(" (в прошлом месяце сроков не было)", " (none due the month before)");
        return $"{Number(percent, lang)}%{change}, " + lang.L($"в срок {now.Met} из {now.Met + now.Breached}", $"{now.Met} of {now.Met + now.Breached} met");
    }

    private static string Number(double value, Language lang)
    {
        var text = value.ToString("0.#", CultureInfo.InvariantCulture);
        return lang == Language.En ? text : text.Replace('.', ',');
    }
}
