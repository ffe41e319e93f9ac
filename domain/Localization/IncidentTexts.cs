using System.Text;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What a mass incident says: its card in the duty chat, the replies to /incident, and what its customers hear.</summary>
public static class IncidentTexts
{
    /// <summary>How many organisations the card names before «и ещё N».</summary>
    private const int OrganisationsShown = 8;

    /// <summary>How many ticket numbers a reply lists before «и ещё N».</summary>
    private const int NumbersShown = 40;

    public static string Usage(Language lang) => lang.L(
        """
        Массовый сбой:
        /incident — что с открытым сбоем
        /incident open Не работает вход в личный кабинет — открыть (один сбой за раз)
        /incident link 12 13 14 — присоединить заявки (unlink — отделить)
        /incident claim — взять сбой и все его ожидающие заявки (или кнопка на карточке сбоя)
        /incident update текст — новости всем клиентам сбоя
        /incident close текст — решить все заявки сбоя с этим текстом (бот переспросит)
        """,
        """
        A mass incident:
        /incident — the open incident's state
        /incident open Sign-in to the customer portal fails — open one (one at a time)
        /incident link 12 13 14 — link requests (unlink to take them out)
        /incident claim — take the incident and all its waiting requests (or the button on its card)
        /incident update text — news to every customer of the incident
        /incident close text — resolve all its requests with this text (the bot asks first)
        """);

    public static string NoneOpen(Language lang) => lang.L(
        "Открытого сбоя нет. Открыть: /incident open что случилось",
        "No incident is open. Open one: /incident open what happened");

    public static string TitleInvalid(Language lang) => lang.L(
        $"Название сбоя — до {Incident.TitleMax} символов: /incident open Не работает вход в личный кабинет",
        $"An incident's title is up to {Incident.TitleMax} characters: /incident open Sign-in to the customer portal fails");

    public static string TextTooLong(Language lang) => lang.L(
        $"Текст длиннее {Incident.TextMax} символов — сократите его: клиенты получат его одним сообщением.",
        $"The text is over {Incident.TextMax} characters — shorten it: customers get it as one message.");

    public static string AlreadyOpen(Incident i, Language lang) => lang.L(
        $"Уже открыт сбой №{i.Id} «{i.Title}» — одновременно бывает только один. Новости клиентам: /incident update текст; закрыть: /incident close текст.",
        $"Incident #{i.Id} «{i.Title}» is already open — one at a time. News to customers: /incident update text; close it: /incident close text.");

    public static string Opened(Incident i, Language lang) => lang.L(
        $"🚨 Сбой №{i.Id} «{i.Title}» открыт. Клиенты, оформляющие заявку, увидят, что мы о нём знаем, и смогут одной кнопкой присоединить заявку к нему. Уже открытые заявки: /incident link 12 13.",
        $"🚨 Incident #{i.Id} «{i.Title}» is open. Customers filing a request will see that we know of it and can link their request to it with one button. Requests already open: /incident link 12 13.");

