using System.Text;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What the customer sees at each step of the intake dialogue.</summary>
public static class IntakePrompts
{
    public const int SummaryDescriptionChars = 1500;

    public static Reply For(IntakeDialogue dialogue, Language lang)
    {
        var d = dialogue.Data;
        var seq = dialogue.Seq;
        Button B(string ru, string en, IntakeKey key, int value = 0) => Button.For(lang.L(ru, en), new IntakeAction(seq, key, value));
        var cancel = B("✖ Отменить", "✖ Cancel", IntakeKey.Cancel);

        switch (dialogue.State)
        {
            case IntakeState.Organisation:
                return new Reply(
                    d.ReachedSummary
                        ? lang.L($"Укажите организацию для этой заявки (сейчас: {d.Organisation}).", $"Enter the organisation for this request (now: {d.Organisation}).")
                        : lang.L(
                            "Как называется ваша организация? Напишите название одним сообщением — я запомню его для следующих заявок (изменить: /profile).",
                            "What is your organisation called? Send its name in one message — I will remember it for your next requests (change it with /profile)."),
                    [[cancel]]);

            case IntakeState.Category:
                return new Reply(
                    lang.L("К чему относится обращение? Выберите категорию:", "What is the request about? Choose a category:"),
                    [
                        .. Enum.GetValues<RequestCategory>().Select(c => (IReadOnlyList<Button>)[B(Texts.CategoryName(c, Language.Ru), Texts.CategoryName(c, Language.En), IntakeKey.Category, (int)c)]),
                        [cancel],
                    ]);

            case IntakeState.Description:
                var describe = new StringBuilder(lang.L(
                    "Опишите проблему: что случилось, когда, что вы уже пробовали. Можно несколькими сообщениями, с фото, скриншотами и документами. Когда всё отправите — нажмите «Готово».",
                    "Describe the problem: what happened, when, what you have tried. Several messages, photos, screenshots and documents are welcome. When you are done, press «Done»."));
                IReadOnlyList<Button> row = [B("✅ Готово", "✅ Done", IntakeKey.Done), cancel];
                if (d.Description.Count > 0 || d.Attachments.Count > 0)
                {
                    describe.Append("\n\n").Append(lang.L("Сейчас в описании: ", "The description now has: "))
                        .Append(Texts.Messages(d.Description.Count, lang)).Append(", ").Append(Texts.Files(d.Attachments.Count, lang))
                        .Append(". ").Append(lang.L("Новые сообщения добавятся к нему.", "New messages are added to it."));
                    return new Reply(describe.ToString(), [row, [B("🗑 Очистить описание", "🗑 Clear the description", IntakeKey.Clear)]]);
                }

                return new Reply(describe.ToString(), [row]);

            case IntakeState.Level:
                return new Reply(
                    lang.L("Насколько это срочно? Выберите уровень по регламенту:", "How urgent is it? Choose the level as the regulation defines it:")
                        + "\n\n" + string.Join("\n\n", PriorityLevels.All.Select(l => Texts.LevelExplained(l, lang, dialogue.Terms))),
                    [
                        .. PriorityLevels.All.Select(l => (IReadOnlyList<Button>)[B(Texts.LevelButton(l, Language.Ru), Texts.LevelButton(l, Language.En), IntakeKey.Level, (int)l)]),
                        [B("❓ Помогите выбрать", "❓ Help me choose", IntakeKey.Guide)],
                        [cancel],
                    ]);

            case IntakeState.GuideState:
                return new Reply(
                    lang.L("Вопрос 1 из 2. Что сейчас с программой?", "Question 1 of 2. What is the state of the software?"),
                    [
                        .. Enum.GetValues<SoftwareState>().Select(st => (IReadOnlyList<Button>)[B(Texts.SoftwareAnswer(st, Language.Ru), Texts.SoftwareAnswer(st, Language.En), IntakeKey.Software, (int)st)]),
                        [B("↩ К выбору уровня", "↩ Back to levels", IntakeKey.EditLevel)],
                    ]);

            case IntakeState.GuideAlternative:
                return new Reply(
                    lang.L(
                        "Вопрос 2 из 2. Можно ли продолжать ваш бизнес-процесс другим способом, пока проблема не решена?",
                        "Question 2 of 2. Is there another way to carry on your business process until this is fixed?"),
                    [
                        [B(Texts.AlternativeAnswer(true, Language.Ru), Texts.AlternativeAnswer(true, Language.En), IntakeKey.Alternative, 1)],
                        [B(Texts.AlternativeAnswer(false, Language.Ru), Texts.AlternativeAnswer(false, Language.En), IntakeKey.Alternative, 0)],
                        [B("↩ К выбору уровня", "↩ Back to levels", IntakeKey.EditLevel)],
                    ]);

            case IntakeState.GuideProposal:
                var proposed = SeverityGuide.Propose(d.Software!.Value, d.Alternative);
                return new Reply(
                    lang.L("По вашим ответам подходит этот уровень:", "From your answers, this level fits:") + "\n\n" + Texts.LevelExplained(proposed, lang, dialogue.Terms)
                        + "\n\n" + lang.L("Согласны? Можно выбрать и другой уровень.", "Agree? You can pick another level too."),
                    [
                        [B($"✅ Да, уровень {(int)proposed}", $"✅ Yes, level {(int)proposed}", IntakeKey.AcceptProposal)],
                        [.. PriorityLevels.All.Where(l => l != proposed).Select(l => B($"Уровень {(int)l}", $"Level {(int)l}", IntakeKey.Level, (int)l))],
                        [B("↺ Ответить заново", "↺ Answer again", IntakeKey.Guide)],
                    ]);

            case IntakeState.Summary:
                var summary = new StringBuilder(lang.L("Проверьте заявку:", "Please check your request:")).Append("\n\n")
                    .Append(lang.L("Организация: ", "Organisation: ")).Append(d.Organisation).Append('\n')
                    .Append(lang.L("Категория: ", "Category: ")).Append(Texts.CategoryName(d.Category!.Value, lang)).Append('\n')
                    .Append(lang.L("Уровень: ", "Level: ")).Append(Texts.LevelName(d.Level!.Value, lang)).Append('\n')
                    .Append(lang.L("Описание: ", "Description: ")).Append(Texts.Preview(string.Join("\n", d.Description), SummaryDescriptionChars));
                if (d.Attachments.Count > 0)
                {
                    summary.Append('\n').Append(lang.L("Файлы: ", "Files: ")).Append(d.Attachments.Count);
                }

                return new Reply(summary.ToString(), [[B("✅ Зарегистрировать", "✅ Register", IntakeKey.Register)], [B("✏ Изменить", "✏ Edit", IntakeKey.Edit), cancel]]);

            case IntakeState.EditMenu:
                return new Reply(
                    lang.L("Что изменить?", "What would you like to change?"),
                    [
                        [B("Организацию", "Organisation", IntakeKey.EditOrganisation), B("Категорию", "Category", IntakeKey.EditCategory)],
                        [B("Описание", "Description", IntakeKey.EditDescription), B("Уровень", "Level", IntakeKey.EditLevel)],
                        [B("↩ Назад к заявке", "↩ Back to the request", IntakeKey.Back)],
                    ]);

            default:
                return Reply.Plain(lang.L("Заявка уже оформлена.", "This request is finished."));
        }
    }

