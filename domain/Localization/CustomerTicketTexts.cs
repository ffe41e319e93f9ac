using System.Text;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What customers read about their tickets: the list, one ticket, and what engineers did with it.</summary>
public static class CustomerTicketTexts
{
    public const int TicketsPerPage = 5;

    public static Reply EngineerTookIt(string engineer, int number, Language lang) => Reply.Plain(lang.L(
        $"Инженер {engineer} взял вашу заявку #{number} в работу.",
        $"Engineer {engineer} has taken your request #{number}."));

    public static Reply HandedOver(int number, Language lang) => Reply.Plain(lang.L(
        $"Заявка #{number} передаётся другому инженеру — он скоро с вами свяжется.",
        $"Request #{number} is being handed to another engineer, who will contact you soon."));

    /// <summary>The engineer resolved the ticket: «Проблема решена?» with yes / no.</summary>
    public static Reply IsItSolved(string engineer, int number, string? summary, Language lang) => new(
        lang.L($"Инженер {engineer} отметил заявку #{number} как решённую", $"Engineer {engineer} marked request #{number} as resolved")
            + (string.IsNullOrWhiteSpace(summary) ? "." : ":\n" + summary)
            + "\n\n" + lang.L("Проблема решена?", "Is the problem solved?"),
        [[Button.For(lang.L("✅ Да, закрыть", "✅ Yes, close it"), new ConfirmAction(number, true)), Button.For(lang.L("↩ Нет, открыть снова", "↩ No, reopen"), new ConfirmAction(number, false))]]);

    /// <summary>An engineer's answer, relayed to the customer.</summary>
    public static Reply EngineerSays(string engineer, int number, string? text, Language lang) => Reply.Plain(
        lang.L($"💬 Инженер {engineer} по заявке #{number}:", $"💬 Engineer {engineer} on request #{number}:") + (string.IsNullOrWhiteSpace(text) ? string.Empty : "\n" + text));

    public static Reply LevelChanged(int number, PriorityLevel level, string reason, Deadline? newDeadline, SupportTimeFormat format, Language lang) => Reply.Plain(
        lang.L($"Уровень заявки #{number} изменён на {Texts.LevelName(level, lang)}: {reason}.", $"The level of request #{number} was changed to {Texts.LevelName(level, lang)}: {reason}.")
        + (newDeadline is { } due ? " " + lang.L("Инженер возьмёт её в работу ", "An engineer will take it ") + format.Due(due, lang) + "." : string.Empty));

    /// <summary>Nobody answered «Проблема решена?»: the ticket closed by itself.</summary>
    public static Reply ClosedWithoutAnswer(int number, NodaTime.Duration waited, Language lang) => new(
        lang.L($"Заявка #{number} закрыта: после решения ответа не было {Texts.Waited(waited, lang).TrimEnd('.')}. Если проблема вернулась — создайте новую заявку.",
            $"Request #{number} is closed: there was no answer for {Texts.Waited(waited, lang)} after it was resolved. If the problem is back, create a new request."),
        IntakePrompts.MainMenu(lang));

    /// <summary>The holder's question: the customer's next message about the ticket is the answer.</summary>
    public static Reply EngineerAsks(string engineer, int number, string question, Language lang) => Reply.Plain(
        lang.L($"❓ Инженер {engineer} по заявке #{number} ждёт вашего ответа:", $"❓ Engineer {engineer} needs your answer on request #{number}:")
        + "\n" + question + "\n\n"
        + lang.L("Ответьте, пожалуйста, на это сообщение — ответ сразу дойдёт до инженера.", "Please reply to this message — your answer goes straight to the engineer."));

    /// <summary>No answer to the holder's question for RemindAfter: one reminder, with the day the ticket would close.</summary>
    public static Reply AnswerReminder(int number, string? question, NodaTime.Instant closesAt, SupportTimeFormat format, Language lang) => Reply.Plain(
        lang.L($"⏳ Напоминаем: по заявке #{number} инженер ждёт вашего ответа", $"⏳ A reminder: the engineer on request #{number} is waiting for your answer")
        + (string.IsNullOrWhiteSpace(question) ? "." : ":\n«" + Texts.Preview(question, 500) + "»")
        + "\n\n"
        + lang.L($"Без ответа заявка будет закрыта {format.Human(closesAt, lang)}. Если вопрос уже не актуален, ничего делать не нужно — заявка закроется сама.",
            $"Without an answer the request closes on {format.Human(closesAt, lang)}. If it no longer matters, there is nothing to do — it will close by itself."));

