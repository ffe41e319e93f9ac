using System.Text;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What customers read outside the intake steps: greeting, help, their tickets, explanations.</summary>
public static class CustomerTexts
{
    public const int TicketsPerPage = 5;

    public static Reply Greeting(string name, Language lang) => new(
        lang.L(
            $"Здравствуйте, {name}! Я бот технической поддержки: принимаю заявки в любое время, регистрирую их по регламенту и передаю инженерам. Статус и переписка по заявке — здесь же.",
            $"Hello, {name}! I am the technical support bot: I take requests at any time, register them as the support regulation says and pass them to engineers. You follow each request and talk to the engineer right here."),
        IntakePrompts.MainMenu(lang));

    /// <summary>/help for customers, with the reaction times, support hours and time zone this installation has.</summary>
    public static Reply Help(Language lang, SlaPolicy policy, SupportTimeFormat format, NodaTime.Instant now)
    {
        var terms = policy.Terms;
        var zone = format.ZoneLabel(now, lang);
        var hours = policy.Calendar is AlwaysOpenCalendar
            ? lang.L("Поддержка работает круглосуточно.", "Support works around the clock.")
            : lang.L("Часы поддержки — по графику договора; срок уровня 1 считается в эти часы.", "Support hours follow your contract's schedule; level 1 is counted in those hours.");
        var text = lang.L(
            $"""
            Как обратиться в поддержку:
            1. Нажмите «Новая заявка» (или /new).
            2. Выберите категорию, опишите проблему — текстом, фото, скриншотами, документами — и нажмите «Готово».
            3. Выберите уровень (или «Помогите выбрать» — два вопроса) и зарегистрируйте заявку.

            Сроки реакции: уровень 1 — {Texts.Reaction(PriorityLevel.Critical, lang, terms)}, уровень 2 — {Texts.Reaction(PriorityLevel.Medium, lang, terms)}, уровень 3 — {Texts.Reaction(PriorityLevel.Low, lang, terms)}. {hours} Время в сообщениях — {zone}.

            Команды:
            /new — новая заявка
            /my — мои заявки
            /ticket N — заявка номер N
            /cancel — отменить текущее действие
            /profile — изменить организацию
            /lang — язык (русский / English)
            /help — эта справка

            Когда нет незаконченной заявки, всё, что вы пишете, я добавляю к вашей открытой заявке.
            """,
            $"""
            How to contact support:
            1. Press «New request» (or /new).
            2. Choose a category, describe the problem — text, photos, screenshots, documents — and press «Done».
            3. Choose the level (or «Help me choose» — two questions) and register the request.

            Reaction times: level 1 — {Texts.Reaction(PriorityLevel.Critical, lang, terms)}, level 2 — {Texts.Reaction(PriorityLevel.Medium, lang, terms)}, level 3 — {Texts.Reaction(PriorityLevel.Low, lang, terms)}. {hours} Times in messages are {zone}.

            Commands:
            /new — new request
            /my — my requests
            /ticket N — request number N
            /cancel — cancel what is in progress
            /profile — change your organisation
            /lang — language (русский / English)
            /help — this help

            When no request is being filled in, whatever you write is added to your open request.
            """);
        return new Reply(text, IntakePrompts.MainMenu(lang));
    }

    /// <summary>
    /// The registration hour registered a dialogue the customer left: which level, and why — their answers to the
    /// guide, their own choice, or nothing (an engineer will set it).
    /// </summary>
    public static Reply RegisteredByTheHour(Ticket ticket, TriageLevel basis, SupportTimeFormat format, Language lang)
    {
        var level = Texts.LevelName(ticket.Level, lang);
        var why = basis switch
        {
            { Choice: LevelChoice.Triage } => lang.L("Уровень 3 (низкий) — инженер уточнит его. ", "Level 3 (low) — an engineer will check it. "),
            { Software: { } software, Alternative: { } alternative } => lang.L(
                $"Уровень {level} — по вашим ответам: «{Texts.SoftwareAnswer(software, lang)}», «{Texts.AlternativeAnswer(alternative, lang)}». ",
                $"Level {level} — from your answers: «{Texts.SoftwareAnswer(software, lang)}», «{Texts.AlternativeAnswer(alternative, lang)}». "),
            { Software: { } software } when SeverityGuide.NeedsAlternativeQuestion(software) => lang.L(
                $"Уровень {level} — по вашему ответу «{Texts.SoftwareAnswer(software, lang)}»; есть ли обходной путь, инженер уточнит. ",
                $"Level {level} — from your answer «{Texts.SoftwareAnswer(software, lang)}»; an engineer will ask whether there is a workaround. "),
            { Software: { } software } => lang.L(
                $"Уровень {level} — по вашему ответу «{Texts.SoftwareAnswer(software, lang)}». ",
                $"Level {level} — from your answer «{Texts.SoftwareAnswer(software, lang)}». "),
            _ => lang.L($"Уровень {level} — вы выбрали его сами. ", $"Level {level} — as you chose it. "),
        };
        return new Reply(
            lang.L(
                $"Мы зарегистрировали вашу заявку #{ticket.Number} по тому, что вы успели описать: по регламенту обращение регистрируется в течение часа. "
                    + why + $"Инженер возьмёт её в работу {format.Due(ticket.ReactionDeadline, lang)}. Если нужно что-то добавить или поправить — просто напишите мне.",
                $"We registered your request #{ticket.Number} with what you had described: the regulation registers every request within an hour. "
                    + why + $"An engineer will take it {format.Due(ticket.ReactionDeadline, lang)}. To add or correct anything, just write to me."),
            IntakePrompts.MainMenu(lang));
    }

