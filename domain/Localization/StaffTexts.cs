using System.Text;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Localization;

/// <summary>What engineers and managers read: the duty card, the queue, full tickets, confirmations.</summary>
public static class StaffTexts
{
    public const int CardDescriptionChars = 500;

    /// <summary>A ping this late says so (the bot was down); smaller delays are not worth a word.</summary>
    public static readonly Duration LateNoticeAfter = Duration.FromMinutes(5);

    public static string RefusedForNonStaff(Language lang) =>
        lang.L("Эта команда доступна только инженерам поддержки.", "This command is only for support engineers.");

    /// <summary>
    /// To the duty chat, naming (and mentioning) a staff member the messenger will not let the bot write to privately:
    /// how to open the chat, what waits there, and how to work meanwhile.
    /// </summary>
    public static string OpenPrivateChat(string name, string? link, int held, Language lang = Language.Ru) =>
        lang.L(
            $"⚠ {name}, я не могу написать вам в личный чат: бот не может начать разговор первым (или он заблокирован). "
                + (link is null ? "Откройте личный чат с ботом и нажмите «Запустить»" : $"Откройте его и нажмите «Запустить»: {link}")
                + $" — туда приходят ваши заявки и сообщения клиентов. В очереди для вас: {Texts.Messages(held, lang)}; всё придёт сразу, в том же порядке. "
                + "Пока можно работать здесь: /ticket N — заявка целиком, /reply N текст — ответ клиенту.",
            $"⚠ {name}, I cannot write to you in private: a bot may not start a conversation (or it is blocked). "
                + (link is null ? "Open the private chat with the bot and press «Start»" : $"Open it and press «Start»: {link}")
                + $" — your tickets and the customers' messages go there. Waiting for you: {Texts.Messages(held, lang)}; all of it arrives at once, in order. "
                + "Meanwhile you can work here: /ticket N — the whole ticket, /reply N text — answer the customer.");

    /// <summary>The first private message after the chat was unreachable: what was held came just before it.</summary>
    public static string HeldDelivered(int held, Language lang) => lang.L(
        $"✅ Теперь я могу писать вам. Выше — всё, что ждало вас: {Texts.Messages(held, lang)}.",
        $"✅ Now I can write to you. Above is everything that waited for you: {Texts.Messages(held, lang)}.");

    public static string RefusedForNonManager(Language lang) =>
        lang.L("Эта команда доступна только менеджерам поддержки.", "This command is only for support managers.");

    public static string LevelMark(PriorityLevel level) => level switch
    {
        PriorityLevel.Critical => "🔴",
        PriorityLevel.Medium => "🟠",
        _ => "🟢",
    };

    public static string ChannelName(ChannelKind channel) => channel switch
    {
        ChannelKind.Telegram => "Telegram",
        ChannelKind.Max => "MAX",
        _ => "демо",
    };

    public static string CustomerLine(CustomerSnapshot c) =>
        $"{c.Organisation} — {c.Name}{(c.Username is null ? string.Empty : $" (@{c.Username})")} · {ChannelName(c.Channel)}";

    /// <summary>The ticket's live face in the duty chat.</summary>
    public static Reply Card(Ticket t, SupportTimeFormat format, Instant now, Language lang = Language.Ru)
    {
        var text = new StringBuilder()
            .Append(LevelMark(t.Level)).Append(" #").Append(t.Number).Append(" · ").Append(lang.L("Уровень ", "Level ")).Append(Texts.LevelName(t.Level, lang));
        if (t.NeedsTriage)
        {
            text.Append(" · ⚠ ").Append(lang.L("требует уточнения", "needs triage"));
        }

        text.Append('\n').Append(lang.L("Категория: ", "Category: ")).Append(Texts.CategoryName(t.Category, lang))
            .Append('\n').Append(lang.L("Клиент: ", "Customer: ")).Append(CustomerLine(t.Customer))
            .Append("\n\n").Append(Texts.Preview(t.Description, CardDescriptionChars));
        if (t.Attachments.Count > 0)
        {
            text.Append("\n📎 ").Append(Texts.Files(t.Attachments.Count, lang));
        }

        text.Append("\n\n").Append(lang.L("Зарегистрирована: ", "Registered: ")).Append(format.Human(t.Registered, lang))
            .Append('\n').Append(lang.L("Реакция: ", "Reaction: ")).Append(format.Due(t.ReactionDeadline, lang))
            .Append('\n').Append(StatusLine(t, format, now, lang));

        IReadOnlyList<IReadOnlyList<Button>> buttons = t.IsWaiting
            ? [[new Button(lang.L("✋ Взять в работу", "✋ Take it"), $"claim:{t.Number}"), new Button(lang.L("Подробнее", "Details"), $"info:{t.Number}")]]
            : t.IsOpen ? [[new Button(lang.L("Подробнее", "Details"), $"info:{t.Number}")]] : [];
        return new Reply(text.ToString(), buttons);
    }