    /// <summary>The incident's one card in the duty chat (edited in place as tickets join, are taken and closed).</summary>
    public static Reply Card(Incident i, IncidentSummary s, SupportTimeFormat format, Language lang)
    {
        var text = new StringBuilder();
        if (i.IsOpen)
        {
            text.Append("🚨 ").Append(lang.L($"Сбой №{i.Id}: ", $"Incident #{i.Id}: ")).Append(i.Title)
                .Append('\n').Append(lang.L("Открыт: ", "Opened: ")).Append(format.Human(i.OpenedAt, lang)).Append(" · ").Append(i.OpenedByName);
        }
        else
        {
            text.Append("✅ ").Append(lang.L($"Сбой №{i.Id} закрыт: ", $"Incident #{i.Id} closed: ")).Append(i.Title)
                .Append('\n').Append(lang.L("Закрыт: ", "Closed: ")).Append(format.Human(i.ClosedAt!.Value, lang)).Append(" · ").Append(i.ClosedByName)
                .Append('\n').Append(lang.L("Итог: ", "Summary: ")).Append(Texts.Preview(i.Summary ?? string.Empty, 300));
        }

        text.Append("\n\n").Append(lang.L("Заявок открыто: ", "Open requests: ")).Append(s.Open);
        if (s.Open > 0)
        {
            text.Append(lang.L($" — ждут инженера: {s.Waiting}, в работе: {s.Open - s.Waiting}", $" — waiting for an engineer: {s.Waiting}, in work: {s.Open - s.Waiting}"));
        }

        if (s.Finished > 0)
        {
            text.Append('\n').Append(lang.L("Решено и закрыто: ", "Resolved and closed: ")).Append(s.Finished);
        }

        if (s.Organisations.Count > 0)
        {
            text.Append('\n').Append(lang.L("Организации: ", "Organisations: ")).Append(string.Join(", ", s.Organisations.Take(OrganisationsShown)));
            if (s.Organisations.Count > OrganisationsShown)
            {
                text.Append(lang.L($" и ещё {s.Organisations.Count - OrganisationsShown}", $" and {s.Organisations.Count - OrganisationsShown} more"));
            }
        }

        if (i.IsOpen && s.Soonest is { } soonest)
        {
            text.Append('\n').Append(lang.L("Ближайший срок реакции: ", "Soonest reaction deadline: ")).Append('#').Append(soonest.Number).Append(" · ").Append(format.Due(soonest.ReactionDeadline, lang));
        }

        if (i.HolderName is { } holder)
        {
            text.Append('\n').Append(lang.L("Ведёт: ", "Held by: ")).Append(holder);
        }

        if (i.UpdatesSent > 0)
        {
            text.Append('\n').Append(lang.L("Новостей клиентам: ", "News to customers: ")).Append(i.UpdatesSent).Append(lang.L(", последняя ", ", the last on ")).Append(format.Human(i.LastUpdateAt!.Value, lang));
        }

        if (i.IsOpen)
        {
            text.Append("\n\n").Append(lang.L(
                "У каждой заявки свой срок реакции: «Взять сбой в работу» берёт все ожидающие, реакция записывается по каждой.",
                "Each request keeps its own reaction deadline: «Take the incident» takes every waiting one, a reaction recorded for each."));
        }

        // Nothing waits and someone holds it: no button that would do nothing.
        IReadOnlyList<IReadOnlyList<Button>> buttons = i.IsOpen && (s.Waiting > 0 || i.HolderName is null)
            ? [[Button.For(s.Waiting > 0 ? lang.L($"✋ Взять сбой в работу (ждут: {s.Waiting})", $"✋ Take the incident ({s.Waiting} waiting)") : lang.L("✋ Взять сбой в работу", "✋ Take the incident"), new IncidentClaimAction(i.Id))]]
            : [];
        return new Reply(text.ToString(), buttons);
    }

    /// <summary>A linked ticket's own card, folded into the incident's (no claim button: the incident's takes it).</summary>
    public static Reply LinkedCard(Ticket t, SupportTimeFormat format, Language lang) => new(
        $"🔗 {CardTexts.LevelMark(t.Level)} #{t.Number} · " + lang.L($"уровень {(int)t.Level}", $"level {(int)t.Level}") + " · " + CardTexts.CustomerLine(t.Customer, lang)
        + "\n" + lang.L($"В сбое №{t.IncidentId} — его общая карточка ведёт все заявки сбоя.", $"In incident #{t.IncidentId} — its shared card carries all of its requests.")
        + "\n" + lang.L("Зарегистрирована: ", "Registered: ") + format.Human(t.Registered, lang) + "\n" + lang.L("Реакция: ", "Reaction: ") + format.Due(t.ReactionDeadline, lang),
        [[Button.For(lang.L("Подробнее", "Details"), new DetailsAction(t.Number))]]);

    public static string Linked(Incident i, IReadOnlyList<int> linked, IReadOnlyList<int> already, IReadOnlyList<string> refused, Language lang)
    {
        var lines = new List<string>();
        if (linked.Count > 0)
        {
            lines.Add(lang.L(
                $"🔗 К сбою №{i.Id} присоединены: {Numbers(linked, lang)}. Их карточки свёрнуты в карточку сбоя; срок реакции у каждой свой.",
                $"🔗 Linked to incident #{i.Id}: {Numbers(linked, lang)}. Their cards fold into the incident's; each keeps its own reaction deadline."));
        }

        if (already.Count > 0)
        {
            lines.Add(lang.L($"Уже в сбое: {Numbers(already, lang)}.", $"Already in it: {Numbers(already, lang)}."));
        }

        lines.AddRange(refused);
        return string.Join('\n', lines);
    }

    public static string Unlinked(Incident i, IReadOnlyList<int> unlinked, IReadOnlyList<int> notIn, IReadOnlyList<string> refused, Language lang)
    {
        var lines = new List<string>();
        if (unlinked.Count > 0)
        {
            lines.Add(lang.L(
                $"Отделены от сбоя №{i.Id}: {Numbers(unlinked, lang)}. У каждой снова своя карточка.",
                $"Taken out of incident #{i.Id}: {Numbers(unlinked, lang)}. Each has its own card again."));
        }

        if (notIn.Count > 0)
        {
            lines.Add(lang.L($"Не в этом сбое: {Numbers(notIn, lang)}.", $"Not in this incident: {Numbers(notIn, lang)}."));
        }

        lines.AddRange(refused);
        return string.Join('\n', lines);
    }

