namespace ChatSupport.Domain.Localization;

/// <summary>The words the bot recognises from people, in both languages (what it writes lives beside, in the texts).</summary>
public static class Vocabulary
{
    private static readonly Dictionary<string, Language> LanguageWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ru"] = Language.Ru,
        ["рус"] = Language.Ru,
        ["русский"] = Language.Ru,
        ["en"] = Language.En,
        ["eng"] = Language.En,
        ["english"] = Language.En,
        ["англ"] = Language.En,
        ["английский"] = Language.En,
    };

    /// <summary>The language a word names (<c>/lang рус</c>, <c>/lang en</c>), or null.</summary>
    public static Language? LanguageNamed(string? word) =>
        word is not null && LanguageWords.TryGetValue(word.Trim(), out var language) ? language : null;

    /// <summary>A staff role named in either language (/staff add, /staff role): engineer / инженер, manager / менеджер.</summary>
    public static Tickets.StaffRole? RoleNamed(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "engineer" or "инженер" => Tickets.StaffRole.Engineer,
        "manager" or "менеджер" => Tickets.StaffRole.Manager,
        _ => null,
    };
}
