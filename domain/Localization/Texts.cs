using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>Words the desk uses everywhere: levels, categories, statuses, in Russian and English.</summary>
public static class Texts
{
    public static string L(this Language language, string ru, string en) => language == Language.En ? en : ru;

    /// <summary>«1 (критичный)» / «1 (critical)».</summary>
    public static string LevelName(PriorityLevel level, Language lang) => level switch
    {
        PriorityLevel.Critical => lang.L("1 (критичный)", "1 (critical)"),
        PriorityLevel.Medium => lang.L("2 (средний)", "2 (medium)"),
        _ => lang.L("3 (низкий)", "3 (low)"),
    };

    /// <summary>The regulation's wording, shortened to one line for a button.</summary>
    public static string LevelButton(PriorityLevel level, Language lang) => level switch
    {
        PriorityLevel.Critical => lang.L("🔴 1 — ПО не работает, обходного пути нет", "🔴 1 — software down, no workaround"),
        PriorityLevel.Medium => lang.L("🟠 2 — серьёзные ограничения, есть обходной путь", "🟠 2 — seriously limited, workaround exists"),
        _ => lang.L("🟢 3 — неудобство или другой вопрос", "🟢 3 — inconvenience or other question"),
    };

    /// <summary>The regulation's wording of a level, in full, with the reaction time these terms give.</summary>
    public static string LevelExplained(PriorityLevel level, Language lang, SlaTerms? terms = null) => level switch
    {
        PriorityLevel.Critical => lang.L(
            "Уровень 1 (критичный): отказ ПО — работать дальше невозможно, бизнес-процессы существенно нарушены, альтернативного способа нет. Реакция — ",
            "Level 1 (critical): the software has failed and cannot go on working; business processes are substantially disrupted and there is no alternative. Reaction: ")
            + Reaction(level, lang, terms ?? SlaTerms.Regulation) + ".",
        PriorityLevel.Medium => lang.L(
            "Уровень 2 (средний): серьёзное ограничение функциональности, бизнес-процессы нарушены, но есть альтернативный способ; или консультация, чтобы избежать видимого сбоя. Реакция — ",
            "Level 2 (medium): a serious limitation; business processes are disrupted but an alternative exists; or a consultation to avoid a visible failure. Reaction: ")
            + Reaction(level, lang, terms ?? SlaTerms.Regulation) + ".",
        _ => lang.L(
            "Уровень 3 (низкий): неудобство в использовании, бизнес-процессы не нарушены; или другой вопрос в рамках поддержки. Реакция — ",
            "Level 3 (low): an inconvenience, business processes are not disrupted; or any other question within support. Reaction: ")
            + Reaction(level, lang, terms ?? SlaTerms.Regulation) + ".",
    };

    /// <summary>«4 часа» / «до конца следующего календарного дня» — as the configured terms say.</summary>
    public static string Reaction(PriorityLevel level, Language lang, SlaTerms terms)
    {
        if (level == PriorityLevel.Critical)
        {
            var span = terms.Level1Reaction;
            var hours = (int)span.TotalHours;
            var amount = span.Minutes == 0
                ? Count(hours, lang, "час", "часа", "часов", "hour", "hours")
                : SupportTimeFormat.Span(span, lang);
            return lang.L($"{amount} с момента регистрации", $"{amount} from registration");
        }

        var days = level == PriorityLevel.Medium ? terms.Level2Days : terms.Level3Days;
        return days switch
        {
            0 => lang.L("до конца дня регистрации", "by the end of the registration day"),
            1 => lang.L("до конца следующего календарного дня", "by the end of the next calendar day"),
            3 => lang.L("до конца третьего календарного дня", "by the end of the third calendar day"),
            _ => lang.L($"до конца {days}-го календарного дня", $"by the end of calendar day {days} after registration"),
        };
    }

    /// <summary>The guide's first question, answered: the buttons' labels, and how the answer is quoted back.</summary>
    public static string SoftwareAnswer(SoftwareState state, Language lang) => state switch
    {
        SoftwareState.Stopped => lang.L("Не работает, пользоваться невозможно", "It has stopped working"),
        SoftwareState.SeriouslyLimited => lang.L("Работает с серьёзными ограничениями", "It works, seriously limited"),
        SoftwareState.FailureAhead => lang.L("Работает; нужна консультация, чтобы избежать сбоя", "It works; I need advice to avoid a failure"),
        _ => lang.L("Работает; есть неудобство или вопрос", "It works; an inconvenience or a question"),
    };

    /// <summary>The guide's second question, answered.</summary>
    public static string AlternativeAnswer(bool exists, Language lang) => exists
        ? lang.L("Да, есть обходной путь", "Yes, there is a workaround")
        : lang.L("Нет, другого способа нет", "No, there is no other way");

