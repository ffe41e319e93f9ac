using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>
/// The words and patterns the bot recognises in letters (subjects, quoted history), in both languages: Russian mail
/// clients' own wording beside the English ones'. Used by <see cref="Mail.MailSubject"/> and <see cref="Mail.QuotedHistory"/>.
/// </summary>
public static class MailVocabulary
{
    /// <summary>What may follow a score's digit in a letter («4 из 5», «4 out of 5»).</summary>
    public static readonly IReadOnlyList<string> ScoreOutOf = ["из 5", "out of 5"];

    /// <summary>
    /// The regulation's categories by the stems of their words, so that «диагностика», «диагностики», «диагностику»
    /// all match (checked against the regulation's wording); the first category a subject names wins.
    /// </summary>
    public static readonly (RequestCategory Category, string[] Words)[] CategoryWords =
    [
        (RequestCategory.Diagnostics, ["диагност", "diagnos"]),
        (RequestCategory.FaultConsultation, ["неисправност", "устранени", "сбой", "сбоя", "сбои", "ошибк", "не работает", "fault", "error", "failure"]),
        (RequestCategory.OperationConsultation, ["восстановлен", "работоспособност", "функционирован", "recover", "restore", "how to"]),
        (RequestCategory.Updates, ["обновлен", "исправлени", "патч", "update", "upgrade", "patch", "hotfix"]),
    ];

    /// <summary>A reply that says the problem is not solved (checked first: «не решена» holds «решена»).</summary>
    public static readonly string[] NotSolvedWords = ["не решена", "не решено", "не решилась", "нет", "not solved", "no", "reopen", "открыть снова"];

    /// <summary>A reply that says the problem is solved.</summary>
    public static readonly string[] SolvedWords = ["да", "решена", "решено", "решилась", "закрыть", "закрывайте", "yes", "solved", "close"];

    /// <summary>A line that names the sender's organisation: «Организация: ООО Ромашка», "Company - Romashka LLC".</summary>
    public const string OrganisationPattern = @"^(?:организация|компания|organi[sz]ation|company)\s*[:—–-]\s*(?<name>\S.*)$";

    /// <summary>[1] alone (not [#1], not [12]); or a word for level followed by 1–3 and not by another digit.</summary>
    public const string LevelTagPattern = @"(?:\[\s*(?<l>[1-3])\s*\]|(?<![\p{L}])(?:уровень|уровня|приоритет|level|priority|prio)\s*(?:[:№#-]\s*)?(?<l>[1-3])(?!\d))";

    /// <summary>One reply or forward prefix at the start: Re:, Fwd:, AW:, SV:, Ответ:, На:, Пересл: …, counted as Re[2]: or Re(2): too.</summary>
    public const string PrefixPattern = @"^(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|rv|ответ|отв|на|пересл|переслано|fwd?)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)";

    /// <summary>A forwarded letter starts here: what follows is content.</summary>
    public const string ForwardedPattern = @"^(?:-{2,}\s*(?:пересылаемое сообщение|пересланное сообщение|forwarded message)\s*-{2,}|begin forwarded message:)$";

    /// <summary>A separator above the quoted original letter.</summary>
    public const string SeparatorPattern = @"^-{2,}\s*(?:original message|исходное сообщение|оригинальное сообщение|ursprüngliche nachricht)\s*-{2,}$";

    /// <summary>"On … wrote:"; «30.11.2026 10:00, Анна пишет:» (a digit required: «как я уже написал:» is the customer's own text); «пн, 30 нояб. 2026 г. в 10:00, Анна &lt;anna@client.ru&gt;:» (a date and an address in angle brackets).</summary>
    public const string AttributionPattern = @"^(?:(?:on|am|le)\s.{4,250}\s(?:wrote|schrieb|a écrit)|(?=.*\d).{0,250}(?:написал|написала|написал\(а\)|пишет)|(?=.*\d).{0,250}<[^<>@\s]+@[^<>\s]+>)\s*:$";

    /// <summary>The first line of an Outlook-style header block of the quoted letter.</summary>
    public const string HeaderFromPattern = @"^\*?(?:from|от|отправитель)\s*:\*?\s+\S";

    /// <summary>Its date line, within three lines of the first.</summary>
    public const string HeaderSentPattern = @"^\*?(?:sent|date|отправлено|дата)\s*:\*?\s+\S";
}
