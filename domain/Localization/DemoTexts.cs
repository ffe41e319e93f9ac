namespace ChatSupport.Domain.Localization;

/// <summary>
/// What the local demo messenger and the benchmarks say or pretend to be: its panes, its errors, the customer it
/// plays. The page answers in Russian; the bot itself answers in the page's language.
/// </summary>
public static class DemoTexts
{
    /// <summary>Start-up's line with the demo's address (a log template: placeholders in braces).</summary>
    public const string ReadyLog = "Демо: откройте {Address} в браузере (demo: open it in a browser). Demo database {Database}, emptied at each start; set Telegram__BotToken and/or Max__BotToken to run for real";

    public const string CustomerName = "Анна";

    public const string CustomerOrganisation = "ООО «Ромашка»";

    public static (string Ru, string En) CustomerPane => ($"Клиент · {CustomerName} ({CustomerOrganisation})", "Customer · Anna (Romashka LLC)");

    public static (string Ru, string En) DutyPane(string engineer) => ($"Дежурный чат · вы — {engineer}", $"Duty chat · you are {engineer}");

    public static (string Ru, string En) EngineerPane(string engineer) => ($"Личный чат инженера · {engineer}", $"Engineer's private chat · {engineer}");

    public static (string Ru, string En) ManagersPane(string manager) => ($"Чат менеджеров · вы — {manager}", $"Managers' chat · you are {manager}");

    public const string UnknownPane = "Неизвестный чат: ожидается customer, duty, engineer или managers.";

    public const string EmptyMessage = "Пустое сообщение: напишите что-нибудь.";

    public static string TooLong(int max) => $"Слишком длинное сообщение: до {max} символов.";

    /// <summary>How the customer's pane shows a letter they sent from the page's letter form.</summary>
    public static string Letter(string subject, string text) =>
        "✉ " + (subject.Length == 0 ? "(без темы)" : subject) + (text.Length == 0 ? string.Empty : "\n\n" + text);

    public const string NoSuchButton = "Такой кнопки в этом чате нет (сообщение изменилось?). Обновите страницу.";

    public const string TravelRange = "Путешествие во времени: от 1 до 168 часов вперёд.";

    /// <summary>What the benchmark's customers type: an organisation and a problem.</summary>
    public const string BenchOrganisation = "ООО Бенчмарк";

    public const string BenchProblem = "Сервер приложений не отвечает после обновления";

    /// <summary>A message of the outbound bench's burst.</summary>
    public static string BenchMessage(int number, int of) => $"Сообщение {number} из {of}";
}