    /// <summary>No answer to the holder's question for CloseAfter: closed.</summary>
    public static Reply ClosedUnanswered(int number, NodaTime.Duration waited, Language lang) => new(
        lang.L($"Заявка #{number} закрыта: мы не получили ответа на вопрос инженера за {Texts.Period(waited, lang)}. Если проблема осталась — создайте новую заявку, мы поможем.",
            $"Request #{number} is closed: there was no answer to the engineer's question for {Texts.Period(waited, lang)}. If the problem remains, create a new request and we will help."),
        IntakePrompts.MainMenu(lang));

    /// <summary>A closing message with the satisfaction question after it and the 1–5 buttons first.</summary>
    public static Reply WithRating(Reply closing, int number, Language lang) => new(
        closing.Text + "\n\n" + lang.L(
            $"Оцените, пожалуйста, работу поддержки по заявке #{number}: 1 — плохо, 5 — отлично.",
            $"Please rate our support on request #{number}: 1 — poor, 5 — excellent."),
        [RatingRow(number), .. closing.Buttons]);

    public static IReadOnlyList<Button> RatingRow(int number) =>
        [.. new[] { "😞 1", "🙁 2", "😐 3", "🙂 4", "😍 5" }.Select((label, i) => Button.For(label, new Buttons.RateAction(number, i + 1)))];

    public static Reply ScoreSaved(int number, int score, bool inviteComment, Language lang) => Reply.Plain(
        lang.L($"Спасибо за оценку {score} из 5 по заявке #{number}!", $"Thank you for rating request #{number} {score} out of 5!")
        + (inviteComment
            ? lang.L(" Если хотите, напишите пару слов о работе поддержки — следующее сообщение в ближайшие 10 минут я сохраню как комментарий к оценке.",
                " If you like, write a few words about our support — your next message within 10 minutes is kept as a comment on the score.")
            : string.Empty));

    public static string ScoreSavedNotice(int score, Language lang) => lang.L($"Оценка {score} из 5 сохранена", $"Score {score}/5 saved");

    public static Reply AlreadyRated(int number, int score, Language lang) => Reply.Plain(lang.L(
        $"Заявку #{number} вы уже оценили: {score} из 5. Спасибо!", $"You already rated request #{number}: {score} out of 5. Thank you!"));

    public static Reply ScoreCommentSaved(bool toManager, Language lang) => Reply.Plain(toManager
        ? lang.L("Спасибо, ваш комментарий к оценке сохранён и передан руководителю поддержки.", "Thank you, your comment on the score is saved and passed to the support manager.")
        : lang.L("Спасибо, ваш комментарий к оценке сохранён.", "Thank you, your comment on the score is saved."));

    public static Reply WhichTicket(IReadOnlyList<Ticket> open, Language lang) => new(
        lang.L("У вас несколько открытых заявок. К какой относится это сообщение?", "You have several open requests. Which one is this message about?"),
        [
            .. open.Take(8).Select(t => (IReadOnlyList<Button>)[Button.For($"#{t.Number} — {Texts.Preview(Texts.FirstLine(t.Description), 40)}", new AttachCommentAction(t.Number))]),
            [Button.For(lang.L("📝 Это новая заявка", "📝 It is a new request"), new MenuAction(MenuItem.NewRequest))],
        ]);

    public static Reply TicketNotFound(string text, Language lang) => new(
        lang.L($"Заявка {text} не найдена среди ваших заявок. Ваши заявки — /my.", $"Request {text} is not among your requests. Your requests: /my."),
        IntakePrompts.MainMenu(lang));

    public static Reply TicketUsage(Language lang) => Reply.Plain(lang.L(
        "Укажите номер заявки: /ticket 12. Все ваши заявки — /my.", "Give the request number: /ticket 12. All your requests: /my."));

