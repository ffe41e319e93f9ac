using ChatSupport.Domain.Sla;

namespace ChatSupport.Domain.Localization;

/// <summary>The words on the digest's chart.</summary>
public static class ChartTexts
{
    public static string Title(string first, string last, Language lang) =>
        lang.L($"Реакция с {first} по {last}: в срок и просрочено по уровням", $"Reactions {first} – {last}: met and breached by level");

    public static string Count(Language lang) => lang.L("Сроки реакции, шт.", "Reaction deadlines");

    /// <summary>In place of a chart that could not be drawn (the text follows).</summary>
    public static string Failed(Language lang) => lang.L("📉 График не удалось построить — сводка ниже текстом.", "📉 The chart could not be drawn — the digest follows as text.");

    public static string Median(Language lang) => lang.L("медиана до взятия, ч", "median time to claim, h");

    public static string Met(PriorityLevel level, Language lang) => lang.L($"ур. {(int)level} в срок", $"L{(int)level} met");

    public static string Breached(Language lang) => lang.L("просрочено", "breached");

    public static string MedianLine(Language lang) => lang.L("медиана до взятия", "median time to claim");
}
