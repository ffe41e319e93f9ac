using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;
using Stateless;
using Stateless.Graph;

namespace ChatSupport.Domain.Intake;

public enum IntakeState
{
    Organisation,
    Category,
    Description,
    Level,
    GuideState,
    GuideAlternative,
    GuideProposal,
    Summary,
    EditMenu,
    Registered,
    Cancelled,
    Dropped,
}

/// <summary>What the customer did, as the dialogue sees it.</summary>
public abstract record IntakeInput
{
    /// <summary>A typed message, possibly with files (their caption is the text).</summary>
    public sealed record Message(string? Text, IReadOnlyList<AttachmentRef> Attachments) : IntakeInput;

    /// <summary>A pressed dialogue button: the step it was shown at and what it says.</summary>
    public sealed record Press(int Seq, string Action) : IntakeInput;

    /// <summary>/cancel.</summary>
    public sealed record Cancel : IntakeInput;

    /// <summary>/start or /new during the dialogue: show where we are.</summary>
    public sealed record Show : IntakeInput;
}

/// <summary>A reply in the customer's chat: text and rows of buttons.</summary>
public sealed record Reply(string Text, IReadOnlyList<IReadOnlyList<Button>> Buttons)
{
    public static Reply Plain(string text) => new(text, []);
}

/// <summary>What one step of the dialogue produced.</summary>
public sealed record IntakeOutcome
{
    public IReadOnlyList<Reply> Replies { get; init; } = [];

    /// <summary>A short notice for a pressed button (shown by the messenger as a toast).</summary>
    public string? Notice { get; init; }

    /// <summary>Set when the customer confirmed: register this draft now.</summary>
    public TicketDraft? Register { get; init; }

    /// <summary>Set when the customer gave an organisation: remember it on their profile.</summary>
    public string? OrganisationLearned { get; init; }
}

/// <summary>
/// The customer's intake dialogue (issue 3): organisation (first time only) → category → description →
/// level (or the two-question guide) → summary → registration. One instance per customer chat, rebuilt
/// from its stored state for every update; the state and the step counter are persisted after each step.
/// </summary>
public sealed class IntakeDialogue
{
    public const string ButtonPrefix = "d";

    /// <summary>Buttons that only move between steps: the action's name → the trigger it fires.</summary>
    private static readonly Dictionary<string, Trigger> Moves = new(StringComparer.Ordinal)
    {
        ["guide"] = Trigger.GuideRequested,
        ["edit"] = Trigger.Edit,
        ["back"] = Trigger.BackToSummary,
        ["eorg"] = Trigger.EditOrganisation,
        ["ecat"] = Trigger.EditCategory,
        ["edesc"] = Trigger.EditDescription,
        ["elvl"] = Trigger.EditLevel,
    };

    private readonly StateMachine<IntakeState, Trigger> _machine;

    private IntakeDialogue(IntakeState state, int seq, IntakeData data, SlaTerms? terms)
    {
        State = state;
        Seq = seq;
        Data = data;
        Terms = terms ?? SlaTerms.Regulation;
        _machine = new StateMachine<IntakeState, Trigger>(() => State, s => State = s);
        Configure();
    }

    private enum Trigger
    {
        OrganisationGiven,
        CategoryChosen,
        DescriptionDone,
        LevelChosen,
        GuideRequested,
        StateAnswered,
        AlternativeAnswered,
        ProposalAccepted,
        Edit,
        EditOrganisation,
        EditCategory,
        EditDescription,
        EditLevel,
        BackToSummary,
        Register,
        AutoRegister,
        Cancel,
        Drop,
    }

    public IntakeState State { get; private set; }

    /// <summary>Counts the steps taken; buttons carry it so a button from an earlier step is recognised as stale.</summary>
    public int Seq { get; private set; }

    public IntakeData Data { get; }

    /// <summary>The installation's SLA terms, for the reaction times the level step explains.</summary>
    public SlaTerms Terms { get; }

    public bool IsActive => State is not (IntakeState.Registered or IntakeState.Cancelled or IntakeState.Dropped);

