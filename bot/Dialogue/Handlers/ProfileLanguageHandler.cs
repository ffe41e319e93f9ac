using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>The customer's own settings: the language (/lang, its buttons) and the organisation (/profile).</summary>
public sealed class ProfileLanguageHandler
    : ICustomerHandler<CustomerCommand.ChooseLanguage>, ICustomerHandler<LanguageAction>, ICustomerHandler<CustomerCommand.Profile>
{
    public Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.ChooseLanguage input, CancellationToken cancellationToken)
    {
        if (input.Language is { } language)
        {
            turn.Customer.ChooseLanguage(language);
            turn.Reply(CustomerTexts.LanguageSet(language));
        }
        else
        {
            turn.Reply(CustomerTexts.ChooseLanguage(turn.Lang));
        }

        return Task.FromResult<string?>(null);
    }

    public Task<string?> HandleAsync(CustomerTurn turn, LanguageAction input, CancellationToken cancellationToken)
    {
        turn.Customer.ChooseLanguage(input.Language);
        turn.Reply(CustomerTexts.LanguageSet(input.Language));
        return Task.FromResult<string?>(CustomerTexts.LanguageNotice(input.Language));
    }

    public Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.Profile input, CancellationToken cancellationToken)
    {
        turn.Customer.AwaitOrganisation();
        turn.Reply(CustomerTexts.AskOrganisation(turn.Customer.Organisation, turn.Lang));
        return Task.FromResult<string?>(null);
    }
}
