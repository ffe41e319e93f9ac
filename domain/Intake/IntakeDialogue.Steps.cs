using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;
using Stateless;
using Stateless.Graph;

namespace ChatSupport.Domain.Intake;

/// <summary>The dialogue's steps: what a message or a pressed button means at each state.</summary>
public sealed partial class IntakeDialogue
{
    private IntakeOutcome OnMessage(IntakeInput.Message message, Language lang)
    {
        var text = message.Text?.Trim();
        switch (State)
        {
            case IntakeState.Organisation:
                if (message.Attachments.Count > 0 && string.IsNullOrEmpty(text))
                {
                    return Again(lang, IntakeTexts.FilesComeLater(lang));
                }

                if (IntakeRules.NormaliseOrganisation(text) is not { } organisation)
                {
                    return Again(lang, IntakeTexts.OrganisationLength(lang));
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
                return Again(lang, message.Attachments.Count > 0 ? IntakeTexts.FilesGoWithTheDescription(lang) : IntakeTexts.ChooseWithAButton(lang));
        }
    }

    private IntakeOutcome Describe(string? text, IReadOnlyList<AttachmentRef> attachments, Language lang)
    {
        var total = Data.Description.Sum(p => p.Length) + (text?.Length ?? 0);
        if (total > IntakeRules.DescriptionMaxChars)
        {
            return Again(lang, IntakeTexts.DescriptionTooLong(lang));
        }

        if (Data.Attachments.Count + attachments.Count > IntakeRules.MaxAttachments)
        {
            return Again(lang, IntakeTexts.TooManyFiles(lang));
        }

        if (!string.IsNullOrEmpty(text))
        {
            Data.Description.Add(text);
        }

        Data.Attachments.AddRange(attachments);
        if (string.IsNullOrEmpty(text) && attachments.Count == 0)
        {
            return Again(lang, IntakeTexts.SendSomething(lang));
        }

        return new IntakeOutcome { Replies = [IntakePrompts.DescriptionEcho(this, lang)] };
    }

    private IntakeOutcome OnPress(IntakeInput.Press press, Language lang)
    {
        switch (press.Key)
        {
            case IntakeKey.Cancel:
                return Cancel(lang);
            case IntakeKey.Done when _machine.CanFire(Trigger.DescriptionDone):
                if (Data.Description.Count == 0)
                {
                    return Again(lang, IntakeTexts.DescriptionEmpty(Data.Attachments.Count > 0, lang)) with { Notice = IntakeTexts.DescriptionEmptyNotice(lang) };
                }

                _machine.Fire(Trigger.DescriptionDone);
                return Current(lang);
            case IntakeKey.Clear when State == IntakeState.Description:
                Data.Description.Clear();
                Data.Attachments.Clear();
                return Current(lang) with { Notice = IntakeTexts.DescriptionCleared(lang) };
            case IntakeKey.AcceptProposal when State == IntakeState.GuideProposal:
                ChooseLevel(SeverityGuide.Propose(Data.Software!.Value, Data.Alternative), LevelChoice.Guided);
                return Current(lang);
            case IntakeKey.Register when State == IntakeState.Summary:
                var draft = Draft(Data.Level!.Value, Data.LevelChoice ?? LevelChoice.Customer);
                _machine.Fire(Trigger.Register);
                return new IntakeOutcome { Register = draft, Notice = IntakeTexts.RegisteringNotice(lang) };
            case var move when Moves.TryGetValue(move, out var trigger) && _machine.CanFire(trigger):
                _machine.Fire(trigger);
                return Current(lang);
            case IntakeKey.Category when State == IntakeState.Category && press.Value is >= 1 and <= 4:
                ChooseCategory((RequestCategory)press.Value);
                return Current(lang);
            case IntakeKey.Level when _machine.CanFire(Trigger.LevelChosen) && press.Value is >= 1 and <= 3:
                ChooseLevel((PriorityLevel)press.Value, LevelChoice.Customer);
                return Current(lang);
            case IntakeKey.Software when State == IntakeState.GuideState && press.Value is >= 1 and <= 4:
                Data.Software = (SoftwareState)press.Value;
                Data.Alternative = null;
                _machine.Fire(Trigger.StateAnswered);
                return Current(lang);
            case IntakeKey.Alternative when State == IntakeState.GuideAlternative && press.Value is 0 or 1:
                Data.Alternative = press.Value == 1;
                _machine.Fire(Trigger.AlternativeAnswered);
                return Current(lang);
            default:
                return Current(lang) with { Notice = IntakeTexts.StaleStep(lang) };
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
        Data.Description.Count > 0 ? string.Join("\n\n", Data.Description) : IntakeTexts.FilesOnlyDescription(Data.Attachments.Count),
        [.. Data.Attachments],
        level,
        choice,
        Data.Received);

    private static int? ParseDigit(string? text, int max) =>
        text is { Length: 1 } && text[0] >= '1' && text[0] <= '0' + max ? text[0] - '0' : null;
}
