using System.Text;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Localization;

/// <summary>What engineers and managers read: the duty card, the queue, full tickets, confirmations.</summary>
public static class StaffTexts
{
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

    /// <summary>«✋ Взять в работу» for a ticket: on cards, pings and notes about waiting tickets.</summary>
    public static Button ClaimButton(int number, Language lang = Language.Ru) => Button.For(lang.L("✋ Взять в работу", "✋ Take it"), new ClaimAction(number));

    public static string EditIgnored(Language lang) => lang.L(
        "Изменения в отправленных сообщениях я не применяю и клиенту не пересылаю. Пришлите исправление новым сообщением.",
        "I do not apply edits to messages already sent, nor pass them to the customer. Send the correction as a new message.");

    public static string UnknownCommand(string command, Language lang) =>
        lang.L($"Не знаю команду /{command}. Список — /help.", $"I don't know /{command}. See /help.");

    /// <summary>A message in the private chat that is neither a command nor a reply to a relayed customer message.</summary>
    public static string HowToAnswer(Language lang) => lang.L(
        "Чтобы ответить клиенту, ответьте (Reply) на его пересланное сообщение или напишите /reply N текст. Команды — /help.",
        "To answer a customer, reply to their relayed message or send /reply N text. Commands: /help.");

    public static string ClaimedNotice(int number, Language lang) => lang.L($"Вы взяли #{number}", $"You took #{number}");

    /// <summary>To the one who claimed, in their private chat (the ticket's line from now on).</summary>
    public static string Claimed(int number, ReactionWindow? ended, Instant now, Language lang)
    {
        var reaction = ended is null ? lang.L("реакция по ней уже была учтена", "its reaction was already recorded")
            : ended.Met == true ? lang.L("реакция в срок", "reaction in time")
            : lang.L($"реакция с опозданием на {SupportTimeFormat.Span(ended.Deadline.OverdueAt(now), lang)}", $"reaction late by {SupportTimeFormat.Span(ended.Deadline.OverdueAt(now), lang)}");
        return lang.L(
            $"Вы взяли #{number} ({reaction}). Клиенту: /reply {number} текст — или ответьте на его пересланное сообщение здесь.",
            $"You took #{number} ({reaction}). To the customer: /reply {number} text — or reply to their relayed message here.");
    }

    /// <summary>To the duty chat: a ticket is back in the queue.</summary>
    public static Reply Released(Ticket ticket, string by, string? reason, Instant now, Language lang = Language.Ru) => new(
        lang.L($"↩ #{ticket.Number} возвращена в очередь ({by})", $"↩ #{ticket.Number} is back in the queue ({by})")
            + (string.IsNullOrWhiteSpace(reason) ? string.Empty : ": " + reason) + $". {CardTexts.TimeLeft(ticket.ReactionDeadline, now, lang)}.",
        [[ClaimButton(ticket.Number, lang)]]);

    public static string ReleasedDone(int number, Language lang) => lang.L($"#{number} возвращена в очередь.", $"#{number} is back in the queue.");

    public static string NoteAdded(int number, Language lang) =>
        lang.L($"🔒 Заметка добавлена к #{number} (клиент её не видит).", $"🔒 Note added to #{number} (the customer never sees it).");

    public static string ResolvedDone(int number, Language lang) => lang.L(
        $"#{number} отмечена решённой. Клиента спросили, решена ли проблема; без ответа заявка закроется сама.",
        $"#{number} is marked resolved. The customer was asked to confirm; without an answer it closes by itself.");

    public static string SentToCustomer(int number, Language lang) => lang.L($"✓ Отправлено клиенту по #{number}.", $"✓ Sent to the customer of #{number}.");

    public static string LevelChanged(int number, PriorityLevel level, bool recomputed, Deadline deadline, SupportTimeFormat format, Language lang)
    {
        var ru = recomputed ? $"Новый срок реакции {format.Due(deadline, Language.Ru)}." : "Реакция уже учтена, срок не меняется.";
        var en = recomputed ? $"New reaction deadline {format.Due(deadline, Language.En)}." : "The reaction is already recorded; the deadline stays.";
        return lang.L($"#{number}: уровень {(int)level}. {ru}", $"#{number}: level {(int)level}. {en}");
    }

    public static string DetailsInPrivate(int number, Language lang) =>
        lang.L($"Подробности #{number} — в личном чате с ботом.", $"Details of #{number} are in your private chat with the bot.");

    public static string CustomerFiles(int number, int count, Language lang) => lang.L(
        $"📎 Файлы клиента по #{number} ({Texts.Files(count, lang)}):",
        $"📎 The customer's files on #{number} ({Texts.Files(count, lang)}):");

    public static string CustomerConfirmed(int number, Language lang) =>
        lang.L($"☑ Клиент подтвердил решение: #{number} закрыта.", $"☑ The customer confirmed the solution: #{number} is closed.");