    /// <summary>
    /// The customer has described the problem — in words or with files (a screenshot is a description too):
    /// the registration hour protects such a dialogue.
    /// </summary>
    public bool HasDescription => Data.Description.Count > 0 || Data.Attachments.Count > 0;

    /// <param name="firstStep">
    /// Where the step counter starts: different for each dialogue of a customer, so a button left from an earlier
    /// dialogue can never act on this one.
    /// </param>
    public static IntakeDialogue Start(Instant received, string? knownOrganisation, int firstStep = 0, SlaTerms? terms = null)
    {
        var data = new IntakeData { Received = received, LastActivity = received, Organisation = knownOrganisation };
        return new IntakeDialogue(knownOrganisation is null ? IntakeState.Organisation : IntakeState.Category, firstStep, data, terms);
    }

    public static IntakeDialogue Restore(IntakeState state, int seq, IntakeData data, SlaTerms? terms = null) => new(state, seq, data, terms);

    /// <summary>The dialogue's diagram (Mermaid), generated from the configured machine.</summary>
    public static string Diagram()
    {
        var dialogue = Restore(IntakeState.Organisation, 0, new IntakeData());
        return MermaidGraph.Format(dialogue._machine.GetInfo());
    }

    public IntakeOutcome Handle(IntakeInput input, Instant now, Language lang)
    {
        if (!IsActive)
        {
            throw new InvalidOperationException($"The dialogue is over ({State}).");
        }

        Data.LastActivity = now;
        return input switch
        {
            IntakeInput.Cancel => Cancel(lang),
            IntakeInput.Show => Current(lang),
            IntakeInput.Message m => OnMessage(m, lang),
            IntakeInput.Press p when p.Seq != Seq => Current(lang) with { Notice = lang.L("Кнопка устарела — вот текущий шаг", "This button is out of date — here is the current step") },
            IntakeInput.Press p => OnPress(p.Action, lang),
            _ => Current(lang),
        };
    }

    /// <summary>
    /// The registration hour registers a described dialogue the customer left. The level is what the customer
    /// already said (<see cref="LevelForTriage"/>); the ticket is flagged for triage, as nobody confirmed the summary.
    /// </summary>
    public TicketDraft RegisterForTriage()
    {
        if (!HasDescription)
        {
            throw new InvalidOperationException("Nothing to register: the problem was not described.");
        }

        var level = LevelForTriage();
        var draft = Draft(level.Level, level.Choice) with { Unconfirmed = true };
        _machine.Fire(Trigger.AutoRegister);
        return draft;
    }

    /// <summary>
    /// The level an unconfirmed dialogue is registered at: the guide's answers the customer just gave (not yet
    /// accepted), else a level already chosen, else the guide's answers so far — when only the first question was
    /// answered, the less urgent of the levels it can lead to — else level 3 for triage. A critical failure the
    /// customer described through the guide is never registered at the lowest level.
    /// </summary>
    public TriageLevel LevelForTriage()
    {
        var guided = GuidedLevel();
        if (State == IntakeState.GuideProposal && guided is { } proposed)
        {
            return new TriageLevel(proposed, LevelChoice.Guided, Data.Software, Data.Alternative);
        }

        if (Data.Level is { } chosen)
        {
            var choice = Data.LevelChoice ?? LevelChoice.Customer;
            return choice == LevelChoice.Guided
                ? new TriageLevel(chosen, choice, Data.Software, Data.Alternative)
                : new TriageLevel(chosen, choice, null, null);
        }

        return guided is { } answered
            ? new TriageLevel(answered, LevelChoice.Guided, Data.Software, Data.Alternative)
            : new TriageLevel(PriorityLevel.Low, LevelChoice.Triage, null, null);
    }

    private PriorityLevel? GuidedLevel() => Data.Software switch
    {
        null => null,
        { } state when SeverityGuide.NeedsAlternativeQuestion(state) && Data.Alternative is null =>
            (PriorityLevel)Math.Max((int)SeverityGuide.Propose(state, true), (int)SeverityGuide.Propose(state, false)),
        { } state => SeverityGuide.Propose(state, Data.Alternative),
    };

