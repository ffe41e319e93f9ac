using System.Text;
using ChatSupport.Domain.Mail;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What the desk writes in letters, and what it tells engineers about a letter.</summary>
public static class MailTexts
{
    /// <summary>
    /// The acknowledgement of a letter registered as a ticket: its number and when, the level and what it means, the
    /// reaction deadline with its zone, the organisation asked for when unknown, and how to write about it further.
    /// </summary>
    public static string Acknowledgement(Ticket ticket, string? customerName, bool askOrganisation, SupportTimeFormat format, Sla.SlaTerms terms, Language lang, string signature)
    {
        var text = new StringBuilder();
        text.Append(string.IsNullOrWhiteSpace(customerName) ? lang.L("Здравствуйте!", "Hello,") : lang.L($"Здравствуйте, {customerName}!", $"Hello {customerName},"))
            .Append("\n\n")
            .Append(lang.L(
                $"Ваше письмо зарегистрировано как заявка #{ticket.Number} — {format.Human(ticket.Registered, lang)}.",
                $"Your letter was registered as request #{ticket.Number} on {format.Human(ticket.Registered, lang)}."))
            .Append("\n\n")
            .Append(Texts.LevelExplained(ticket.Level, lang, terms))
            .Append('\n');
        if (ticket.LevelChoice == LevelChoice.Triage)
        {
            text.Append(lang.L(
                "Уровень в теме письма не указан, поэтому заявка принята с уровнем 3 — инженер уточнит его.",
                "The subject named no level, so the request was taken at level 3; an engineer will check it.")).Append('\n');
        }

        text.Append(lang.L(
                $"Инженер возьмёт заявку в работу {format.Due(ticket.ReactionDeadline, lang)}.",
                $"An engineer will take it {format.Due(ticket.ReactionDeadline, lang)}."))
            .Append("\n\n");
        if (askOrganisation)
        {
            text.Append(lang.L(
                "Пожалуйста, ответьте на это письмо, начав его словами «Организация: название вашей организации» — так инженер быстрее найдёт ваш договор, и больше спрашивать не придётся.",
                "Please reply to this letter starting with «Organisation: your organisation's name», so the engineer finds your contract sooner; you will not be asked again.")).Append("\n\n");
        }

        text.Append(lang.L(
                "Если уровень выбран неверно, ответьте на это письмо, начав текст словами «уровень 1», «уровень 2» или «уровень 3»: пока инженер не взял заявку, срок пересчитается.",
                "If the level is wrong, reply to this letter starting with «level 1», «level 2» or «level 3»: until an engineer takes the request, its deadline is recomputed."))
            .Append("\n\n");
        text.Append(lang.L(
                $"Чтобы дополнить заявку, ответьте на это письмо, сохранив в теме [#{ticket.Number}]. Новая проблема — новое письмо: так у каждой будет свой номер и свой срок.",
                $"To add to the request, reply to this letter keeping [#{ticket.Number}] in the subject. A new problem is a new letter: each gets its own number and deadline."))
            .Append("\n\n")
            .Append(lang.L("С уважением,", "Kind regards,")).Append('\n').Append(signature);
        return text.ToString();
    }

    /// <summary>The customer changed the level by a reply: the new level and deadline.</summary>
    public static string LevelChanged(Ticket ticket, SupportTimeFormat format, Language lang) => lang.L(
        $"Уровень заявки #{ticket.Number} изменён по вашему письму на {Texts.LevelName(ticket.Level, lang)}. Инженер возьмёт её в работу {format.Due(ticket.ReactionDeadline, lang)}.",
        $"The level of request #{ticket.Number} was changed at your request to {Texts.LevelName(ticket.Level, lang)}. An engineer will take it {format.Due(ticket.ReactionDeadline, lang)}.");

    /// <summary>In a letter, instead of the «Проблема решена?» buttons: how to answer by mail.</summary>
    public static string SolvedHint(Language lang) => lang.L(
        "Ответьте на это письмо словом «да», если проблема решена, или «нет», если нет.",
        "Reply to this letter with «yes» if the problem is solved, or «no» if it is not.");

    /// <summary>In a closing letter, instead of the 1–5 buttons: how to rate by mail.</summary>
    public static string RateHint(Language lang) => lang.L(
        "Чтобы оценить, ответьте на это письмо цифрой от 1 до 5 — можно добавить пару слов после неё.",
        "To rate, reply to this letter with a digit from 1 to 5 — you may add a few words after it.");

    public static string ScoreSaved(int number, int score, bool withComment, bool toManager, Language lang) => lang.L(
        $"Спасибо за оценку {score} из 5 по заявке #{number}!" + (withComment ? toManager ? " Ваш комментарий сохранён и передан руководителю поддержки." : " Ваш комментарий сохранён." : string.Empty),
        $"Thank you for rating request #{number} {score} out of 5!" + (withComment ? toManager ? " Your comment is saved and passed to the support manager." : " Your comment is saved." : string.Empty));

    /// <summary>The subject of a letter that belongs to no ticket (a notice, an apology).</summary>
    public static string GeneralSubject(Language lang) => lang.L("Техническая поддержка", "Technical support");

    /// <summary>
    /// The lines an engineer sees first in a ticket from a letter whose origin or shape is doubtful: the sender not
    /// confirmed by the receiving server, MIME that could not be read whole, files over the size limit (named, not sent).
    /// </summary>
    public static string Flags(IncomingLetter letter, Language lang)
    {
        var lines = new List<string>();
        if (letter.Unverified)
        {
            lines.Add(lang.L("⚠ Отправитель не подтверждён: почтовый сервер не подтвердил адрес (DMARC/SPF/DKIM). Проверьте, прежде чем раскрывать данные.",
                "⚠ Sender not verified: the mail server could not confirm the address (DMARC/SPF/DKIM). Check before disclosing anything."));
        }

        if (letter.Malformed)
        {
            lines.Add(lang.L("⚠ Письмо повреждено: прочитано не целиком, исходник — в папке обработанных писем.",
                "⚠ The letter is damaged: it could not be read whole; the original is in the processed-mail folder."));
        }

        foreach (var (name, size) in letter.TooLarge)
        {
            lines.Add(lang.L($"📎 Файл «{name}» ({Texts.Megabytes(size, lang)} МБ) больше допустимого и не передан: он остался в письме.",
                $"📎 File «{name}» ({Texts.Megabytes(size, lang)} MB) is over the size limit and was not forwarded: it stays in the letter."));
        }

        return string.Join('\n', lines);
    }
}