    public static string CustomerReopened(int number, Language lang) =>
        lang.L($"🔁 Клиент открыл #{number} снова: проблема не решена. Заявка вернулась в очередь.", $"🔁 The customer reopened #{number}: the problem is not solved. It is back in the queue.");

    public static string AutoClosed(int number, Duration waited, Language lang) =>
        lang.L($"☑ #{number} закрыта автоматически: клиент не ответил {Texts.Waited(waited, lang).TrimEnd('.')}.", $"☑ #{number} was closed automatically: no answer from the customer for {Texts.Waited(waited, lang).TrimEnd('.')}.");

    /// <summary>«✓ Отправлено клиенту» with the button that waits for the customer's answer to what was just sent.</summary>
    public static Reply SentToCustomerWithWait(int number, Language lang) => new(
        SentToCustomer(number, lang),
        [[Button.For(lang.L("⏳ Ждать ответа клиента", "⏳ Wait for the customer's answer"), new WaitAction(number))]]);

    public static string AskedCustomer(int number, Duration remindAfter, Duration closeAfter, Language lang) => lang.L(
        $"⏳ #{number} ждёт ответа клиента. Ответ придёт вам, и заявка вернётся в работу; без ответа клиенту напомним через {Texts.Period(remindAfter, lang)}, а через {Texts.Period(closeAfter, lang)} заявка закроется.",
        $"⏳ #{number} is waiting for the customer's answer. It comes to you and the request is back in progress; without one the customer is reminded after {Texts.Period(remindAfter, lang)} and the request closes after {Texts.Period(closeAfter, lang)}.");

    public static string WaitWithoutFiles(int number, Language lang) => lang.L(
        $"Файлы к /wait не прикладываются — вопрос ушёл клиенту текстом. Файлы отправьте отдельно: подпись /reply {number}.",
        $"Files do not go with /wait — the question went to the customer as text. Send the files with the caption /reply {number}.");

    /// <summary>To the managers at once: a score of 1 or 2.</summary>
    public static Reply LowScore(Ticket ticket, Language lang) => new(
        lang.L($"⚠ Низкая оценка по заявке #{ticket.Number}: {ticket.SatisfactionScore} из 5", $"⚠ Low score on request #{ticket.Number}: {ticket.SatisfactionScore} out of 5")
            + $" · {ticket.Customer.Organisation} · {ticket.Customer.Name}"
            + (ticket.HolderName is { } holder ? lang.L($" · инженер {holder}", $" · engineer {holder}") : string.Empty)
            + lang.L("\nПодробности: /ticket ", "\nDetails: /ticket ") + ticket.Number,
        []);

    public static Reply LowScoreComment(Ticket ticket, Language lang) => Reply.Plain(
        lang.L($"💬 Комментарий к оценке {ticket.SatisfactionScore} из 5 по заявке #{ticket.Number}:", $"💬 Comment on the score {ticket.SatisfactionScore}/5 of request #{ticket.Number}:")
        + "\n" + Texts.Preview(ticket.SatisfactionComment ?? string.Empty, 1000));

    public static string ExportComing(DateInterval period, int tickets, SupportTimeFormat format, Language lang) => lang.L(
        $"📎 Заявки, зарегистрированные {format.Date(period.Start, lang)}–{format.Date(period.End, lang)}: {tickets}. Файл CSV для Excel (UTF-8, «;») — следующим сообщением.",
        $"📎 Requests registered {format.Date(period.Start, lang)}–{format.Date(period.End, lang)}: {tickets}. The CSV file for Excel (UTF-8, «;») comes next.");

    public static string ExportFailed(DateInterval period, Language lang) => lang.L(
        $"⚠ Файл выгрузки не удалось сформировать (он больше допустимого размера или база недоступна). Выгрузите на сервере: export --from {NodaTime.Text.LocalDatePattern.Iso.Format(period.Start)} --to {NodaTime.Text.LocalDatePattern.Iso.Format(period.End)} --out file.csv",
        $"⚠ The export file could not be made (too big, or the database is unavailable). Export on the server: export --from {NodaTime.Text.LocalDatePattern.Iso.Format(period.Start)} --to {NodaTime.Text.LocalDatePattern.Iso.Format(period.End)} --out file.csv");

    public static string ExportTooBig(DateInterval period, int tickets, int limit, Language lang) => lang.L(
        $"За этот период {Texts.Count(tickets, lang, "заявка", "заявки", "заявок", "request", "requests")} — больше, чем отправляется в чат ({limit}). Сузьте период или выгрузите на сервере: export --from {NodaTime.Text.LocalDatePattern.Iso.Format(period.Start)} --to {NodaTime.Text.LocalDatePattern.Iso.Format(period.End)} --out file.csv",
        $"This period has {Texts.Count(tickets, lang, "заявка", "заявки", "заявок", "request", "requests")} — more than goes into a chat ({limit}). Narrow it, or export on the server: export --from {NodaTime.Text.LocalDatePattern.Iso.Format(period.Start)} --to {NodaTime.Text.LocalDatePattern.Iso.Format(period.End)} --out file.csv");

