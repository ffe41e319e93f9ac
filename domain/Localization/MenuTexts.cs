namespace ChatSupport.Domain.Localization;

/// <summary>The command menu a messenger shows customers next to the message box, in both languages.</summary>
public static class MenuTexts
{
    public static readonly IReadOnlyList<(string Command, string Ru, string En)> CustomerCommands =
    [
        ("new", "Новая заявка", "New request"),
        ("my", "Мои заявки", "My requests"),
        ("ticket", "Заявка по номеру: /ticket 12", "A request by number: /ticket 12"),
        ("cancel", "Отменить текущее действие", "Cancel what is in progress"),
        ("profile", "Изменить организацию", "Change your organisation"),
        ("lang", "Язык: русский / English", "Language: русский / English"),
        ("forget", "Удалить мои персональные данные", "Erase my personal data"),
        ("help", "Как работает поддержка", "How support works"),
        ("start", "Начать", "Start"),
    ];
}
