using System.Text;
using ChatSupport.Domain.Escalation;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Localization;

/// <summary>A ticket's history and its refusals, in words: rendered from the stored facts when someone reads them.</summary>
public static class TicketTexts
{
    /// <summary>One history line's «what» part after the event's name, e.g. «уровень 3, требует уточнения».</summary>
    public static string Details(TicketEvent e, Language lang)
    {
        var d = e.Data;
        return e.Kind switch
        {
            TicketEventKind.Registered => lang.L($"уровень {d.Level}", $"level {d.Level}") + (d.NeedsTriage == true ? lang.L(", требует уточнения", ", needs triage") : string.Empty),
            TicketEventKind.Claimed => d.Reaction switch
            {
                ReactionOutcome.Met => lang.L("реакция в срок", "reaction in time"),
                ReactionOutcome.AlreadyRecorded => lang.L("реакция уже учтена", "reaction already recorded"),
                _ => lang.L("реакция с опозданием на ", "reaction late by ") + SupportTimeFormat.Span(Duration.FromSeconds(d.LateSeconds ?? 0), lang),
            },
            TicketEventKind.Released => lang.L($"от {d.Holder}", $"from {d.Holder}") + Reason(d.Text),
            TicketEventKind.LevelChanged => $"{d.PreviousLevel} → {d.Level}{Reason(d.Text)}",
            TicketEventKind.CustomerMessage or TicketEventKind.EngineerMessage or TicketEventKind.Note =>
                (d.Text ?? string.Empty) + (d.Files is > 0 and var files ? $" [{Texts.Files(files, lang)}]" : string.Empty),
            TicketEventKind.Resolved => d.Text ?? string.Empty,
            TicketEventKind.Confirmed => lang.L("проблема решена", "the problem is solved"),
            TicketEventKind.Closed => d.Closed switch
            {
                CloseReason.NoAnswer => lang.L("без ответа клиента ", "no answer from the customer for ") + Texts.Waited(d.WaitedSeconds is { } s ? Duration.FromSeconds(s) : Duration.FromDays(d.Days ?? 0), lang),
                CloseReason.QuestionUnanswered => lang.L("клиент не ответил на вопрос за ", "the customer did not answer the question for ") + Texts.Period(Duration.FromSeconds(d.WaitedSeconds ?? 0), lang),
                _ => lang.L("по подтверждению клиента", "confirmed by the customer"),
            },
            TicketEventKind.AskedCustomer => d.Text ?? lang.L("ждёт ответа на последнее сообщение", "waits for the answer to the last message"),
            TicketEventKind.CustomerAnswered => lang.L("через ", "after ") + SupportTimeFormat.Span(Duration.FromSeconds(d.WaitedSeconds ?? 0), lang),
            TicketEventKind.SatisfactionRated => lang.L($"{d.Score} из 5", $"{d.Score} out of 5"),
            TicketEventKind.SatisfactionCommented => d.Text ?? string.Empty,
            TicketEventKind.CustomerReminded => lang.L("нет ответа ", "no answer for ") + SupportTimeFormat.Span(Duration.FromSeconds(d.WaitedSeconds ?? 0), lang),
            TicketEventKind.Reopened => lang.L($"новое окно реакции, уровень {d.Level}", $"a new reaction window, level {d.Level}"),
            TicketEventKind.Escalated => (d.Repeat == true ? lang.L("повтор после просрочки", "repeat after the breach") : d.Step) + " → " + Targets(d.To ?? EscalationTarget.Duty, lang)
                + (d.LateSeconds is { } late && Duration.FromSeconds(late) >= CardTexts.LateNoticeAfter
                    ? lang.L(", с опозданием на ", ", late by ") + SupportTimeFormat.Span(Duration.FromSeconds(late), lang)
                    : string.Empty),
            TicketEventKind.Undeliverable => d.Error is null ? d.Channel ?? string.Empty : $"{d.Channel}: {d.Error}",
            TicketEventKind.Assigned => d.Assignee + (d.Holder is { } was ? lang.L($" (прежний исполнитель: {was})", $" (previously with {was})") : string.Empty),
            TicketEventKind.AssignmentDeclined => d.Assignee ?? string.Empty,
            TicketEventKind.IncidentLinked or TicketEventKind.IncidentUnlinked => lang.L($"сбой №{d.Incident}", $"incident #{d.Incident}"),
            TicketEventKind.IncidentNews => lang.L($"сбой №{d.Incident}: ", $"incident #{d.Incident}: ") + (d.Text ?? string.Empty),
            TicketEventKind.PersonalDataErased => d.Erasure switch
            {
                ErasureReason.CustomerRequest => lang.L("по просьбе клиента (/forget)", "at the customer's request (/forget)"),
                ErasureReason.Retention => lang.L("по сроку хранения сообщений", "the message retention period ended"),
                _ => lang.L("оператором (erase)", "by the operator (erase)"),
            },
            _ => string.Empty,
        };
    }