    public static string AskedCustomerNotice(int number, Language lang) => lang.L($"#{number} ждёт ответа клиента", $"#{number} waits for the customer");

    public static string CustomerAnswered(int number, Language lang) => lang.L(
        $"↩ Клиент ответил по #{number} — заявка снова в работе у вас.", $"↩ The customer answered on #{number} — the request is back in progress with you.");

    public static string ClosedUnanswered(int number, Duration waited, Language lang) => lang.L(
        $"☑ #{number} закрыта: клиент не ответил на вопрос за {Texts.Period(waited, lang)}.", $"☑ #{number} is closed: the customer did not answer the question for {Texts.Period(waited, lang)}.");

    /// <summary>Someone other than the holder wrote in a ticket's topic: kept as an internal note, and said so.</summary>
    public static string TopicNote(Ticket ticket, Language lang) => lang.L(
        $"🔒 Ваши сообщения в теме #{ticket.Number} — внутренние заметки: клиент их не видит.", $"🔒 Your messages in the topic of #{ticket.Number} are internal notes: the customer does not see them.")
        + (ticket.IsHeld
            ? lang.L($" Клиенту отвечает {ticket.HolderName}.", $" {ticket.HolderName} answers the customer.")
            : ticket.IsOpen ? lang.L($" Чтобы ответить клиенту, возьмите заявку: /claim {ticket.Number}", $" To answer the customer, take the request: /claim {ticket.Number}") : string.Empty);

    /// <summary>A note made of files alone (they stay in the topic; the note says they were there).</summary>
    public static string FilesInTopic(int files, Language lang) => "📎 " + lang.L($"{Texts.Files(files, lang)} в теме", $"{Texts.Files(files, lang)} in the topic");

    /// <summary>A customer's message about a ticket, relayed to the engineer holding it («#12 · Анна (ООО Ромашка):»).</summary>
    public static string Relayed(Ticket ticket, string? text) =>
        $"#{ticket.Number} · {ticket.Customer.Name} ({ticket.Customer.Organisation}):\n{(string.IsNullOrWhiteSpace(text) ? "📎" : text)}";

    /// <summary>A customer's message about a ticket nobody holds, to the duty chat.</summary>
    public static Reply CustomerWrote(Ticket ticket, string? text, int files, Language lang = Language.Ru) => new(
        lang.L($"✉ #{ticket.Number}: клиент {ticket.Customer.Name} ({ticket.Customer.Organisation}) дописал:", $"✉ #{ticket.Number}: customer {ticket.Customer.Name} ({ticket.Customer.Organisation}) wrote:")
            + "\n" + Texts.Preview(string.IsNullOrWhiteSpace(text) ? "📎" : text, 500)
            + (files > 0 ? $"\n📎 {Texts.Files(files, lang)}" : string.Empty),
        ticket.IsWaiting ? [[ClaimButton(ticket.Number, lang)]] : []);

    /// <summary>The customer's messenger refuses the bot: to whoever works the ticket.</summary>
    public static string CustomerUnreachable(Ticket ticket, string channel, Language lang = Language.Ru)
    {
        var organisation = string.IsNullOrWhiteSpace(ticket.Customer.Organisation) ? string.Empty : $" ({ticket.Customer.Organisation})";
        return lang.L(
            $"⚠ #{ticket.Number}: клиент {ticket.Customer.Name}{organisation} недоступен в {channel} — сообщения бота не доставляются "
                + "(бот заблокирован или диалог с ним не начат). Ответы сохранены в заявке; свяжитесь с клиентом иначе или дождитесь его сообщения.",
            $"⚠ #{ticket.Number}: customer {ticket.Customer.Name}{organisation} cannot be reached in {channel} — the bot's messages are not delivered "
                + "(the bot is blocked, or they never started it). Replies are kept on the ticket; contact the customer another way or wait for their message.");
    }