    public static string StatusLine(Ticket t, SupportTimeFormat format, Instant now, Language lang)
    {
        var reaction = ReactionNote(t, format, lang);
        return t.Status switch
        {
            TicketStatus.Registered or TicketStatus.Reopened => (t.Status == TicketStatus.Reopened ? lang.L("🔁 Открыта снова, ждёт инженера", "🔁 Reopened, waiting for an engineer") : lang.L("⏳ Ждёт инженера", "⏳ Waiting for an engineer"))
                // A released ticket's reaction is already measured: its deadline no longer runs.
                + (t.ReactedAt is null ? " · " + TimeLeft(t.ReactionDeadline, now, lang) : lang.L(" (возвращена в очередь)", " (back in the queue)")) + reaction,
            TicketStatus.InProgress => lang.L("🛠 В работе у ", "🛠 In progress with ") + t.HolderName + reaction,
            TicketStatus.Resolved => lang.L("✅ Решена (", "✅ Resolved (") + t.HolderName + lang.L("), ждёт подтверждения клиента", "), awaiting the customer's confirmation") + reaction,
            _ => lang.L("☑ Закрыта", "☑ Closed") + (t.ClosedAt is { } closed ? " " + format.Human(closed, lang) : string.Empty) + reaction,
        };
    }

    /// <summary>«осталось 2 ч 05 мин» / «просрочена на 1 ч 10 мин».</summary>
    public static string TimeLeft(Deadline deadline, Instant now, Language lang)
    {
        var left = deadline.RemainingAt(now);
        return left > Duration.Zero
            ? lang.L("осталось ", "left: ") + SupportTimeFormat.Span(left, lang)
            : lang.L("просрочена на ", "overdue by ") + SupportTimeFormat.Span(-left, lang);
    }

    private static string ReactionNote(Ticket t, SupportTimeFormat format, Language lang)
    {
        if (t.ReactedAt is not { } reacted)
        {
            return string.Empty;
        }

        return t.ReactionDeadline.IsMetBy(reacted)
            ? lang.L($"\nРеакция в срок: взята {format.Human(reacted, lang)}", $"\nReaction met: taken {format.Human(reacted, lang)}")
            : lang.L($"\nРеакция с опозданием на {SupportTimeFormat.Span(t.ReactionDeadline.OverdueAt(reacted), lang)}: взята {format.Human(reacted, lang)}",
                $"\nReaction late by {SupportTimeFormat.Span(t.ReactionDeadline.OverdueAt(reacted), lang)}: taken {format.Human(reacted, lang)}");
    }

    /// <summary>/queue: unclaimed tickets, soonest deadline first.</summary>
    public static Reply Queue(IReadOnlyList<Ticket> waiting, SupportTimeFormat format, Instant now, Language lang)
    {
        if (waiting.Count == 0)
        {
            return Reply.Plain(lang.L("Очередь пуста: все заявки взяты в работу.", "The queue is empty: every request is taken."));
        }

        var text = new StringBuilder(lang.L($"Ждут инженера ({waiting.Count}):", $"Waiting for an engineer ({waiting.Count}):"));
        foreach (var t in waiting)
        {
            text.Append("\n\n").Append(LevelMark(t.Level)).Append(" #").Append(t.Number).Append(" · ").Append(t.Customer.Organisation)
                .Append('\n').Append(t.ReactedAt is null
                    ? $"{TimeLeft(t.ReactionDeadline, now, lang)} ({format.Due(t.ReactionDeadline, lang)})"
                    : lang.L("возвращена в очередь, реакция уже учтена", "back in the queue, reaction already recorded"))
                .Append('\n').Append(Texts.Preview(Texts.FirstLine(t.Description), 80));
        }

        var buttons = waiting.Take(8).Select(t => new Button(lang.L($"✋ Взять #{t.Number}", $"✋ Take #{t.Number}"), $"claim:{t.Number}")).Chunk(2)
            .Select(r => (IReadOnlyList<Button>)r).ToList();
        return new Reply(text.ToString(), buttons);
    }

