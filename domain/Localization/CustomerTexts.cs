using System.Text;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What customers read outside the intake steps: greeting, help, their tickets, explanations.</summary>
public static class CustomerTexts
{

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
            /forget — удалить мои персональные данные
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
            /forget — erase my personal data
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

    /// <summary>The registration hour reminds a customer who started but described nothing.</summary>
    public static Reply ShallWeGoOn(Reply prompt, Language lang) =>
        prompt with { Text = lang.L("Вы начали заявку, но не закончили. Продолжим?\n\n", "You started a request but did not finish it. Shall we go on?\n\n") + prompt.Text };

    public static Reply UndescribedClosed(Language lang) => new(
        lang.L("Незаконченную заявку без описания я закрыл. Когда понадобится помощь — нажмите «Новая заявка».",
            "I closed the unfinished request that had no description. When you need help, press «New request»."),
        IntakePrompts.MainMenu(lang));

    public static string FloodWarning(Language lang) => lang.L(
        "Слишком много сообщений подряд — я немного притормозлю. Подождите несколько секунд и напишите снова.",
        "Too many messages in a row — I will slow down for a moment. Please wait a few seconds and write again.");

    public static string CouldNotProcess(Language lang) => lang.L(
        "Извините, не получилось обработать это сообщение. Попробуйте ещё раз; если не выйдет — напишите /help.",
        "Sorry, I could not process that message. Please try again; if it still fails, send /help.");

    public static string CouldNotProcessNotice(Language lang) => lang.L("Ошибка, попробуйте ещё раз", "Error, please try again");

    /// <summary>The small notice under a button that no longer does anything.</summary>
    public static string StaleNotice(Language lang) => lang.L("Кнопка устарела", "This button is out of date");

    /// <summary>/cancel outside a dialogue: the profile question, or a held message, is dropped.</summary>
    public static Reply Cancelled(bool messageDropped, Language lang) => new(
        messageDropped ? lang.L("Отменено: сообщение никуда не добавлено.", "Cancelled: the message was not added anywhere.") : lang.L("Отменено.", "Cancelled."),
        IntakePrompts.MainMenu(lang));

    public static string LanguageNotice(Language lang) => lang.L("Язык: русский", "Language: English");

    public static string AddedNotice(int number, Language lang) => lang.L($"Добавлено к #{number}", $"Added to #{number}");

    /// <summary>The customer pressed «Да, закрыть».</summary>
    public static Reply ClosedByYou(int number, Language lang) => new(
        lang.L($"Спасибо! Заявка #{number} закрыта. Если понадобится помощь — создайте новую заявку.", $"Thank you! Request #{number} is closed. If you need help again, create a new request."),
        IntakePrompts.MainMenu(lang));

    public static string ClosedNotice(Language lang) => lang.L("Заявка закрыта", "Request closed");

    /// <summary>The customer pressed «Нет, открыть снова»: a new reaction window.</summary>
    public static Reply Reopened(Ticket ticket, SupportTimeFormat format, Language lang) => Reply.Plain(lang.L(
        $"Заявка #{ticket.Number} открыта снова. Инженер возьмёт её в работу {format.Due(ticket.ReactionDeadline, lang)}. Напишите, что осталось не так, — я передам.",
        $"Request #{ticket.Number} is reopened. An engineer will take it {format.Due(ticket.ReactionDeadline, lang)}. Tell me what is still wrong and I will pass it on."));

    public static string ReopenedNotice(Language lang) => lang.L("Заявка открыта снова", "Request reopened");

    public static Reply NothingToCancel(Language lang) => new(
        lang.L("Отменять нечего: незаконченной заявки нет.", "Nothing to cancel: no request is being filled in."),
        IntakePrompts.MainMenu(lang));

    public static Reply NoTicketsYet(Language lang) => new(
        lang.L("Чтобы обратиться в поддержку, создайте заявку — это займёт меньше минуты.", "To contact support, create a request — it takes less than a minute."),
        [[Button.For(lang.L("📝 Новая заявка", "📝 New request"), new MenuAction(MenuItem.NewRequest))]]);

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
        [[Button.For("🇷🇺 Русский", new LanguageAction(Language.Ru)), Button.For("🇬🇧 English", new LanguageAction(Language.En))]]);

    public static Reply LanguageSet(Language lang) => new(
        lang.L("Готово: отвечаю по-русски.", "Done: I will answer in English."),
        IntakePrompts.MainMenu(lang));

    public static Reply CommentAdded(int number, Language lang) => Reply.Plain(lang.L(
        $"Добавил ваше сообщение к заявке #{number}. Инженер его увидит.",
        $"Added your message to request #{number}. The engineer will see it."));

    public static Reply DialogueInProgress(Language lang) => Reply.Plain(lang.L(
        "Вы уже оформляете заявку — продолжим с того же места:", "You are already filling in a request — let's continue where you left off:"));
}