    public static string RefusedForNonManager(Language lang) =>
        lang.L("Эта команда доступна только менеджерам поддержки.", "This command is only for support managers.");

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
        TicketEventKind.AskedCustomer => lang.L("вопрос клиенту", "asked the customer"),
        TicketEventKind.CustomerAnswered => lang.L("клиент ответил", "customer answered"),
        TicketEventKind.CustomerReminded => lang.L("напоминание клиенту", "customer reminded"),
        TicketEventKind.SatisfactionAsked => lang.L("запрошена оценка", "rating asked"),
        TicketEventKind.SatisfactionRated => lang.L("оценка клиента", "customer's score"),
        TicketEventKind.SatisfactionCommented => lang.L("комментарий к оценке", "comment on the score"),
        TicketEventKind.PersonalDataErased => lang.L("персональные данные удалены", "personal data erased"),
        TicketEventKind.Assigned => lang.L("назначена", "assigned"),
        TicketEventKind.AssignmentDeclined => lang.L("назначение отклонено", "assignment declined"),
        TicketEventKind.IncidentLinked => lang.L("присоединена к сбою", "linked to an incident"),
        TicketEventKind.IncidentUnlinked => lang.L("отделена от сбоя", "taken out of an incident"),
        TicketEventKind.IncidentNews => lang.L("новости о сбое клиенту", "incident news to the customer"),
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
        /wait N вопрос — спросить клиента и ждать ответа (или кнопка «Ждать ответа клиента» после /reply)
        /duty — кто дежурит сейчас и следующим; /duty on, /duty off — начать или закончить смену
        /incident — массовый сбой: open название, link N…, claim, update текст, close текст
        """ + (manager ? "\n/digest [ГГГГ-ММ-ДД] — сводка SLA за день\n/export ГГГГ-ММ-ДД ГГГГ-ММ-ДД — заявки за период файлом CSV для Excel\n/duty swap кто кому — отдать сегодняшние смены одного инженера другому\n/assign N [кому] — назначить заявку инженеру (без имени — выбрать кнопкой)\n/reassign кто кому — передать все открытые заявки одного инженера другому\n/block N [причина] — не пропускать сообщения клиента заявки N (/unblock N — снять)\n/staff — команда: добавить, убрать, сменить роль" : string.Empty),
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
        /wait N question — ask the customer and wait for the answer (or the «Wait for the customer's answer» button after /reply)
        /duty — who is on duty now and next; /duty on, /duty off — start or end a shift
        /incident — a mass incident: open title, link N…, claim, update text, close text
        """ + (manager ? "\n/digest [YYYY-MM-DD] — the SLA digest of a day\n/export YYYY-MM-DD YYYY-MM-DD — the period's tickets as a CSV file for Excel\n/duty swap who whom — give one engineer's shifts of today to another\n/assign N [whom] — assign a ticket to an engineer (no name: pick a button)\n/reassign who whom — hand all of one engineer's open tickets to another\n/block N [reason] — stop the messages of ticket N's customer (/unblock N to lift)\n/staff — the team: add, remove, change a role" : string.Empty));

    public static string Usage(string command, Language lang) => command switch
    {
        "claim" => lang.L("Нужен номер заявки: /claim 12", "Give the request number: /claim 12"),
        "release" => lang.L("Нужен номер заявки: /release 12 [причина]", "Give the request number: /release 12 [reason]"),
        "reply" => lang.L("Формат: /reply 12 текст ответа", "Use: /reply 12 your answer"),
        "note" => lang.L("Формат: /note 12 текст заметки", "Use: /note 12 the note"),
        "level" => lang.L("Формат: /level 12 2 причина (уровень 1, 2 или 3; причина обязательна)", "Use: /level 12 2 reason (level 1, 2 or 3; the reason is required)"),
        "resolve" => lang.L("Формат: /resolve 12 [итог]", "Use: /resolve 12 [summary]"),
        "wait" => lang.L("Формат: /wait 12 вопрос клиенту", "Use: /wait 12 your question to the customer"),
        "export" => lang.L("Формат: /export 2026-11-01 2026-11-30 (первый и последний день периода)", "Use: /export 2026-11-01 2026-11-30 (the period's first and last day)"),
        "duty" => lang.L("Формат: /duty, /duty on, /duty off или /duty swap Петров Сидорова", "Use: /duty, /duty on, /duty off or /duty swap Petrov Sidorova"),
        "ticket" => lang.L("Формат: /ticket 12", "Use: /ticket 12"),
        "digest" => lang.L("Формат: /digest 2026-11-24 (без даты — за вчера)", "Use: /digest 2026-11-24 (no date: yesterday)"),
        "block" or "unblock" => BlockTexts.Usage(lang),
        "staff" => StaffAdminTexts.Usage(lang),
        "incident" => IncidentTexts.Usage(lang),
        "assign" => lang.L("Формат: /assign 12 Иван Петров (или /assign 12 — и выбрать кнопкой)", "Use: /assign 12 Ivan Petrov (or /assign 12 and pick a button)"),
        "reassign" => lang.L("Формат: /reassign Иван Мария — все открытые заявки первого перейдут ко второму", "Use: /reassign Ivan Maria — all open tickets of the first go to the second"),
        _ => lang.L("Список команд — /help", "See /help for the commands"),
    };

    public static string NotFound(string number, Language lang) =>
        lang.L($"Заявки {number} нет. Очередь — /queue.", $"There is no request {number}. The queue: /queue.");
}