    /// <summary>/mine: the engineer's open tickets.</summary>
    public static Reply Mine(IReadOnlyList<Ticket> mine, SupportTimeFormat format, Language lang)
    {
        if (mine.Count == 0)
        {
            return Reply.Plain(lang.L("У вас нет заявок в работе. Очередь — /queue.", "You hold no requests. The queue: /queue."));
        }

        var text = new StringBuilder(lang.L($"Ваши заявки в работе ({mine.Count}):", $"Your requests ({mine.Count}):"));
        foreach (var t in mine)
        {
            text.Append("\n\n").Append(LevelMark(t.Level)).Append(" #").Append(t.Number).Append(" · ").Append(Texts.StatusName(t.Status, lang))
                .Append(" · ").Append(t.Customer.Organisation).Append('\n').Append(Texts.Preview(Texts.FirstLine(t.Description), 80));
        }

        return new Reply(text.ToString(), [[.. mine.Take(6).Select(t => new Button($"#{t.Number}", $"info:{t.Number}"))]]);
    }

    /// <summary>/ticket N for staff: everything, with the history and internal notes.</summary>
    public static Reply Full(Ticket t, IReadOnlyList<TicketEvent> history, SupportTimeFormat format, Instant now, Language lang)
    {
        var card = Card(t, format, now, lang);
        var text = new StringBuilder(card.Text.Replace(Texts.Preview(t.Description, CardDescriptionChars), t.Description, StringComparison.Ordinal));
        var messages = t.Messages.OrderBy(m => m.At).ThenBy(m => m.Id).ToList();
        if (messages.Count > 0)
        {
            text.Append("\n\n").Append(lang.L("Переписка:", "Conversation:"));
            foreach (var m in messages)
            {
                var who = m.Author switch
                {
                    TicketAuthor.Customer => lang.L("Клиент", "Customer"),
                    TicketAuthor.Internal => lang.L("🔒 Заметка ", "🔒 Note by ") + m.AuthorName,
                    _ => m.AuthorName,
                };
                text.Append('\n').Append(format.Human(m.At, lang)).Append(" — ").Append(who).Append(": ").Append(m.Text);
                if (m.Attachments.Count > 0)
                {
                    text.Append(" [").Append(Texts.Files(m.Attachments.Count, lang)).Append(']');
                }
            }
        }

        text.Append("\n\n").Append(lang.L("История:", "History:"));
        foreach (var e in history.OrderBy(e => e.At).ThenBy(e => e.Id))
        {
            text.Append('\n').Append(format.Human(e.At, lang)).Append(" · ").Append(EventName(e.Kind, lang)).Append(" · ").Append(e.ActorName);
            if (!string.IsNullOrEmpty(e.Details))
            {
                text.Append(" · ").Append(e.Details);
            }
        }

        return new Reply(text.ToString(), card.Buttons);
    }

    /// <summary>An escalation ping about an unclaimed ticket, in the duty or managers' chat.</summary>
    public static Reply Ping(Ticket t, Escalation.EscalationStep step, bool repeat, Duration late, IReadOnlyList<StaffMember> mention, SupportTimeFormat format, Instant now)
    {
        var left = t.ReactionDeadline.RemainingAt(now);
        var head = repeat
            ? $"🚨 #{t.Number} всё ещё без инженера: просрочена на {SupportTimeFormat.Span(-left)}"
            : step.IsBreach || left <= Duration.Zero
                ? $"🚨 #{t.Number} просрочена: никто не взял её до срока реакции"
                : step.Percent is { } percent
                    ? $"{(step.Mention ? "⚠" : "⏰")} #{t.Number} ждёт инженера: прошло {percent.ToString("0", System.Globalization.CultureInfo.InvariantCulture)}% времени реакции"
                    : $"{(step.Mention ? "⚠" : "⏰")} #{t.Number} ждёт инженера: до срока реакции {SupportTimeFormat.Span(left)}";
        var text = new StringBuilder(head)
            .Append('\n').Append(LevelMark(t.Level)).Append(" уровень ").Append(Texts.LevelName(t.Level, Language.Ru))
            .Append(" · ").Append(t.Customer.Organisation).Append(" · ").Append(Texts.Preview(Texts.FirstLine(t.Description), 60))
            .Append('\n').Append("Срок реакции ").Append(format.Due(t.ReactionDeadline)).Append(" · ").Append(TimeLeft(t.ReactionDeadline, now, Language.Ru));
        if (mention.Count > 0)
        {
            text.Append("\n👥 ").Append(string.Join(", ", mention.Select(m => m.Name)));
        }

        if (late >= LateNoticeAfter)
        {
            text.Append("\n(напоминание опоздало на ").Append(SupportTimeFormat.Span(late)).Append(": бот не работал)");
        }

        return new Reply(text.ToString(), [[new Button("✋ Взять в работу", $"claim:{t.Number}")]]);
    }

