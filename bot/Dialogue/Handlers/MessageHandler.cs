using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>
/// A message that is no command: the organisation /profile asked for, the next step of the dialogue in progress, or
/// — with neither — something about a ticket already registered.
/// </summary>
public sealed class MessageHandler(DialogueStore dialogues, IntakeHandler intake, CommentHandler comments, SatisfactionHandler satisfaction) : ICustomerHandler<CustomerMessage>
{
    public async Task<string?> HandleAsync(CustomerTurn turn, CustomerMessage input, CancellationToken cancellationToken)
    {
        var customer = turn.Customer;
        if (customer.Awaiting == CustomerAwaiting.Organisation)
        {
            if (IntakeRules.NormaliseOrganisation(input.Text) is { } organisation)
            {
                customer.SetOrganisation(organisation);
                turn.Reply(CustomerTexts.OrganisationSaved(organisation, turn.Lang));
            }
            else
            {
                turn.Reply(CustomerTexts.OrganisationInvalid(turn.Lang));
            }

            return null;
        }

        if (await dialogues.FindActiveAsync(customer, cancellationToken) is { } active)
        {
            return await intake.StepAsync(turn, active.Record, active.Dialogue, new IntakeInput.Message(input.Text, input.Attachments), cancellationToken);
        }

        if (customer.Awaiting == CustomerAwaiting.SatisfactionComment)
        {
            // Just rated: a text within the window is the score's comment; anything else goes on as a message.
            if (customer.SatisfactionCommentFor(turn.Now) is { } rated && input.Attachments.Count == 0
                && await satisfaction.CommentAsync(turn, rated, input.Text, cancellationToken))
            {
                return null;
            }

            customer.StopAwaiting();
        }

        await comments.CommentAsync(turn, input, cancellationToken);
        return null;
    }
}
