using System.Text;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Localization;

/// <summary>How tickets look to staff: the duty card, the queue, one's own tickets, the whole ticket, and the pings.</summary>
public static class CardTexts
{
    public const int CardDescriptionChars = 500;

    /// <summary>A ping this late says so (the bot was down); smaller delays are not worth a word.</summary>
    public static readonly Duration LateNoticeAfter = Duration.FromMinutes(5);

    public static string LevelMark(PriorityLevel level) => level switch
    {
        PriorityLevel.Critical => "🔴",
        PriorityLevel.Medium => "🟠",
        _ => "🟢",
    };

    /// <summary>A messenger as people call it; one these texts do not know yet is shown by its own name, never as another.</summary>
    public static string ChannelName(ChannelKind channel, Language lang = Language.Ru) => channel.Name switch
    {
        "Telegram" => "Telegram",
        "Max" => "MAX",
        "Mail" => "e-mail",
        "Demo" => lang.L("демо", "demo"),
        var other => other ?? "?",
    };

    /// <summary>«ООО Ромашка — Анна (@anna) · Telegram»; without a known organisation (a first letter) the name alone.</summary>
    public static string CustomerLine(CustomerSnapshot c, Language lang = Language.Ru) => c.Name == Anonymised.Text
        ? $"{lang.L("данные клиента удалены (152-ФЗ)", "customer's data erased (152-FZ)")} · {ChannelName(c.Channel, lang)}"
        : $"{(string.IsNullOrWhiteSpace(c.Organisation) || c.Organisation.Trim() == "—" ? string.Empty : c.Organisation + " — ")}{c.Name}{(c.Username is null ? string.Empty : $" (@{c.Username})")} · {ChannelName(c.Channel, lang)}";

    /// <summary>The ticket's live face in the duty chat.</summary>
    public static Reply Card(Ticket t, SupportTimeFormat format, Instant now, Language lang = Language.Ru) =>
        t.IncidentId is not null ? IncidentTexts.LinkedCard(t, format, lang) : Unfolded(t, format, now, lang);

    /// <summary>The whole card, whether or not the ticket is in an incident (its duty-chat card is folded then).</summary>
    private static Reply Unfolded(Ticket t, SupportTimeFormat format, Instant now, Language lang)
    {
        var text = new StringBuilder()
            .Append(LevelMark(t.Level)).Append(" #").Append(t.Number).Append(" · ").Append(lang.L("Уровень ", "Level ")).Append(Texts.LevelName(t.Level, lang));
        if (t.NeedsTriage)
        {
            text.Append(" · ⚠ ").Append(lang.L("требует уточнения", "needs triage"));
        }

        text.Append('\n').Append(lang.L("Категория: ", "Category: ")).Append(Texts.CategoryName(t.Category, lang))
            .Append('\n').Append(lang.L("Клиент: ", "Customer: ")).Append(CustomerLine(t.Customer, lang))
            .Append("\n\n").Append(t.ErasedAt is null ? Texts.Preview(t.Description, CardDescriptionChars) : lang.L("(описание удалено вместе с персональными данными клиента)", "(the description was erased with the customer's personal data)"));
        if (t.Attachments.Count > 0)
        {
            text.Append("\n📎 ").Append(Texts.Files(t.Attachments.Count, lang));
        }

        text.Append("\n\n").Append(lang.L("Зарегистрирована: ", "Registered: ")).Append(format.Human(t.Registered, lang))
            .Append('\n').Append(lang.L("Реакция: ", "Reaction: ")).Append(format.Due(t.ReactionDeadline, lang))
            .Append('\n').Append(StatusLine(t, format, now, lang));

        IReadOnlyList<IReadOnlyList<Button>> buttons = t.IsWaiting
            ? [[StaffTexts.ClaimButton(t.Number, lang), Button.For(lang.L("Подробнее", "Details"), new DetailsAction(t.Number))]]
            : t.IsOpen ? [[Button.For(lang.L("Подробнее", "Details"), new DetailsAction(t.Number))]] : [];
        return new Reply(text.ToString(), buttons);
    }

    public static string StatusLine(Ticket t, SupportTimeFormat format, Instant now, Language lang)
    {
        var reaction = ReactionNote(t, format, lang);
        return t.Status switch
        {
            TicketStatus.Registered or TicketStatus.Reopened => (t.Status == TicketStatus.Reopened ? lang.L("🔁 Открыта снова, ждёт инженера", "🔁 Reopened, waiting for an engineer") : lang.L("⏳ Ждёт инженера", "⏳ Waiting for an engineer"))
                // A released ticket's reaction is already measured: its deadline no longer runs.
                + (t.ReactedAt is null ? " · " + TimeLeft(t.ReactionDeadline, now, lang) : lang.L(" (возвращена в очередь)", " (back in the queue)")) + reaction
                + (t.AssigneeName is { } assignee ? "\n" + AssignTexts.CardLine(assignee, lang) : string.Empty),
            TicketStatus.InProgress => lang.L("🛠 В работе у ", "🛠 In progress with ") + t.HolderName + reaction,
            TicketStatus.Resolved => lang.L("✅ Решена (", "✅ Resolved (") + t.HolderName + lang.L("), ждёт подтверждения клиента", "), awaiting the customer's confirmation") + reaction,
            TicketStatus.AwaitingCustomer => lang.L("⏳ Ждёт ответа клиента (", "⏳ Waiting for the customer's answer (") + t.HolderName
                + (t.AwaitingSince is { } since ? lang.L("), с ", "), since ") + format.Human(since, lang) : ")") + reaction,
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
                .Append(t.IncidentId is { } incident ? lang.L($" · 🔗 сбой №{incident}", $" · 🔗 incident #{incident}") : string.Empty)
                .Append('\n').Append(t.ReactedAt is null
                    ? $"{TimeLeft(t.ReactionDeadline, now, lang)} ({format.Due(t.ReactionDeadline, lang)})"
                    : lang.L("возвращена в очередь, реакция уже учтена", "back in the queue, reaction already recorded"))
                .Append('\n').Append(Texts.Preview(Texts.FirstLine(t.Description), 80));
        }

        var buttons = waiting.Take(8).Select(t => Button.For(lang.L($"✋ Взять #{t.Number}", $"✋ Take #{t.Number}"), new ClaimAction(t.Number))).Chunk(2)
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

        return new Reply(text.ToString(), [[.. mine.Take(6).Select(t => Button.For($"#{t.Number}", new DetailsAction(t.Number)))]]);
    }

