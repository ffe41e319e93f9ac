using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>/start (the greeting, and the dialogue in progress if there is one) and /help.</summary>
public sealed class StartHelpHandler(DialogueStore dialogues, SlaSetup sla)
    : ICustomerHandler<CustomerCommand.Start>, ICustomerHandler<CustomerCommand.Help>
{
    public async Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.Start input, CancellationToken cancellationToken)
    {
        turn.Reply(CustomerTexts.Greeting(turn.Customer.DisplayName, turn.Lang));
        if (await dialogues.FindActiveAsync(turn.Customer, cancellationToken) is { } inProgress)
        {
            turn.Reply(CustomerTexts.DialogueInProgress(turn.Lang));
            turn.Reply(inProgress.Dialogue.Prompt(turn.Lang));
        }

        return null;
    }

    public Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.Help input, CancellationToken cancellationToken)
    {
        turn.Reply(CustomerTexts.Help(turn.Lang, sla.Policy, sla.Format, turn.Now));
        return Task.FromResult<string?>(null);
    }
}
