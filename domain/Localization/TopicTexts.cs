using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;
using NodaTime.Text;

namespace ChatSupport.Domain.Localization;

/// <summary>
/// A ticket's forum topic in the duty chat: its name follows the ticket («🔴 #12 · ООО Ромашка · до 22:30 МСК», then
/// «🛠 Иван Петров», «⏳ ждёт клиента», «✅ решена», «☑ закрыта»), the level's mark always first — the icon's colour is
/// set once, at creation, and Telegram cannot change it later.
/// </summary>
public static class TopicTexts
{
    /// <summary>Telegram's limit for a topic's name (1–128 characters; counted here in UTF-16 units, the stricter count).</summary>
    public const int MaxName = 128;

    /// <summary>The icon colours Telegram allows: red for level 1, yellow for level 2, blue for level 3.</summary>
    public static int IconColor(PriorityLevel level) => level switch
    {
        PriorityLevel.Critical => 0xFB6F5F,
        PriorityLevel.Medium => 0xFFD67E,
        _ => 0x6FB9F0,
    };

    public static readonly IReadOnlyList<int> AllowedColors = [0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F];

    public static string Name(Ticket t, SupportTimeFormat format, Instant now, Language lang)
    {
        var state = t.Status switch
        {
            TicketStatus.Registered or TicketStatus.Reopened when t.ReactedAt is null => Due(t.ReactionDeadline, format, now, lang),
            TicketStatus.Registered or TicketStatus.Reopened => lang.L("↩ в очереди", "↩ in the queue"),
            TicketStatus.InProgress => "🛠 " + t.HolderName,
            TicketStatus.AwaitingCustomer => lang.L("⏳ ждёт клиента", "⏳ waiting for the customer"),
            TicketStatus.Resolved => lang.L("✅ решена", "✅ resolved"),
            _ => lang.L("☑ закрыта", "☑ closed"),
        };
        var head = $"{CardTexts.LevelMark(t.Level)} #{t.Number} · ";
        var tail = " · " + state;
        var room = MaxName - head.Length - tail.Length;
        var organisation = room <= 1 ? string.Empty : Texts.SafeCut(Texts.FirstLine(t.Customer.Organisation), room);
        var name = head + organisation + tail;
        return name.Length <= MaxName ? name : Texts.SafeCut(name, MaxName);
    }

    /// <summary>«до 22:30 МСК» today, «до 26.11 22:30 МСК» another day, «до конца 26.11» for an end-of-day deadline.</summary>
    private static string Due(Deadline deadline, SupportTimeFormat format, Instant now, Language lang)
    {
        var local = deadline.At.InZone(format.Zone);
        var zone = format.ZoneLabel(deadline.At, lang);
        if (deadline.EndOfDay is { } day)
        {
            return lang.L("до конца ", "by the end of ") + DayMonth.Format(day) + " " + zone;
        }

        return now.InZone(format.Zone).Date == local.Date
            ? lang.L("до ", "by ") + Time.Format(local.TimeOfDay) + " " + zone
            : lang.L("до ", "by ") + DayMonth.Format(local.Date) + " " + Time.Format(local.TimeOfDay) + " " + zone;
    }

    private static readonly LocalDatePattern DayMonth = LocalDatePattern.CreateWithInvariantCulture("dd'.'MM");

    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");
}
