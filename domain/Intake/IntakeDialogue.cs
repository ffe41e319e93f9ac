using ChatSupport.Domain.Buttons;
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

/// <summary>
/// The customer's intake dialogue (issue 3): organisation (first time only) → category → description →
/// level (or the two-question guide) → summary → registration. One instance per customer chat, rebuilt
/// from its stored state for every update; the state and the step counter are persisted after each step.
/// </summary>
public sealed partial class IntakeDialogue
{
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
            IntakeInput.Message m => OnMessage(m, lang),
            IntakeInput.Press p when p.Seq != Seq => Current(lang) with { Notice = IntakeTexts.StaleStep(lang) },
            IntakeInput.Press p => OnPress(p, lang),
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
            Notice = IntakeTexts.CancelledNotice(lang),
        };
    }
}