    /// <summary>Ends a dialogue that never got a description (issue 5).</summary>
    public void Drop() => _machine.Fire(Trigger.Drop);

    /// <summary>The prompt of the current step.</summary>
    public Reply Prompt(Language lang) => IntakePrompts.For(this, lang);

    private IntakeOutcome Current(Language lang) => new() { Replies = [Prompt(lang)] };

    private IntakeOutcome Cancel(Language lang)
    {
        _machine.Fire(Trigger.Cancel);
        return new IntakeOutcome
        {
            Replies = [IntakePrompts.Cancelled(lang)],
            Notice = lang.L("Заявка отменена", "Request cancelled"),
        };
    }

    private IntakeOutcome OnMessage(IntakeInput.Message message, Language lang)
    {
        var text = message.Text?.Trim();
        switch (State)
        {
            case IntakeState.Organisation:
                if (message.Attachments.Count > 0 && string.IsNullOrEmpty(text))
                {
                    return Again(lang, lang.L("Файлы можно будет приложить на шаге описания проблемы.", "You can attach files when describing the problem."));
                }

                if (IntakeRules.NormaliseOrganisation(text) is not { } organisation)
                {
                    return Again(lang, lang.L(
                        $"Название организации — от {IntakeRules.OrganisationMin} до {IntakeRules.OrganisationMax} символов.",
                        $"The organisation name is {IntakeRules.OrganisationMin} to {IntakeRules.OrganisationMax} characters."));
                }

                Data.Organisation = organisation;
                _machine.Fire(Trigger.OrganisationGiven);
                return Current(lang) with { OrganisationLearned = organisation };

            case IntakeState.Description:
                return Describe(text, message.Attachments, lang);

            case IntakeState.Category when ParseDigit(text, 4) is { } c:
                ChooseCategory((RequestCategory)c);
                return Current(lang);

            case IntakeState.Level or IntakeState.GuideProposal when ParseDigit(text, 3) is { } l:
                ChooseLevel((PriorityLevel)l, LevelChoice.Customer);
                return Current(lang);

            default:
                var hint = message.Attachments.Count > 0
                    ? lang.L("Файлы можно приложить на шаге описания: нажмите «Изменить» → «Описание».", "Files go with the description: press «Edit» → «Description».")
                    : lang.L("Выберите вариант кнопкой под сообщением.", "Please choose with a button below.");
                return Again(lang, hint);
        }
    }

    private IntakeOutcome Describe(string? text, IReadOnlyList<AttachmentRef> attachments, Language lang)
    {
        var total = Data.Description.Sum(p => p.Length) + (text?.Length ?? 0);
        if (total > IntakeRules.DescriptionMaxChars)
        {
            return Again(lang, lang.L(
                $"Описание слишком длинное (больше {IntakeRules.DescriptionMaxChars} символов). Приложите подробности файлом.",
                $"The description is too long (over {IntakeRules.DescriptionMaxChars} characters). Attach the details as a file."));
        }

        if (Data.Attachments.Count + attachments.Count > IntakeRules.MaxAttachments)
        {
            return Again(lang, lang.L(
                $"Можно приложить не больше {IntakeRules.MaxAttachments} файлов. Остальные пришлите инженеру после регистрации.",
                $"At most {IntakeRules.MaxAttachments} files. Send the rest to the engineer after registration."));
        }

        if (!string.IsNullOrEmpty(text))
        {
            Data.Description.Add(text);
        }

        Data.Attachments.AddRange(attachments);
        if (string.IsNullOrEmpty(text) && attachments.Count == 0)
        {
            return Again(lang, lang.L("Пришлите текст, фото или документ.", "Send text, a photo or a document."));
        }

        return new IntakeOutcome { Replies = [IntakePrompts.DescriptionEcho(this, lang)] };
    }

