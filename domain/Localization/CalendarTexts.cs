namespace ChatSupport.Domain.Localization;

/// <summary>What the desk says about its production calendar.</summary>
public static class CalendarTexts
{
    /// <summary>How a production calendar names a transferred working day (an event's summary starting with it).</summary>
    public const string WorkdaySummary = "Рабочий день";

    /// <summary>A shortened pre-holiday day («Сокращённый день», «Предпраздничный день»): a working day, not a holiday.</summary>
    public static bool IsShortenedDay(string? summary) =>
        summary?.TrimStart() is { } s && (s.StartsWith("Сокращ", StringComparison.OrdinalIgnoreCase) || s.StartsWith("Предпраздн", StringComparison.OrdinalIgnoreCase));

    /// <summary>No holiday is known for <paramref name="year"/>, which the next 60 days reach.</summary>
    public static string Missing(int year, Language lang) => lang.L(
        $"⚠ Нет производственного календаря на {year} год — сроки будут считаться без праздников. Добавьте праздники {year} года в Support:Calendar:HolidaysFile (iCalendar) или Support:Calendar:Holidays и перезапустите бота.",
        $"⚠ No production calendar for {year} — deadlines will be computed without holidays. Add {year}'s holidays to Support:Calendar:HolidaysFile (iCalendar) or Support:Calendar:Holidays and restart the bot.");
}