    /// <summary>The echo under each description message: what was added, and «Готово».</summary>
    public static Reply DescriptionEcho(IntakeDialogue dialogue, Language lang)
    {
        var d = dialogue.Data;
        var text = lang.L("Добавлено в описание", "Added to the description")
            + $" ({Texts.Messages(d.Description.Count, lang)}, {Texts.Files(d.Attachments.Count, lang)}). "
            + lang.L("Пришлите ещё или нажмите «Готово».", "Send more or press «Done».");
        return new Reply(text, [[
            Button.For(lang.L("✅ Готово", "✅ Done"), new IntakeAction(dialogue.Seq, IntakeKey.Done)),
            Button.For(lang.L("✖ Отменить", "✖ Cancel"), new IntakeAction(dialogue.Seq, IntakeKey.Cancel)),
        ]]);
    }

    public static Reply Cancelled(Language lang) => new(
        lang.L("Заявка отменена, черновик сохранён. Начать заново — «Новая заявка».", "Request cancelled; the draft is kept. To start again, press «New request»."),
        MainMenu(lang));

    /// <summary>«Заявка #12 зарегистрирована 25.11.2026 18:30 МСК. Уровень 1 (критичный). Инженер возьмёт её в работу до 25.11.2026 22:30 МСК.»</summary>
    public static Reply Registered(Ticket ticket, SupportTimeFormat format, Language lang)
    {
        var text = lang.L(
            $"Заявка #{ticket.Number} зарегистрирована {format.Human(ticket.Registered, lang)}. Уровень {Texts.LevelName(ticket.Level, lang)}. Инженер возьмёт её в работу {format.Due(ticket.ReactionDeadline, lang)}.",
            $"Request #{ticket.Number} was registered on {format.Human(ticket.Registered, lang)}. Level {Texts.LevelName(ticket.Level, lang)}. An engineer will take it {format.Due(ticket.ReactionDeadline, lang)}.");
        text += "\n\n" + lang.L(
            "Если захотите что-то добавить — просто напишите мне, я передам инженеру.",
            "If you want to add something, just write to me and I will pass it to the engineer.");
        return new Reply(text, MainMenu(lang));
    }

    public static IReadOnlyList<IReadOnlyList<Button>> MainMenu(Language lang) =>
    [
        [Button.For(lang.L("📝 Новая заявка", "📝 New request"), new MenuAction(MenuItem.NewRequest)), Button.For(lang.L("📋 Мои заявки", "📋 My requests"), new MenuAction(MenuItem.MyRequests))],
        [Button.For(lang.L("❔ Помощь", "❔ Help"), new MenuAction(MenuItem.Help))],
    ];
}