    /// <summary>/ticket N for staff: everything, with the history and internal notes.</summary>
    public static Reply Full(Ticket t, SupportTimeFormat format, Instant now, Language lang)
    {
        var card = Unfolded(t, format, now, lang);
        var text = new StringBuilder(card.Text.Replace(Texts.Preview(t.Description, CardDescriptionChars), t.Description, StringComparison.Ordinal));
        if (t.IncidentId is { } incident)
        {
            text.Append('\n').Append(lang.L($"🔗 В сбое №{incident} (/incident)", $"🔗 In incident #{incident} (/incident)"));
        }

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
        foreach (var e in t.Events.OrderBy(e => e.At).ThenBy(e => e.Id))
        {
            text.Append('\n').Append(TicketTexts.HistoryLine(e, format, lang));
        }

        return new Reply(text.ToString(), card.Buttons);
    }

    /// <summary>An escalation ping about an unclaimed ticket, in the duty or managers' chat.</summary>
    public static Reply Ping(Ticket t, Escalation.EscalationStep step, bool repeat, Duration late, IReadOnlyList<StaffMember> mention, SupportTimeFormat format, Instant now, Language lang = Language.Ru)
    {
        var left = t.ReactionDeadline.RemainingAt(now);
        var mark = step.Mention ? "⚠" : "⏰";
        var head = repeat
            ? lang.L($"🚨 #{t.Number} всё ещё без инженера: просрочена на {SupportTimeFormat.Span(-left, lang)}", $"🚨 #{t.Number} still has no engineer: overdue by {SupportTimeFormat.Span(-left, lang)}")
            : step.IsBreach || left <= Duration.Zero
                ? lang.L($"🚨 #{t.Number} просрочена: никто не взял её до срока реакции", $"🚨 #{t.Number} is overdue: nobody took it by the reaction deadline")
                : step.Percent is { } percent
                    ? lang.L($"{mark} #{t.Number} ждёт инженера: прошло {Percent(percent)}% времени реакции", $"{mark} #{t.Number} waits for an engineer: {Percent(percent)}% of the reaction time is gone")
                    : lang.L($"{mark} #{t.Number} ждёт инженера: до срока реакции {SupportTimeFormat.Span(left, lang)}", $"{mark} #{t.Number} waits for an engineer: {SupportTimeFormat.Span(left, lang)} to the reaction deadline");
        var text = new StringBuilder(head)
            .Append('\n').Append(LevelMark(t.Level)).Append(lang.L(" уровень ", " level ")).Append(Texts.LevelName(t.Level, lang))
            .Append(" · ").Append(t.Customer.Organisation).Append(" · ").Append(Texts.Preview(Texts.FirstLine(t.Description), 60))
            .Append('\n').Append(lang.L("Срок реакции ", "Reaction deadline ")).Append(format.Due(t.ReactionDeadline, lang)).Append(" · ").Append(TimeLeft(t.ReactionDeadline, now, lang));
        if (mention.Count > 0)
        {
            text.Append("\n👥 ").Append(string.Join(", ", mention.Select(m => m.Name)));
        }

        if (late >= LateNoticeAfter)
        {
            text.Append(lang.L($"\n(напоминание опоздало на {SupportTimeFormat.Span(late, lang)}: бот не работал)", $"\n(this reminder is {SupportTimeFormat.Span(late, lang)} late: the bot was down)"));
        }

        return new Reply(text.ToString(), [[StaffTexts.ClaimButton(t.Number, lang)]]);
    }

    /// <summary>Level 1 pings the duty chat the moment it is registered.</summary>
    public static Reply CriticalRegistered(Ticket t, IReadOnlyList<StaffMember> mention, SupportTimeFormat format, Language lang = Language.Ru) => new(
        lang.L($"🔴 Критичная заявка #{t.Number} ({t.Customer.Organisation}): реакция {format.Due(t.ReactionDeadline, lang)}.", $"🔴 Critical request #{t.Number} ({t.Customer.Organisation}): reaction {format.Due(t.ReactionDeadline, lang)}.")
            + (mention.Count > 0 ? "\n👥 " + string.Join(", ", mention.Select(m => m.Name)) : string.Empty),
        [[StaffTexts.ClaimButton(t.Number, lang)]]);

    private static string Percent(double percent) => percent.ToString("0", System.Globalization.CultureInfo.InvariantCulture);
}