    /// <summary>Level 1 pings the duty chat the moment it is registered.</summary>
    public static Reply CriticalRegistered(Ticket t, IReadOnlyList<StaffMember> mention, SupportTimeFormat format) => new(
        $"🔴 Критичная заявка #{t.Number} ({t.Customer.Organisation}): реакция {format.Due(t.ReactionDeadline)}."
            + (mention.Count > 0 ? "\n👥 " + string.Join(", ", mention.Select(m => m.Name)) : string.Empty),
        [[new Button("✋ Взять в работу", $"claim:{t.Number}")]]);

    public static string EventName(TicketEventKind kind, Language lang) => kind switch
    {
        TicketEventKind.Registered => lang.L("зарегистрирована", "registered"),
        TicketEventKind.Claimed => lang.L("взята в работу", "claimed"),
        TicketEventKind.Released => lang.L("возвращена в очередь", "released"),
        TicketEventKind.LevelChanged => lang.L("уровень изменён", "level changed"),
        TicketEventKind.CustomerMessage => lang.L("сообщение клиента", "customer message"),
        TicketEventKind.EngineerMessage => lang.L("ответ инженера", "engineer reply"),
        TicketEventKind.Note => lang.L("заметка", "note"),
        TicketEventKind.Resolved => lang.L("решена", "resolved"),
        TicketEventKind.Confirmed => lang.L("клиент подтвердил", "customer confirmed"),
        TicketEventKind.Reopened => lang.L("открыта снова", "reopened"),
        TicketEventKind.Closed => lang.L("закрыта", "closed"),
        TicketEventKind.Escalated => lang.L("эскалация", "escalated"),
        TicketEventKind.Undeliverable => lang.L("не доставлено", "undeliverable"),
        _ => kind.ToString(),
    };

    public static string Help(bool manager, Language lang) => lang.L(
        """
        Команды инженера (в личке с ботом или в дежурном чате):
        /queue — заявки без исполнителя, ближайший срок первым
        /mine — мои заявки в работе
        /ticket N — заявка целиком с историей
        /claim N — взять в работу (или кнопка «Взять в работу» на карточке)
        /release N [причина] — вернуть в очередь
        /reply N текст — ответить клиенту (или ответьте на пересланное сообщение клиента; фото и документы — с подписью /reply N)
        /note N текст — внутренняя заметка, клиент её не видит
        /level N 1|2|3 причина — изменить уровень (срок ещё не взятой заявки пересчитается от регистрации)
        /resolve N [итог] — отметить решённой; клиент подтвердит или откроет снова
        """ + (manager ? "\n/digest [ГГГГ-ММ-ДД] — сводка SLA за день" : string.Empty),
        """
        Engineer commands (in a private chat with the bot or in the duty chat):
        /queue — requests without an engineer, soonest deadline first
        /mine — my requests
        /ticket N — the whole request with its history
        /claim N — take it (or the «Take it» button on the card)
        /release N [reason] — back to the queue
        /reply N text — answer the customer (or reply to a relayed customer message; photos and documents with the caption /reply N)
        /note N text — an internal note the customer never sees
        /level N 1|2|3 reason — change the level (an unclaimed ticket's deadline is recomputed from registration)
        /resolve N [summary] — mark resolved; the customer confirms or reopens
        """ + (manager ? "\n/digest [YYYY-MM-DD] — the SLA digest of a day" : string.Empty));

    public static string Usage(string command, Language lang) => command switch
    {
        "claim" => lang.L("Нужен номер заявки: /claim 12", "Give the request number: /claim 12"),
        "release" => lang.L("Нужен номер заявки: /release 12 [причина]", "Give the request number: /release 12 [reason]"),
        "reply" => lang.L("Формат: /reply 12 текст ответа", "Use: /reply 12 your answer"),
        "note" => lang.L("Формат: /note 12 текст заметки", "Use: /note 12 the note"),
        "level" => lang.L("Формат: /level 12 2 причина (уровень 1, 2 или 3; причина обязательна)", "Use: /level 12 2 reason (level 1, 2 or 3; the reason is required)"),
        "resolve" => lang.L("Формат: /resolve 12 [итог]", "Use: /resolve 12 [summary]"),
        "ticket" => lang.L("Формат: /ticket 12", "Use: /ticket 12"),
        _ => lang.L("Список команд — /help", "See /help for the commands"),
    };

    public static string NotFound(string number, Language lang) =>
        lang.L($"Заявки {number} нет. Очередь — /queue.", $"There is no request {number}. The queue: /queue.");
}