    public static Reply Unsupported(UnsupportedContent content, Language lang) => Reply.Plain(lang.L(
        $"{UnsupportedName(content, lang)} я не обрабатываю. Я принимаю текст, фото, скриншоты и документы — опишите, пожалуйста, словами или пришлите файл.",
        $"I can't take {UnsupportedName(content, lang)}. I accept text, photos, screenshots and documents — please describe it in words or send a file."));

    private static string UnsupportedName(UnsupportedContent content, Language lang) => content switch
    {
        UnsupportedContent.Sticker => lang.L("Стикеры", "stickers"),
        UnsupportedContent.Voice => lang.L("Голосовые сообщения", "voice messages"),
        UnsupportedContent.VideoNote => lang.L("Видеосообщения", "video notes"),
        UnsupportedContent.Location => lang.L("Геопозиции", "locations"),
        UnsupportedContent.Contact => lang.L("Контакты", "contacts"),
        UnsupportedContent.Poll => lang.L("Опросы", "polls"),
        _ => lang.L("Такие сообщения", "this kind of message"),
    };

    public static Reply EditedIgnored(Language lang) => Reply.Plain(lang.L(
        "Изменения в уже отправленных сообщениях я не вижу. Пришлите исправление новым сообщением.",
        "I don't see edits to messages already sent. Please send the correction as a new message."));

    public static Reply UnknownCommand(string command, Language lang) => new(
        lang.L($"Не знаю команду /{command}. Список команд — /help.", $"I don't know /{command}. See /help for the commands."),
        IntakePrompts.MainMenu(lang));

    public static Reply StaleButton(Language lang) => new(
        lang.L("Эта кнопка устарела. Что вы хотите сделать?", "This button is out of date. What would you like to do?"),
        IntakePrompts.MainMenu(lang));

    public static Reply NothingToCancel(Language lang) => new(
        lang.L("Отменять нечего: незаконченной заявки нет.", "Nothing to cancel: no request is being filled in."),
        IntakePrompts.MainMenu(lang));

    public static Reply NoTicketsYet(Language lang) => new(
        lang.L("Чтобы обратиться в поддержку, создайте заявку — это займёт меньше минуты.", "To contact support, create a request — it takes less than a minute."),
        [[new Button(lang.L("📝 Новая заявка", "📝 New request"), "m:new")]]);

    public static Reply AskOrganisation(string? current, Language lang) => new(
        current is null
            ? lang.L("Как называется ваша организация? Напишите название одним сообщением.", "What is your organisation called? Send its name in one message.")
            : lang.L($"Сейчас указана организация «{current}». Напишите новое название одним сообщением или /cancel.", $"Your organisation is «{current}». Send the new name in one message, or /cancel."),
        []);

    public static Reply OrganisationSaved(string organisation, Language lang) => new(
        lang.L($"Запомнил: организация «{organisation}». Она будет в ваших следующих заявках.", $"Saved: organisation «{organisation}». It will go into your next requests."),
        IntakePrompts.MainMenu(lang));

    public static Reply OrganisationInvalid(Language lang) => Reply.Plain(lang.L(
        $"Название организации — от {IntakeRules.OrganisationMin} до {IntakeRules.OrganisationMax} символов. Попробуйте ещё раз или /cancel.",
        $"The organisation name is {IntakeRules.OrganisationMin} to {IntakeRules.OrganisationMax} characters. Try again, or /cancel."));

    public static Reply ChooseLanguage(Language lang) => new(
        lang.L("Выберите язык:", "Choose the language:"),
        [[new Button("🇷🇺 Русский", "lang:ru"), new Button("🇬🇧 English", "lang:en")]]);

    public static Reply LanguageSet(Language lang) => new(
        lang.L("Готово: отвечаю по-русски.", "Done: I will answer in English."),
        IntakePrompts.MainMenu(lang));

    public static Reply CommentAdded(int number, Language lang) => Reply.Plain(lang.L(
        $"Добавил ваше сообщение к заявке #{number}. Инженер его увидит.",
        $"Added your message to request #{number}. The engineer will see it."));

    public static Reply WhichTicket(IReadOnlyList<Ticket> open, Language lang) => new(
        lang.L("У вас несколько открытых заявок. К какой относится это сообщение?", "You have several open requests. Which one is this message about?"),
        [
            .. open.Take(8).Select(t => (IReadOnlyList<Button>)[new Button($"#{t.Number} — {Texts.Preview(Texts.FirstLine(t.Description), 40)}", $"cm:{t.Number}")]),
            [new Button(lang.L("📝 Это новая заявка", "📝 It is a new request"), "m:new")],
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
            return NoTicketsYet(lang);
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
            page.Select(t => new Button($"#{t.Number}", $"t:{t.Number}")).ToList(),
        };
        var nav = new List<Button>();
        if (pageIndex > 0)
        {
            nav.Add(new Button(lang.L("◀ Новее", "◀ Newer"), $"my:{pageIndex - 1}"));
        }

        if (pageIndex < pageCount - 1)
        {
            nav.Add(new Button(lang.L("Старше ▶", "Older ▶"), $"my:{pageIndex + 1}"));
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

        return new Reply(text.ToString(), [[new Button(lang.L("📋 Мои заявки", "📋 My requests"), "m:my"), new Button(lang.L("📝 Новая заявка", "📝 New request"), "m:new")]]);
    }

    public static Reply DialogueInProgress(Language lang) => Reply.Plain(lang.L(
        "Вы уже оформляете заявку — продолжим с того же места:", "You are already filling in a request — let's continue where you left off:"));
}
