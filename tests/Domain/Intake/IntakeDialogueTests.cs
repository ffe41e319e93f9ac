using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Domain.Sla;
using NodaTime;

namespace ChatSupport.Tests.Domain.Intake;

public sealed class IntakeDialogueTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 15, 30);

    [Fact]
    public void Start_WithoutOrganisation_AsksForIt()
    {
        var d = IntakeDialogue.Start(T0, null);

        Assert.Equal(IntakeState.Organisation, d.State);
        Assert.Contains("организация", d.Prompt(Language.Ru).Text);
    }

    [Fact]
    public void Start_WithKnownOrganisation_GoesToCategory()
    {
        var d = IntakeDialogue.Start(T0, "ООО Ромашка");

        Assert.Equal(IntakeState.Category, d.State);
        Assert.Equal("ООО Ромашка", d.Data.Organisation);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("A")]
    [InlineData("  Б  ")]
    public void Organisation_TooShort_IsRefusedAndAskedAgain(string text)
    {
        var d = IntakeDialogue.Start(T0, null);

        var outcome = d.Handle(Text(text), T0, Language.Ru);

        Assert.Equal(IntakeState.Organisation, d.State);
        Assert.Null(outcome.OrganisationLearned);
        Assert.StartsWith("Название организации — от 2 до 200 символов.", Assert.Single(outcome.Replies).Text);
    }

    [Fact]
    public void Organisation_TooLong_IsRefused()
    {
        var d = IntakeDialogue.Start(T0, null);

        d.Handle(Text(new string('x', 201)), T0, Language.Ru);

        Assert.Equal(IntakeState.Organisation, d.State);
    }

    [Fact]
    public void Organisation_Valid_IsLearnedFoldedAndMovesToCategory()
    {
        var d = IntakeDialogue.Start(T0, null);

        var outcome = d.Handle(Text("  ООО   «Ромашка» "), T0, Language.Ru);

        Assert.Equal(IntakeState.Category, d.State);
        Assert.Equal("ООО «Ромашка»", outcome.OrganisationLearned);
        Assert.Equal(5, outcome.Replies[0].Buttons.Count);
    }

    [Fact]
    public void Organisation_FileOnly_IsExplained()
    {
        var d = IntakeDialogue.Start(T0, null);

        var outcome = d.Handle(new IntakeInput.Message(null, [Photo("p")]), T0, Language.Ru);

        Assert.Equal(IntakeState.Organisation, d.State);
        Assert.Contains("Файлы можно будет приложить", outcome.Replies[0].Text);
    }

    [Theory]
    [InlineData("cat1", RequestCategory.Diagnostics)]
    [InlineData("cat4", RequestCategory.Updates)]
    public void Category_Button_IsChosen(string action, RequestCategory expected)
    {
        var d = AtCategory();

        d.Handle(Press(d, action), T0, Language.Ru);

        Assert.Equal(IntakeState.Description, d.State);
        Assert.Equal(expected, d.Data.Category);
    }

    [Fact]
    public void Category_TypedDigit_IsChosen()
    {
        var d = AtCategory();

        d.Handle(Text("3"), T0, Language.Ru);

        Assert.Equal(RequestCategory.OperationConsultation, d.Data.Category);
    }

    [Theory]
    [InlineData("cat5")]
    [InlineData("cat0")]
    [InlineData("lvl1")]
    [InlineData("reg")]
    [InlineData("done")]
    [InlineData("")]
    [InlineData("catx")]
    public void Category_ForgedOrWrongButton_ChangesNothing(string action)
    {
        var d = AtCategory();
        var seq = d.Seq;

        var outcome = d.Handle(PressOrOutOfRange(d, action), T0, Language.Ru);

        Assert.Equal(IntakeState.Category, d.State);
        Assert.Equal(seq, d.Seq);
        Assert.NotNull(outcome.Notice);
        Assert.Null(outcome.Register);
    }

    [Fact]
    public void Category_FreeText_AsksToUseButtons()
    {
        var d = AtCategory();

        var outcome = d.Handle(Text("у нас всё сломалось"), T0, Language.Ru);

        Assert.Equal(IntakeState.Category, d.State);
        Assert.StartsWith("Выберите вариант кнопкой", outcome.Replies[0].Text);
    }

    [Fact]
    public void Description_PartsAndFiles_AreGatheredWithEcho()
    {
        var d = AtDescription();

        d.Handle(Text("Первое"), T0, Language.Ru);
        var outcome = d.Handle(new IntakeInput.Message("Скриншот", [Photo("p1")]), T0, Language.Ru);

        Assert.Equal(IntakeState.Description, d.State);
        Assert.Equal(["Первое", "Скриншот"], d.Data.Description);
        Assert.Single(d.Data.Attachments);
        Assert.Contains("(2 сообщения, 1 файл)", outcome.Replies[0].Text);
        Assert.Contains(outcome.Replies[0].Buttons[0], b => ChatSupport.Domain.Buttons.ButtonCodec.Decode(b.Data) == new ChatSupport.Domain.Buttons.IntakeAction(d.Seq, ChatSupport.Domain.Buttons.IntakeKey.Done));
    }

    [Fact]
    public void Description_DoneWhenEmpty_IsRejected()
    {
        var d = AtDescription();

        var outcome = d.Handle(Press(d, "done"), T0, Language.Ru);

        Assert.Equal(IntakeState.Description, d.State);
        Assert.StartsWith("Описание пустое", outcome.Replies[0].Text);
    }

    [Fact]
    public void Description_DoneWithFilesOnly_AsksForWords()
    {
        var d = AtDescription();
        d.Handle(new IntakeInput.Message(null, [Photo("p1")]), T0, Language.Ru);

        var outcome = d.Handle(Press(d, "done"), T0, Language.Ru);

        Assert.Equal(IntakeState.Description, d.State);
        Assert.StartsWith("Добавьте пару слов к файлам", outcome.Replies[0].Text);
    }

    [Fact]
    public void Description_TooLong_IsRefusedWithoutLosingWhatWasThere()
    {
        var d = AtDescription();
        d.Handle(Text("Кратко"), T0, Language.Ru);

        var outcome = d.Handle(Text(new string('я', IntakeRules.DescriptionMaxChars)), T0, Language.Ru);

        Assert.Equal(["Кратко"], d.Data.Description);
        Assert.Contains("слишком длинное", outcome.Replies[0].Text);
    }

    [Fact]
    public void Description_TooManyFiles_IsRefused()
    {
        var d = AtDescription();
        d.Handle(new IntakeInput.Message("files", [.. Enumerable.Range(0, IntakeRules.MaxAttachments).Select(i => Photo($"p{i}"))]), T0, Language.Ru);

        var outcome = d.Handle(new IntakeInput.Message(null, [Photo("one-more")]), T0, Language.Ru);

        Assert.Equal(IntakeRules.MaxAttachments, d.Data.Attachments.Count);
        Assert.Contains("не больше 30 файлов", outcome.Replies[0].Text);
    }

    [Fact]
    public void Description_Done_MovesToLevel()
    {
        var d = AtDescription();
        d.Handle(Text("Не работает"), T0, Language.Ru);

        d.Handle(Press(d, "done"), T0, Language.Ru);

        Assert.Equal(IntakeState.Level, d.State);
    }

    [Theory]
    [InlineData("lvl1", PriorityLevel.Critical)]
    [InlineData("lvl2", PriorityLevel.Medium)]
    [InlineData("lvl3", PriorityLevel.Low)]
    public void Level_Button_GoesToSummary(string action, PriorityLevel level)
    {
        var d = AtLevel();

        d.Handle(Press(d, action), T0, Language.Ru);

        Assert.Equal(IntakeState.Summary, d.State);
        Assert.Equal(level, d.Data.Level);
        Assert.Equal(LevelChoice.Customer, d.Data.LevelChoice);
    }

    [Theory]
    [InlineData("lvl4")]
    [InlineData("lvl0")]
    [InlineData("ok")]
    [InlineData("st1")]
    public void Level_BadButton_ChangesNothing(string action)
    {
        var d = AtLevel();

        d.Handle(PressOrOutOfRange(d, action), T0, Language.Ru);

        Assert.Equal(IntakeState.Level, d.State);
        Assert.Null(d.Data.Level);
    }

    [Theory]
    // Stopped, no alternative → 1; stopped with one → 2; seriously limited → 2 either way;
    // a consultation to avoid a failure → 2; works → 3.
    [InlineData("st1", "altn", PriorityLevel.Critical)]
    [InlineData("st1", "alty", PriorityLevel.Medium)]
    [InlineData("st2", "alty", PriorityLevel.Medium)]
    [InlineData("st2", "altn", PriorityLevel.Medium)]
    [InlineData("st3", null, PriorityLevel.Medium)]
    [InlineData("st4", null, PriorityLevel.Low)]
    public void Guide_Answers_ProposeTheRegulationLevel(string state, string? alternative, PriorityLevel expected)
    {
        var d = AtLevel();
        d.Handle(Press(d, "guide"), T0, Language.Ru);
        Assert.Equal(IntakeState.GuideState, d.State);

        d.Handle(Press(d, state), T0, Language.Ru);
        if (alternative is not null)
        {
            Assert.Equal(IntakeState.GuideAlternative, d.State);
            d.Handle(Press(d, alternative), T0, Language.Ru);
        }

        Assert.Equal(IntakeState.GuideProposal, d.State);
        Assert.Contains($"Уровень {(int)expected}", d.Prompt(Language.Ru).Text);

        d.Handle(Press(d, "ok"), T0, Language.Ru);

        Assert.Equal(IntakeState.Summary, d.State);
        Assert.Equal(expected, d.Data.Level);
        Assert.Equal(LevelChoice.Guided, d.Data.LevelChoice);
    }

    [Fact]
    public void Guide_CustomerOverridesProposal_KeepsTheirChoice()
    {
        var d = AtLevel();
        d.Handle(Press(d, "guide"), T0, Language.Ru);
        d.Handle(Press(d, "st4"), T0, Language.Ru);

        d.Handle(Press(d, "lvl1"), T0, Language.Ru);

        Assert.Equal(PriorityLevel.Critical, d.Data.Level);
        Assert.Equal(LevelChoice.Customer, d.Data.LevelChoice);
    }

    [Fact]
    public void Guide_BackToLevels_ReturnsToLevelButtons()
    {
        var d = AtLevel();
        d.Handle(Press(d, "guide"), T0, Language.Ru);

        d.Handle(Press(d, "elvl"), T0, Language.Ru);

        Assert.Equal(IntakeState.Level, d.State);
    }

    [Fact]
    public void Summary_Register_HandsOverTheDraftOnce()
    {
        var d = AtSummary();
        var staleSeq = d.Seq;

        var outcome = d.Handle(Press(d, "reg"), T0 + Duration.FromMinutes(2), Language.Ru);

        Assert.Equal(IntakeState.Registered, d.State);
        Assert.False(d.IsActive);
        var draft = Assert.IsType<TicketDraft>(outcome.Register);
        Assert.Equal("ООО Ромашка", draft.Organisation);
        Assert.Equal(RequestCategory.Diagnostics, draft.Category);
        Assert.Equal("Сервер не стартует", draft.Description);
        Assert.Equal(PriorityLevel.Medium, draft.Level);
        Assert.Equal(T0, draft.Received);
        Assert.Throws<InvalidOperationException>(() => d.Handle(Legacy(staleSeq, "reg"), T0, Language.Ru));
    }

    [Fact]
    public void Summary_EditCategory_ReturnsToSummary()
    {
        var d = AtSummary();
        d.Handle(Press(d, "edit"), T0, Language.Ru);
        Assert.Equal(IntakeState.EditMenu, d.State);

        d.Handle(Press(d, "ecat"), T0, Language.Ru);
        Assert.Equal(IntakeState.Category, d.State);
        d.Handle(Press(d, "cat4"), T0, Language.Ru);

        Assert.Equal(IntakeState.Summary, d.State);
        Assert.Equal(RequestCategory.Updates, d.Data.Category);
    }

    [Fact]
    public void Summary_EditOrganisation_ChangesOnlyThisRequest()
    {
        var d = AtSummary();
        d.Handle(Press(d, "edit"), T0, Language.Ru);
        d.Handle(Press(d, "eorg"), T0, Language.Ru);

        var outcome = d.Handle(Text("АО Вектор"), T0, Language.Ru);

        Assert.Equal(IntakeState.Summary, d.State);
        Assert.Equal("АО Вектор", d.Data.Organisation);
        Assert.Equal("АО Вектор", outcome.OrganisationLearned);
    }

    [Fact]
    public void Summary_EditDescription_AddsAndCanClear()
    {
        var d = AtSummary();
        d.Handle(Press(d, "edit"), T0, Language.Ru);
        d.Handle(Press(d, "edesc"), T0, Language.Ru);
        Assert.Contains("Сейчас в описании: 1 сообщение", d.Prompt(Language.Ru).Text);

        d.Handle(Text("Дополнение"), T0, Language.Ru);
        Assert.Equal(["Сервер не стартует", "Дополнение"], d.Data.Description);
        d.Handle(Press(d, "clear"), T0, Language.Ru);
        Assert.Empty(d.Data.Description);
        d.Handle(Text("Новое описание"), T0, Language.Ru);
        d.Handle(Press(d, "done"), T0, Language.Ru);

        Assert.Equal(IntakeState.Summary, d.State);
        Assert.Equal(["Новое описание"], d.Data.Description);
    }

    [Fact]
    public void Summary_EditLevel_ThenBack()
    {
        var d = AtSummary();
        d.Handle(Press(d, "edit"), T0, Language.Ru);
        d.Handle(Press(d, "elvl"), T0, Language.Ru);
        d.Handle(Press(d, "lvl1"), T0, Language.Ru);
        Assert.Equal(PriorityLevel.Critical, d.Data.Level);

        d.Handle(Press(d, "edit"), T0, Language.Ru);
        d.Handle(Press(d, "back"), T0, Language.Ru);

        Assert.Equal(IntakeState.Summary, d.State);
    }

    [Fact]
    public void Summary_TypedText_IsNotLostButExplained()
    {
        var d = AtSummary();

        var outcome = d.Handle(Text("ой, ещё деталь"), T0, Language.Ru);

        Assert.Equal(IntakeState.Summary, d.State);
        Assert.StartsWith("Выберите вариант кнопкой", outcome.Replies[0].Text);
    }

    [Theory]
    [MemberData(nameof(EveryActiveStep))]
    public void Cancel_AtAnyStep_KeepsTheDraftAsCancelled(string step)
    {
        var d = Reach(step);
        var gathered = d.Data.Description.Count;

        var outcome = d.Handle(new IntakeInput.Cancel(), T0, Language.Ru);

        Assert.Equal(IntakeState.Cancelled, d.State);
        Assert.Equal(gathered, d.Data.Description.Count);
        Assert.Contains("черновик сохранён", outcome.Replies[0].Text);
    }

    [Theory]
    [MemberData(nameof(EveryActiveStep))]
    public void StaleButton_AtAnyStep_ReshowsCurrentStep(string step)
    {
        var d = Reach(step);
        var state = d.State;

        var outcome = d.Handle(Legacy(d.Seq + 1, "reg"), T0, Language.Ru);

        Assert.Equal(state, d.State);
        Assert.Equal("Кнопка устарела — вот текущий шаг", outcome.Notice);
        Assert.Equal(d.Prompt(Language.Ru).Text, outcome.Replies[0].Text);
        Assert.Equal(
            d.Prompt(Language.Ru).Buttons.SelectMany(r => r).Select(b => b.Data),
            outcome.Replies[0].Buttons.SelectMany(r => r).Select(b => b.Data));
    }

    [Theory]
    [MemberData(nameof(EveryActiveStep))]
    public void Prompt_AtAnyStep_HasButtonsOfTheCurrentStepOnly(string step)
    {
        var d = Reach(step);

        var prompt = d.Prompt(Language.En);

        Assert.NotEmpty(prompt.Buttons);
        Assert.All(prompt.Buttons.SelectMany(r => r), b =>
        {
            Assert.Equal(d.Seq, Assert.IsType<ChatSupport.Domain.Buttons.IntakeAction>(ChatSupport.Domain.Buttons.ButtonCodec.Decode(b.Data)).Seq);
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(b.Data) <= 64);
        });
    }

    [Fact]
    public void RegisterForTriage_WithoutLevel_IsLevel3Triage()
    {
        var d = AtDescription();
        d.Handle(Text("Что-то не так"), T0, Language.Ru);

        var draft = d.RegisterForTriage();

        Assert.Equal(PriorityLevel.Low, draft.Level);
        Assert.Equal(LevelChoice.Triage, draft.LevelChoice);
        Assert.Equal(IntakeState.Registered, d.State);
    }

    [Fact]
    public void RegisterForTriage_WithChosenLevel_KeepsIt()
    {
        var d = AtSummary();

        var draft = d.RegisterForTriage();

        Assert.Equal(PriorityLevel.Medium, draft.Level);
        Assert.Equal(LevelChoice.Customer, draft.LevelChoice);
    }

    [Theory]
    [InlineData(new[] { "guide", "st1", "altn" }, PriorityLevel.Critical, "Уровень 1 (критичный) — по вашим ответам: «Не работает, пользоваться невозможно», «Нет, другого способа нет». ")]
    [InlineData(new[] { "guide", "st1", "alty" }, PriorityLevel.Medium, "Уровень 2 (средний) — по вашим ответам: «Не работает, пользоваться невозможно», «Да, есть обходной путь». ")]
    [InlineData(new[] { "guide", "st1" }, PriorityLevel.Medium, "Уровень 2 (средний) — по вашему ответу «Не работает, пользоваться невозможно»; есть ли обходной путь, инженер уточнит. ")]
    [InlineData(new[] { "guide", "st3" }, PriorityLevel.Medium, "Уровень 2 (средний) — по вашему ответу «Работает; нужна консультация, чтобы избежать сбоя». ")]
    [InlineData(new[] { "guide", "st4" }, PriorityLevel.Low, "Уровень 3 (низкий) — по вашему ответу «Работает; есть неудобство или вопрос». ")]
    [InlineData(new[] { "lvl1" }, PriorityLevel.Critical, "Уровень 1 (критичный) — вы выбрали его сами. ")]
    [InlineData(new[] { "guide", "st1", "altn", "ok" }, PriorityLevel.Critical, "Уровень 1 (критичный) — по вашим ответам")]
    [InlineData(new[] { "lvl3", "edit", "elvl", "guide", "st1", "altn" }, PriorityLevel.Critical, "Уровень 1 (критичный) — по вашим ответам")]
    [InlineData(new[] { "guide" }, PriorityLevel.Low, "Уровень 3 (низкий) — инженер уточнит его. ")]
    public void RegisterForTriage_GuideAnswersOrAPressedLevel_AreTheLevel_AndTheCustomerIsToldWhy(string[] presses, PriorityLevel level, string told)
    {
        var d = AtLevel();
        foreach (var action in presses)
        {
            d.Handle(Press(d, action), T0, Language.Ru);
        }

        var basis = d.LevelForTriage();
        var draft = d.RegisterForTriage();

        Assert.Equal(level, draft.Level);
        Assert.True(draft.Unconfirmed);
        var ticket = Ticket.Register(7, new CustomerSnapshot(1, ChannelKind.Telegram, "1", "1", "Анна", null, "ООО Ромашка"), draft, T0, SlaTestData.Policy24x7());
        Assert.True(ticket.NeedsTriage);
        Assert.Equal(level, ticket.Level);
        Assert.Contains(told, CustomerTexts.RegisteredByTheHour(ticket, basis, new SupportTimeFormat(SlaTestData.Moscow), Language.Ru).Text);
    }

    [Fact]
    public void RegisterForTriage_FilesOnly_IsADescriptionToo()
    {
        var d = AtDescription();
        d.Handle(new IntakeInput.Message(null, [Photo("shot")]), T0, Language.Ru);

        Assert.True(d.HasDescription);
        var draft = d.RegisterForTriage();

        Assert.Equal("(только файлы: 1)", draft.Description);
        Assert.Single(draft.Attachments);
    }

    [Fact]
    public void Start_WithAStepBase_OldDialoguesButtonsAreStale()
    {
        var first = AtSummary();
        var oldRegister = Legacy(first.Seq, "reg");
        var second = IntakeDialogue.Start(T0, "ООО Ромашка", firstStep: 1000);

        var outcome = second.Handle(oldRegister, T0, Language.Ru);

        Assert.Null(outcome.Register);
        Assert.Equal(IntakeState.Category, second.State);
        Assert.Equal("Кнопка устарела — вот текущий шаг", outcome.Notice);
    }

    [Fact]
    public void LevelPrompt_ExplainsTheConfiguredTerms()
    {
        var terms = new SlaTerms { Level1Reaction = Duration.FromHours(2), Level2Days = 2, Level3Days = 5 };
        var d = IntakeDialogue.Restore(IntakeState.Level, 5, new IntakeData { Organisation = "ООО", Category = RequestCategory.Diagnostics, Description = ["x"] }, terms);

        var text = d.Prompt(Language.Ru).Text;

        Assert.Contains("Реакция — 2 часа с момента регистрации.", text);
        Assert.Contains("Реакция — до конца 2-го календарного дня.", text);
        Assert.Contains("Реакция — до конца 5-го календарного дня.", text);
    }

    [Fact]
    public void Drop_WithoutDescription_EndsTheDialogue_ButNotWithOne()
    {
        var empty = AtDescription();
        empty.Drop();
        Assert.Equal(IntakeState.Dropped, empty.State);

        var described = AtDescription();
        described.Handle(Text("Описание"), T0, Language.Ru);
        Assert.Throws<InvalidOperationException>(described.Drop);
    }

    [Fact]
    public void Restore_FromStoredState_ContinuesIdentically()
    {
        var d = AtDescription();
        d.Handle(Text("Часть 1"), T0, Language.Ru);

        var restored = IntakeDialogue.Restore(d.State, d.Seq, d.Data);
        restored.Handle(Press(restored, "done"), T0, Language.Ru);

        Assert.Equal(IntakeState.Level, restored.State);
    }

    [Fact]
    public void Diagram_IsGeneratedFromTheMachine()
    {
        var diagram = IntakeDialogue.Diagram();

        Assert.StartsWith("stateDiagram-v2", diagram);
        Assert.Contains("Summary --> Registered : Register", diagram);
        Assert.Contains("Level --> GuideState : GuideRequested", diagram);
        Assert.Contains("EditMenu --> Organisation : EditOrganisation", diagram);
    }

    public static TheoryData<string> EveryActiveStep() => new() { "Organisation", "Category", "Description", "Level", "GuideState", "GuideAlternative", "GuideProposal", "Summary", "EditMenu" };

    private static IntakeDialogue Reach(string step)
    {
        switch (step)
        {
            case "Organisation":
                return IntakeDialogue.Start(T0, null);
            case "Category":
                return AtCategory();
            case "Description":
                var d = AtDescription();
                d.Handle(Text("Частичное описание"), T0, Language.Ru);
                return d;
            case "Level":
                return AtLevel();
            case "GuideState":
                var g = AtLevel();
                g.Handle(Press(g, "guide"), T0, Language.Ru);
                return g;
            case "GuideAlternative":
                var a = Reach("GuideState");
                a.Handle(Press(a, "st1"), T0, Language.Ru);
                return a;
            case "GuideProposal":
                var p = Reach("GuideAlternative");
                p.Handle(Press(p, "altn"), T0, Language.Ru);
                return p;
            case "Summary":
                return AtSummary();
            default:
                var e = AtSummary();
                e.Handle(Press(e, "edit"), T0, Language.Ru);
                return e;
        }
    }

    private static IntakeDialogue AtCategory() => IntakeDialogue.Start(T0, "ООО Ромашка");

    private static IntakeDialogue AtDescription()
    {
        var d = AtCategory();
        d.Handle(Press(d, "cat1"), T0, Language.Ru);
        return d;
    }

    private static IntakeDialogue AtLevel()
    {
        var d = AtDescription();
        d.Handle(Text("Сервер не стартует"), T0, Language.Ru);
        d.Handle(Press(d, "done"), T0, Language.Ru);
        return d;
    }

    private static IntakeDialogue AtSummary()
    {
        var d = AtLevel();
        d.Handle(Press(d, "lvl2"), T0, Language.Ru);
        return d;
    }

    private static IntakeInput Text(string text) => new IntakeInput.Message(text, []);

    private static IntakeInput Press(IntakeDialogue d, string action) => Legacy(d.Seq, action);

    /// <summary>
    /// Data the codec cannot read («cat5», «») never reaches the dialogue — the router answers «кнопка устарела»; the
    /// dialogue still ignores a press whose choice is out of range, which this stands for.
    /// </summary>
    private static IntakeInput PressOrOutOfRange(IntakeDialogue d, string action) =>
        ChatSupport.Domain.Buttons.ButtonCodec.Decode($"d:{d.Seq}:{action}") is ChatSupport.Domain.Buttons.IntakeAction a
            ? IntakeInput.Press.From(a)
            : new IntakeInput.Press(d.Seq, ChatSupport.Domain.Buttons.IntakeKey.Category, 5);

    /// <summary>A press written as the bot wrote button data before the codec («cat1», «reg»): read by the codec's legacy path.</summary>
    private static IntakeInput Legacy(int seq, string action) =>
        IntakeInput.Press.From(Assert.IsType<ChatSupport.Domain.Buttons.IntakeAction>(ChatSupport.Domain.Buttons.ButtonCodec.Decode($"d:{seq}:{action}")));

    private static AttachmentRef Photo(string id) => new(AttachmentKind.Photo, id, null, "image/jpeg", 1000, ChannelKind.Telegram);
}