    private IntakeOutcome OnPress(string action, Language lang)
    {
        switch (action)
        {
            case "cancel":
                return Cancel(lang);
            case "done" when _machine.CanFire(Trigger.DescriptionDone):
                if (Data.Description.Count == 0)
                {
                    var why = Data.Attachments.Count > 0
                        ? lang.L("Добавьте пару слов к файлам: что произошло?", "Add a few words to the files: what happened?")
                        : lang.L("Описание пустое. Опишите проблему хотя бы одним сообщением.", "The description is empty. Describe the problem in at least one message.");
                    return Again(lang, why) with { Notice = lang.L("Описание пустое", "Description is empty") };
                }

                _machine.Fire(Trigger.DescriptionDone);
                return Current(lang);
            case "clear" when State == IntakeState.Description:
                Data.Description.Clear();
                Data.Attachments.Clear();
                return Current(lang) with { Notice = lang.L("Описание очищено", "Description cleared") };
            case "ok" when State == IntakeState.GuideProposal:
                ChooseLevel(SeverityGuide.Propose(Data.Software!.Value, Data.Alternative), LevelChoice.Guided);
                return Current(lang);
            case "reg" when State == IntakeState.Summary:
                var draft = Draft(Data.Level!.Value, Data.LevelChoice ?? LevelChoice.Customer);
                _machine.Fire(Trigger.Register);
                return new IntakeOutcome { Register = draft, Notice = lang.L("Регистрирую…", "Registering…") };
            case var move when Moves.TryGetValue(move, out var trigger) && _machine.CanFire(trigger):
                _machine.Fire(trigger);
                return Current(lang);
            case ['c', 'a', 't', var c] when State == IntakeState.Category && c is >= '1' and <= '4':
                ChooseCategory((RequestCategory)(c - '0'));
                return Current(lang);
            case ['l', 'v', 'l', var l] when _machine.CanFire(Trigger.LevelChosen) && l is >= '1' and <= '3':
                ChooseLevel((PriorityLevel)(l - '0'), LevelChoice.Customer);
                return Current(lang);
            case ['s', 't', var s] when State == IntakeState.GuideState && s is >= '1' and <= '4':
                Data.Software = (SoftwareState)(s - '0');
                Data.Alternative = null;
                _machine.Fire(Trigger.StateAnswered);
                return Current(lang);
            case ['a', 'l', 't', var a] when State == IntakeState.GuideAlternative && a is 'y' or 'n':
                Data.Alternative = a == 'y';
                _machine.Fire(Trigger.AlternativeAnswered);
                return Current(lang);
            default:
                return Current(lang) with { Notice = lang.L("Кнопка устарела — вот текущий шаг", "This button is out of date — here is the current step") };
        }
    }

    private void ChooseCategory(RequestCategory category)
    {
        Data.Category = category;
        _machine.Fire(Trigger.CategoryChosen);
    }

    private void ChooseLevel(PriorityLevel level, LevelChoice choice)
    {
        Data.Level = level;
        Data.LevelChoice = choice;
        _machine.Fire(Trigger.LevelChosen);
    }

    // One message, not two: the reason first, then the step again with its buttons.
    private IntakeOutcome Again(Language lang, string why)
    {
        var prompt = Prompt(lang);
        return new() { Replies = [prompt with { Text = why + "\n\n" + prompt.Text }] };
    }

    private TicketDraft Draft(PriorityLevel level, LevelChoice choice) => new(
        Data.Organisation ?? string.Empty,
        Data.Category ?? RequestCategory.Diagnostics,
        Data.Description.Count > 0 ? string.Join("\n\n", Data.Description) : $"(только файлы: {Data.Attachments.Count})",
        [.. Data.Attachments],
        level,
        choice,
        Data.Received);

    private static int? ParseDigit(string? text, int max) =>
        text is { Length: 1 } && text[0] >= '1' && text[0] <= '0' + max ? text[0] - '0' : null;

    private IntakeState AfterStep(IntakeState next) => Data.ReachedSummary ? IntakeState.Summary : next;