    public static string NoSuchTicket(int number, Language lang) => lang.L($"#{number} — нет такой заявки.", $"#{number} — no such request.");

    /// <summary>To whoever took the incident.</summary>
    public static string Claimed(Incident i, IReadOnlyList<int> claimed, int late, IReadOnlyList<string> refused, Language lang)
    {
        var text = claimed.Count == 0
            ? lang.L($"✋ Сбой №{i.Id} ведёте вы. Ожидающих заявок в нём нет.", $"✋ You hold incident #{i.Id}. None of its requests is waiting.")
            : lang.L(
                $"✋ Вы взяли сбой №{i.Id} и его заявки: {Numbers(claimed, lang)} — реакция записана по каждой ({claimed.Count - late} в срок, {late} с опозданием). Клиентам сообщено.",
                $"✋ You took incident #{i.Id} and its requests: {Numbers(claimed, lang)} — a reaction recorded for each ({claimed.Count - late} in time, {late} late). The customers were told.");
        return refused.Count == 0 ? text : text + "\n" + string.Join('\n', refused);
    }

    public static string ClaimedNotice(Incident i, int claimed, Language lang) =>
        lang.L($"Вы взяли сбой №{i.Id} ({Requests(claimed, lang)})", $"You took incident #{i.Id} ({Requests(claimed, lang)})");

    public static string AlreadyHeld(Incident i, Language lang) => lang.L(
        $"Сбой №{i.Id} уже ведёт {i.HolderName}, ожидающих заявок в нём нет.",
        $"Incident #{i.Id} is already held by {i.HolderName}; none of its requests is waiting.");

    private static string Requests(int n, Language lang) => Texts.Count(n, lang, "заявка", "заявки", "заявок", "request", "requests");

    public static string Stale(Language lang) => lang.L("Этот сбой уже закрыт.", "This incident is closed already.");

    public static string UpdateSent(Incident i, IReadOnlyList<int> tickets, Language lang) => tickets.Count == 0
        ? lang.L($"В сбое №{i.Id} нет открытых заявок — новости отправлять некому.", $"Incident #{i.Id} has no open requests — nobody to send the news to.")
        : lang.L(
            $"📢 Новости о сбое №{i.Id} уходят клиентам заявок {Numbers(tickets, lang)} ({tickets.Count}); каждая заявка сохранит их в истории.",
            $"📢 The news of incident #{i.Id} goes to the customers of {Numbers(tickets, lang)} ({tickets.Count}); each request keeps it in its history.");

    public static Reply AskClose(Incident i, string text, IReadOnlyList<int> tickets, Language lang) => new(
        lang.L(
            $"Закрыть сбой №{i.Id} «{i.Title}»? Будут решены заявки {Numbers(tickets, lang)} ({tickets.Count}); ожидающие сначала будут взяты в работу. Каждый клиент получит этот текст и вопрос «Проблема решена?»:\n\n{text}",
            $"Close incident #{i.Id} «{i.Title}»? Requests {Numbers(tickets, lang)} ({tickets.Count}) will be resolved; waiting ones are taken into work first. Each customer gets this text and the question «Is the problem solved?»:\n\n{text}"),
        [[Button.For(lang.L("✅ Да, закрыть", "✅ Yes, close it"), new IncidentCloseAction(i.Id, i.CloseQuestion, true)), Button.For(lang.L("Отмена", "Cancel"), new IncidentCloseAction(i.Id, i.CloseQuestion, false))]]);

    public static string CloseCancelled(Incident i, Language lang) => lang.L(
        $"Сбой №{i.Id} не закрыт: заявки остаются как были.", $"Incident #{i.Id} was not closed: its requests stay as they were.");

    public static string NotAsked(Language lang) => lang.L(
        "Закрытие этого сбоя не запрашивали (или уже ответили). Закрыть: /incident close текст",
        "Nobody asked to close this incident (or it was answered). Close it: /incident close text");

    public static string NotYourQuestion(Language lang) => lang.L(
        "Ответить на этот вопрос может тот, кто закрывает сбой, или менеджер.",
        "Only whoever is closing the incident, or a manager, can answer this question.");

