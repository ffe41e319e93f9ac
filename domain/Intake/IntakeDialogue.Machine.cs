using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;
using Stateless;
using Stateless.Graph;

namespace ChatSupport.Domain.Intake;

/// <summary>The dialogue's state machine: every move it allows, in one place (the diagram comes from here).</summary>
public sealed partial class IntakeDialogue
{
    /// <summary>Buttons that only move between steps: the button → the trigger it fires.</summary>
    private static readonly Dictionary<IntakeKey, Trigger> Moves = new()
    {
        [IntakeKey.Guide] = Trigger.GuideRequested,
        [IntakeKey.Edit] = Trigger.Edit,
        [IntakeKey.Back] = Trigger.BackToSummary,
        [IntakeKey.EditOrganisation] = Trigger.EditOrganisation,
        [IntakeKey.EditCategory] = Trigger.EditCategory,
        [IntakeKey.EditDescription] = Trigger.EditDescription,
        [IntakeKey.EditLevel] = Trigger.EditLevel,
    };

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
