namespace ChatSupport.Domain.Localization;

/// <summary>
/// How the history read before it kept facts (the words the bot then wrote into <c>TicketEvents</c>): recognised
/// once, by the migration that turns those lines into facts. Never written again.
/// </summary>
public static class LegacyWording
{
    public const string Level = "уровень ";
    public const string NeedsTriage = "требует уточнения";
    public const string ReactionMet = "реакция в срок";
    public const string ReactionAlreadyRecorded = "реакция уже учтена";
    public const string ReactionLate = "реакция с опозданием на ";
    public const string From = "от ";
    public const string NoAnswer = "без ответа клиента ";
    public const string DaysSuffix = " дн.";
    public const string RepeatAfterBreach = "повтор после просрочки";
    public const string DutyAndManagers = "дежурный чат и чат менеджеров";
    public const string ToManagers = "→ чат менеджеров";
    public const string Late = ", с опозданием на ";
    public const string File = " файл";
    public const string FilesFew = "а";
    public const string FilesMany = "ов";
    public const string Days = " д ";
    public const string Hours = " ч";
    public const string HoursAnd = " ч ";
    public const string Minutes = " мин";
}