    public static string Closed(Incident i, IReadOnlyList<int> resolved, IReadOnlyList<string> refused, Language lang)
    {
        var text = lang.L(
            $"✅ Сбой №{i.Id} закрыт. Решены заявки: {(resolved.Count == 0 ? "нет" : Numbers(resolved, lang))} ({resolved.Count}); клиенты получили итог и вопрос «Проблема решена?».",
            $"✅ Incident #{i.Id} is closed. Resolved: {(resolved.Count == 0 ? "none" : Numbers(resolved, lang))} ({resolved.Count}); the customers got the summary and the question «Is the problem solved?».");
        return refused.Count == 0 ? text : text + "\n" + lang.L(
            "Не решены — отделены от сбоя, у каждой снова своя карточка:",
            "Not resolved — taken out of the incident, each has its own card again:") + "\n" + string.Join('\n', refused);
    }

    /// <summary>To a customer starting a request while an incident is open.</summary>
    public static string KnownAtIntake(Incident i, Language lang) => lang.L(
        $"⚠️ Сейчас идёт сбой: «{i.Title}». Мы знаем о нём и работаем над ним. Если ваша проблема в этом — оформите заявку как обычно: после регистрации её можно одной кнопкой присоединить к сбою, и новости о нём придут вам сюда.",
        $"⚠️ An incident is on: «{i.Title}». We know of it and are working on it. If your problem is this one, file the request as usual: once registered, one button links it to the incident, and its news will come to you here.");

    /// <summary>In the acknowledgement of a letter while an incident is open.</summary>
    public static string KnownByMail(Incident i, Language lang) => lang.L(
        $"Сейчас идёт сбой: «{i.Title}». Мы знаем о нём и работаем над ним. Если ваше письмо о нём, инженеры присоединят заявку к сбою, и новости о нём придут вам в ответ на это письмо.",
        $"An incident is on: «{i.Title}». We know of it and are working on it. If your letter is about it, the engineers will link your request to it, and its news will come to you in reply to this letter.");

    /// <summary>Under «Заявка зарегистрирована» while an incident is open.</summary>
    public static string OfferJoin(Incident i, Language lang) => lang.L(
        $"⚠️ Мы знаем о сбое «{i.Title}» и работаем над ним. Если ваша заявка о нём — нажмите кнопку ниже: мы будем сообщать вам новости о сбое.",
        $"⚠️ We know of the incident «{i.Title}» and are working on it. If your request is about it, press the button below: we will send you its news.");

    /// <summary>«Заявка зарегистрирована» with the incident said and its one-button link first.</summary>
    public static Reply WithJoinOffer(Reply registered, int number, Incident i, Language lang) => new(
        registered.Text + "\n\n" + OfferJoin(i, lang),
        [[JoinButton(number, i, lang)], .. registered.Buttons]);

    public static Button JoinButton(int number, Incident i, Language lang) =>
        Button.For(lang.L("🔗 Моя заявка — об этом сбое", "🔗 My request is about this incident"), new IncidentJoinAction(number, i.Id));

    public static string Joined(int number, Incident i, Language lang) => lang.L(
        $"🔗 Заявка #{number} присоединена к сбою «{i.Title}». Новости о нём придут сюда; срок реакции по вашей заявке прежний.",
        $"🔗 Request #{number} is linked to the incident «{i.Title}». Its news will come here; your request's reaction deadline stays as it was.");

    public static string AlreadyJoined(int number, Language lang) => lang.L($"Заявка #{number} уже присоединена к сбою.", $"Request #{number} is linked already.");

    public static string JoinStale(int number, Language lang) => lang.L(
        $"Этот сбой уже закрыт или заявка #{number} закрыта — присоединять нечего. Инженер ответит по заявке как обычно.",
        $"The incident or request #{number} is closed — nothing to link. An engineer answers the request as usual.");

    public static string JoinedNotice(Language lang) => lang.L("Заявка присоединена к сбою", "Linked to the incident");

    /// <summary>The incident's news to a linked ticket's customer.</summary>
    public static string News(int number, Incident i, string text, Language lang) => lang.L(
        $"📢 Новости о сбое «{i.Title}» (ваша заявка #{number}):\n\n{text}",
        $"📢 News of the incident «{i.Title}» (your request #{number}):\n\n{text}");

    private static string Numbers(IReadOnlyList<int> numbers, Language lang) =>
        string.Join(", ", numbers.Take(NumbersShown).Select(n => $"#{n}"))
        + (numbers.Count > NumbersShown ? lang.L($" и ещё {numbers.Count - NumbersShown}", $" and {numbers.Count - NumbersShown} more") : string.Empty);
}