    /// <summary>Who did it: the person's name, or the system in the reader's language.</summary>
    public static string Actor(TicketEvent e, Language lang) => e.ActorKind switch
    {
        ActorKind.System => lang.L("Система", "System"),
        ActorKind.Customer when e.ActorName == Anonymised.Text => lang.L("клиент", "customer"),
        _ => e.ActorName,
    };

    /// <summary>The whole line: «25.11.2026 18:30 МСК · взята в работу · Иван Петров · реакция в срок».</summary>
    public static string HistoryLine(TicketEvent e, SupportTimeFormat format, Language lang)
    {
        var line = new StringBuilder(format.Human(e.At, lang)).Append(" · ").Append(StaffTexts.EventName(e.Kind, lang)).Append(" · ").Append(Actor(e, lang));
        var details = Details(e, lang);
        return (details.Length > 0 ? line.Append(" · ").Append(details) : line).ToString();
    }

    public static string Targets(EscalationTarget to, Language lang) => to switch
    {
        EscalationTarget.Duty => lang.L("дежурный чат", "the duty chat"),
        EscalationTarget.Managers => lang.L("чат менеджеров", "the managers' chat"),
        _ => lang.L("дежурный чат и чат менеджеров", "the duty and the managers' chats"),
    };

    /// <summary>Why an action on a ticket was refused, to the person who tried it.</summary>
    public static string Refusal(TicketRefusal r, Language lang) => r.Reason switch
    {
        RefusalReason.HeldByOther when r.Action == TicketAction.AskCustomer => lang.L(
            $"Заявку #{r.Number} ведёт {r.Holder}: спрашивать клиента по ней может только он или менеджер.",
            $"Request #{r.Number} is held by {r.Holder}: only they or a manager can ask the customer about it."),
        RefusalReason.NotNow when r.Action == TicketAction.AskCustomer => lang.L(
            $"По заявке #{r.Number} сейчас нельзя задать вопрос клиенту — она {Texts.StatusName(r.Status, lang)}.",
            $"You cannot ask the customer about request #{r.Number} now — it is {Texts.StatusName(r.Status, lang)}."),
        RefusalReason.AlreadyTaken => lang.L($"Заявку #{r.Number} уже взял {r.Holder}.", $"Request #{r.Number} is already taken by {r.Holder}."),
        RefusalReason.ClaimFirst => lang.L($"Сначала возьмите заявку #{r.Number} в работу: /claim {r.Number}", $"Take request #{r.Number} first: /claim {r.Number}"),
        RefusalReason.HeldByOther => lang.L(
            $"Заявку #{r.Number} ведёт {r.Holder}: {Verb(r.Action, Language.Ru)} её может только он или менеджер.",
            $"Request #{r.Number} is held by {r.Holder}: only they or a manager can {Verb(r.Action, Language.En)} it."),
        RefusalReason.SameHolder => lang.L($"Заявка #{r.Number} уже назначена: {r.Holder}.", $"Request #{r.Number} is already assigned to {r.Holder}."),
        RefusalReason.SameLevel => lang.L($"У заявки #{r.Number} уже уровень {(int?)r.Level}.", $"Request #{r.Number} already has level {(int?)r.Level}."),
        // Worded as they always were (byte for byte), «ответить по» included.
        _ => lang.L(
            $"Заявку #{r.Number} нельзя {Verb(r.Action, Language.Ru)} — она {Texts.StatusName(r.Status, lang)}.",
            $"You cannot {Verb(r.Action, Language.En)} request #{r.Number} now — it is {Texts.StatusName(r.Status, lang)}."),
    };

    private static string Verb(TicketAction action, Language lang) => action switch
    {
        TicketAction.Claim => lang.L("взять в работу", "claim"),
        TicketAction.Release => lang.L("вернуть в очередь", "release"),
        TicketAction.ChangeLevel => lang.L("изменить уровень", "change the level of"),
        TicketAction.Reply => lang.L("ответить по", "reply to"),
        TicketAction.Resolve => lang.L("решить", "resolve"),
        TicketAction.Confirm or TicketAction.AutoClose => lang.L("закрыть", "close"),
        TicketAction.Reopen => lang.L("открыть снова", "reopen"),
        TicketAction.Assign => lang.L("назначить", "assign"),
        TicketAction.LinkIncident => lang.L("присоединить к сбою", "link to the incident"),
        _ => lang.L("дописать в", "add to"),
    };

    private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? string.Empty : $": {reason.Trim()}";
}