    private void Configure()
    {
        _machine.OnTransitioned(t =>
        {
            if (t.Source != t.Destination)
            {
                Seq++;
            }
        });

        foreach (var state in Enum.GetValues<IntakeState>().Where(s => s is not (IntakeState.Registered or IntakeState.Cancelled or IntakeState.Dropped)))
        {
            _machine.Configure(state)
                .Permit(Trigger.Cancel, IntakeState.Cancelled)
                .PermitIf(Trigger.Drop, IntakeState.Dropped, () => !HasDescription, "nothing described")
                .PermitIf(Trigger.AutoRegister, IntakeState.Registered, () => HasDescription, "described");
        }

        _machine.Configure(IntakeState.Organisation)
            .PermitDynamic(Trigger.OrganisationGiven, () => AfterStep(IntakeState.Category));

        _machine.Configure(IntakeState.Category)
            .PermitDynamic(Trigger.CategoryChosen, () => AfterStep(IntakeState.Description));

        _machine.Configure(IntakeState.Description)
            .PermitDynamic(Trigger.DescriptionDone, () => AfterStep(IntakeState.Level));

        _machine.Configure(IntakeState.Level)
            .Permit(Trigger.LevelChosen, IntakeState.Summary)
            .Permit(Trigger.GuideRequested, IntakeState.GuideState);

        _machine.Configure(IntakeState.GuideState)
            .PermitDynamic(Trigger.StateAnswered, () => SeverityGuide.NeedsAlternativeQuestion(Data.Software!.Value) ? IntakeState.GuideAlternative : IntakeState.GuideProposal)
            .Permit(Trigger.EditLevel, IntakeState.Level);

        _machine.Configure(IntakeState.GuideAlternative)
            .Permit(Trigger.AlternativeAnswered, IntakeState.GuideProposal)
            .Permit(Trigger.EditLevel, IntakeState.Level);

        _machine.Configure(IntakeState.GuideProposal)
            .Permit(Trigger.LevelChosen, IntakeState.Summary)
            .Permit(Trigger.GuideRequested, IntakeState.GuideState);

        _machine.Configure(IntakeState.Summary)
            .OnEntry(() => Data.ReachedSummary = true)
            .Permit(Trigger.Register, IntakeState.Registered)
            .Permit(Trigger.Edit, IntakeState.EditMenu);

        _machine.Configure(IntakeState.EditMenu)
            .Permit(Trigger.EditOrganisation, IntakeState.Organisation)
            .Permit(Trigger.EditCategory, IntakeState.Category)
            .Permit(Trigger.EditDescription, IntakeState.Description)
            .Permit(Trigger.EditLevel, IntakeState.Level)
            .Permit(Trigger.BackToSummary, IntakeState.Summary);

        _machine.OnUnhandledTrigger((state, trigger) =>
            throw new InvalidOperationException($"The intake dialogue cannot {trigger} in {state}."));
    }
}

/// <summary>The level an unconfirmed dialogue gets, and what it rests on: the guide's answers, a pressed level, or nothing.</summary>
public sealed record TriageLevel(PriorityLevel Level, LevelChoice Choice, SoftwareState? Software, bool? Alternative);

/// <summary>What the dialogue has gathered so far; stored with the dialogue.</summary>
public sealed class IntakeData
{
    public Instant Received { get; set; }

    public Instant LastActivity { get; set; }

    public string? Organisation { get; set; }

    public RequestCategory? Category { get; set; }

    public List<string> Description { get; set; } = [];

    public List<AttachmentRef> Attachments { get; set; } = [];

    public PriorityLevel? Level { get; set; }

    public LevelChoice? LevelChoice { get; set; }

    public SoftwareState? Software { get; set; }

    public bool? Alternative { get; set; }

    /// <summary>Once the summary was shown, every edited step returns to it.</summary>
    public bool ReachedSummary { get; set; }

    /// <summary>The registration hour reminded the customer once (issue 5).</summary>
    public bool Reminded { get; set; }
}
