using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// «Взять в работу» or /claim N: the first claim ends the reaction window. The holder's private chat becomes the
/// ticket's line (with the customer's files); while the messenger refuses that chat, the duty chat hears it too.
/// </summary>
public sealed class ClaimHandler(TicketRepository tickets, TicketNotifier notify, IEscalationScheduler escalation, StaffReachability reachability)
    : IStaffHandler<StaffCommand.Claim>, IStaffHandler<ClaimAction>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Claim input, CancellationToken cancellationToken)
    {
        await ClaimAsync(turn, input.Number, cancellationToken);
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, ClaimAction input, CancellationToken cancellationToken) =>
        await ClaimAsync(turn, input.Number, cancellationToken) ? StaffTexts.ClaimedNotice(input.Number, turn.Lang) : null;

    private async Task<bool> ClaimAsync(StaffTurn turn, int number, CancellationToken cancellationToken)
    {
        var ticket = await tickets.LoadAsync(number, cancellationToken);
        if (ticket is null)
        {
            turn.Say(StaffTexts.NotFound($"#{number}", turn.Lang));
            return false;
        }

        var ended = notify.ClaimTellingAssignee(turn, ticket);

        await notify.RefreshCardAsync(ticket, cancellationToken);
        escalation.Reschedule(ticket);
        await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.EngineerTookIt(turn.Staff.Name, ticket.Number, l), cancellationToken: cancellationToken);

        var text = StaffTexts.Claimed(ticket.Number, ended, turn.Now, turn.Lang);
        turn.SayPrivately(text);
        notify.CustomerFilesTo(turn.PrivateChat, ticket, turn.Lang);
        if (turn.Update.ChatId != turn.Staff.UserId && (!turn.InGroup || await reachability.IsUnreachableAsync(turn.Staff, cancellationToken)))
        {
            turn.Say(text);
        }

        return true;
    }
}
