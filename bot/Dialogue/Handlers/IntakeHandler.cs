using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Localization;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>
/// The intake dialogue: «Новая заявка» starts one (or shows the one in progress), its buttons and messages move
/// it on, /cancel ends it, and a confirmed dialogue is registered as a ticket.
/// </summary>
public sealed class IntakeHandler(SupportDbContext db, DialogueStore dialogues, TicketRegistrar registrar, SlaSetup sla, Staff.IncidentBoard incidents)
    : ICustomerHandler<CustomerCommand.NewRequest>, ICustomerHandler<IntakeAction>, ICustomerHandler<CustomerCommand.Cancel>
{
    public async Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.NewRequest input, CancellationToken cancellationToken)
    {
        if (await dialogues.FindActiveAsync(turn.Customer, cancellationToken) is { } active)
        {
            turn.Reply(CustomerTexts.DialogueInProgress(turn.Lang));
            turn.Reply(active.Dialogue.Prompt(turn.Lang));
            return null;
        }

        turn.Customer.StopAwaiting();
        // Each dialogue of a customer counts its steps from its own base, so a button of an earlier one can never act here.
        var earlier = turn.Customer.Id == 0 ? 0 : await db.Dialogues.CountAsync(d => d.CustomerId == turn.Customer.Id, cancellationToken);
        var dialogue = IntakeDialogue.Start(turn.Now, turn.Customer.Organisation, firstStep: earlier * 1000, terms: sla.Policy.Terms);
        dialogues.Add(turn.Customer, dialogue);
        var prompt = dialogue.Prompt(turn.Lang);
        if (await incidents.OpenAsync(cancellationToken) is { } incident)
        {
            // In the same message as the first question: the customer reads it before writing a word.
            prompt = prompt with { Text = IncidentTexts.KnownAtIntake(incident, turn.Lang) + "\n\n" + prompt.Text };
        }

        turn.Reply(prompt);
        return null;
    }

    public async Task<string?> HandleAsync(CustomerTurn turn, IntakeAction input, CancellationToken cancellationToken)
    {
        if (await dialogues.FindActiveAsync(turn.Customer, cancellationToken) is not { } active)
        {
            turn.Reply(CustomerTexts.StaleButton(turn.Lang));
            return CustomerTexts.StaleNotice(turn.Lang);
        }

        return await StepAsync(turn, active.Record, active.Dialogue, IntakeInput.Press.From(input), cancellationToken);
    }

    public async Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.Cancel input, CancellationToken cancellationToken)
    {
        if (await dialogues.FindActiveAsync(turn.Customer, cancellationToken) is { } active)
        {
            return await StepAsync(turn, active.Record, active.Dialogue, new IntakeInput.Cancel(), cancellationToken);
        }

        if (turn.Customer.Awaiting == Domain.Tickets.CustomerAwaiting.Nothing)
        {
            turn.Reply(CustomerTexts.NothingToCancel(turn.Lang));
            return null;
        }

        var held = turn.Customer.PendingComment;
        turn.Customer.StopAwaiting();
        turn.Reply(CustomerTexts.Cancelled(held is not null, turn.Lang));
        return null;
    }

    /// <summary>One step of the customer's active dialogue; registers the ticket when they confirm.</summary>
    public async Task<string?> StepAsync(CustomerTurn turn, DialogueRecord record, IntakeDialogue dialogue, IntakeInput input, CancellationToken cancellationToken)
    {
        var outcome = dialogue.Handle(input, turn.Now, turn.Lang);
        if (outcome.OrganisationLearned is { } organisation && turn.Customer.Organisation is null)
        {
            turn.Customer.SetOrganisation(organisation);
        }

        foreach (var reply in outcome.Replies)
        {
            turn.Reply(reply);
        }

        if (outcome.Register is { } draft)
        {
            var ticket = await registrar.RegisterAsync(turn.Customer, draft, turn.Now, cancellationToken);
            record.TicketNumber = ticket.Number;
            var registered = IntakePrompts.Registered(ticket, sla.Format, turn.Lang);
            if (await incidents.OpenAsync(cancellationToken) is { } incident)
            {
                registered = IncidentTexts.WithJoinOffer(registered, ticket.Number, incident, turn.Lang);
            }

            turn.Reply(registered);
        }

        DialogueStore.Save(record, dialogue);
        return outcome.Notice;
    }
}