    /// <summary>/my: a page of the customer's tickets, newest first, with buttons to open each and to page.</summary>
    public static Reply TicketList(IReadOnlyList<Ticket> page, int pageIndex, int pageCount, SupportTimeFormat format, Language lang)
    {
        if (page.Count == 0)
        {
            return CustomerTexts.NoTicketsYet(lang);
        }

        var text = new StringBuilder(lang.L("Ваши заявки", "Your requests"));
        if (pageCount > 1)
        {
            text.Append(lang.L($" (стр. {pageIndex + 1} из {pageCount})", $" (page {pageIndex + 1} of {pageCount})"));
        }

        text.Append(':');
        foreach (var t in page)
        {
            text.Append("\n\n#").Append(t.Number).Append(" · ").Append(Texts.StatusName(t.Status, lang))
                .Append(" · ").Append(lang.L("уровень ", "level ")).Append((int)t.Level);
            if (t.Status is TicketStatus.Registered or TicketStatus.Reopened)
            {
                text.Append(" · ").Append(lang.L("реакция ", "reaction ")).Append(format.Due(t.ReactionDeadline, lang));
            }

            text.Append('\n').Append(Texts.Preview(Texts.FirstLine(t.Description), 80));
        }

        var rows = new List<IReadOnlyList<Button>>
        {
            page.Select(t => Button.For($"#{t.Number}", new ShowTicketAction(t.Number))).ToList(),
        };
        var nav = new List<Button>();
        if (pageIndex > 0)
        {
            nav.Add(Button.For(lang.L("◀ Новее", "◀ Newer"), new TicketsPageAction(pageIndex - 1)));
        }

        if (pageIndex < pageCount - 1)
        {
            nav.Add(Button.For(lang.L("Старше ▶", "Older ▶"), new TicketsPageAction(pageIndex + 1)));
        }

        if (nav.Count > 0)
        {
            rows.Add(nav);
        }

        return new Reply(text.ToString(), rows);
    }

    /// <summary>/ticket N for its customer: the ticket and the conversation (never internal notes).</summary>
    public static Reply TicketCard(Ticket ticket, SupportTimeFormat format, Language lang)
    {
        var text = new StringBuilder()
            .Append(lang.L("Заявка #", "Request #")).Append(ticket.Number).Append(" — ").Append(Texts.StatusName(ticket.Status, lang)).Append('\n')
            .Append(lang.L("Организация: ", "Organisation: ")).Append(ticket.Customer.Organisation).Append('\n')
            .Append(lang.L("Категория: ", "Category: ")).Append(Texts.CategoryName(ticket.Category, lang)).Append('\n')
            .Append(lang.L("Уровень: ", "Level: ")).Append(Texts.LevelName(ticket.Level, lang)).Append('\n')
            .Append(lang.L("Зарегистрирована: ", "Registered: ")).Append(format.Human(ticket.Registered, lang)).Append('\n');
        if (ticket.Status is TicketStatus.Registered or TicketStatus.Reopened)
        {
            text.Append(lang.L("Инженер возьмёт в работу ", "An engineer will take it ")).Append(format.Due(ticket.ReactionDeadline, lang)).Append('\n');
        }

        text.Append('\n').Append(ticket.Description);
        if (ticket.Attachments.Count > 0)
        {
            text.Append("\n\n").Append(lang.L("Файлы: ", "Files: ")).Append(ticket.Attachments.Count);
        }

        // Internal notes and system lines never reach the customer.
        var visible = ticket.Messages.Where(m => m.VisibleToCustomer).OrderBy(m => m.At).ThenBy(m => m.Id).ToList();
        if (visible.Count > 0)
        {
            text.Append("\n\n").Append(lang.L("Переписка:", "Conversation:"));
            foreach (var m in visible)
            {
                var who = m.Author == TicketAuthor.Customer ? lang.L("Вы", "You") : m.AuthorName;
                text.Append('\n').Append(format.Human(m.At, lang)).Append(" — ").Append(who).Append(": ").Append(m.Text);
                if (m.Attachments.Count > 0)
                {
                    text.Append(" [").Append(Texts.Files(m.Attachments.Count, lang)).Append(']');
                }
            }
        }

        return new Reply(text.ToString(), [[Button.For(lang.L("📋 Мои заявки", "📋 My requests"), new MenuAction(MenuItem.MyRequests)), Button.For(lang.L("📝 Новая заявка", "📝 New request"), new MenuAction(MenuItem.NewRequest))]]);
    }
}