    public static string CategoryName(RequestCategory? category, Language lang) => category switch
    {
        null => lang.L("не указана", "not given"),
        RequestCategory.Diagnostics => lang.L("Диагностика проблем в работе платформы", "Diagnosing problems in the platform"),
        RequestCategory.FaultConsultation => lang.L("Консультация по устранению неисправностей", "Consultation on fixing faults"),
        RequestCategory.OperationConsultation => lang.L("Консультация по работе и восстановлению платформы", "Consultation on operation and recovery"),
        RequestCategory.Updates => lang.L("Обновления и исправления, их установка", "Updates and fixes, installing them"),
        _ => category.Value.ToString(),
    };

    public static string StatusName(TicketStatus status, Language lang) => status switch
    {
        TicketStatus.Registered => lang.L("зарегистрирована", "registered"),
        TicketStatus.InProgress => lang.L("в работе", "in progress"),
        TicketStatus.Resolved => lang.L("решена, ждёт подтверждения", "resolved, awaiting confirmation"),
        TicketStatus.Reopened => lang.L("открыта снова", "reopened"),
        TicketStatus.Closed => lang.L("закрыта", "closed"),
        TicketStatus.AwaitingCustomer => lang.L("ждёт ответа клиента", "waiting for the customer's answer"),
        _ => status.ToString(),
    };

    /// <summary>«3 сообщения», «1 файл» — Russian plural forms.</summary>
    public static string Count(int n, Language lang, string one, string few, string many, string enOne, string enMany)
    {
        if (lang == Language.En)
        {
            return $"{n} {(n == 1 ? enOne : enMany)}";
        }

        var mod100 = n % 100;
        var mod10 = n % 10;
        var word = mod100 is >= 11 and <= 14 ? many : mod10 == 1 ? one : mod10 is >= 2 and <= 4 ? few : many;
        return $"{n} {word}";
    }

    public static string Files(int n, Language lang) => Count(n, lang, "файл", "файла", "файлов", "file", "files");

    /// <summary>Instead of a file that could not be forwarded from one messenger to another.</summary>
    public static string FileNotForwarded(AttachmentRef file, Language lang) => lang.L(
        $"📎 Файл «{file.DisplayName}» не удалось переслать: он больше допустимого размера или больше недоступен. Попросите прислать его ссылкой.",
        $"📎 The file “{file.DisplayName}” could not be forwarded: it is too large or no longer available. Ask for a link to it instead.");

    /// <summary>To the sender of a file that is over the size limit for crossing messengers.</summary>
    public static string FileTooLarge(AttachmentRef file, long maxBytes, Language lang) => lang.L(
        $"📎 Файл «{file.DisplayName}» ({Megabytes(file.Size ?? 0, lang)} МБ) не передан: пересылаются файлы до {Megabytes(maxBytes, lang)} МБ. Пришлите, пожалуйста, ссылку на него (например, на облачный диск).",
        $"📎 The file “{file.DisplayName}” ({Megabytes(file.Size ?? 0, lang)} MB) was not forwarded: files up to {Megabytes(maxBytes, lang)} MB can be. Please send a link to it instead (a cloud drive, for example).");

    /// <summary>«1,5» / «1.5»: megabytes with one decimal, in the language's way.</summary>
    public static string Megabytes(long bytes, Language lang) =>
        lang == Language.En ? Mb(bytes) : Mb(bytes).Replace('.', ',');

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A configured period in words: «1 день», «5 дней» / «5 days» for whole days, else «12 ч 00 мин».</summary>
    public static string Period(NodaTime.Duration period, Language lang) =>
        period.BclCompatibleTicks % NodaTime.NodaConstants.TicksPerDay == 0 && period > NodaTime.Duration.Zero
            ? Count(period.Days, lang, "день", "дня", "дней", "day", "days")
            : SupportTimeFormat.Span(period, lang);

    /// <summary>How long something waited: «3 дн.» / «3 days» for whole days, else «12 ч 00 мин».</summary>
    public static string Waited(NodaTime.Duration waited, Language lang) =>
        waited.BclCompatibleTicks % NodaTime.NodaConstants.TicksPerDay == 0 && waited > NodaTime.Duration.Zero
            ? lang.L($"{waited.Days} дн.", $"{waited.Days} {(waited.Days == 1 ? "day" : "days")}")
            : SupportTimeFormat.Span(waited, lang);

    public static string Messages(int n, Language lang) => Count(n, lang, "сообщение", "сообщения", "сообщений", "message", "messages");

    /// <summary>The text up to its first line break.</summary>
    public static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }

    /// <summary>The first <paramref name="length"/> UTF-16 units, never splitting a surrogate pair.</summary>
    public static string SafeCut(string text, int length)
    {
        if (length >= text.Length)
        {
            return text;
        }

        return length > 0 && char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];
    }

    /// <summary>Cuts a text for a preview at a word boundary, with an ellipsis.</summary>
    public static string Preview(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1, Math.Min(max, 40));
        return SafeCut(text, cut > 0 ? cut : max - 1).TrimEnd() + "…";
    }
}
