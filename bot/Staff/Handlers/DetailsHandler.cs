using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// «Подробнее» or /ticket N: the whole ticket with its history and the customer's files, in the private chat (a full
/// history would flood the duty chat) — unless the messenger refuses that chat: then where it was asked.
/// </summary>
public sealed class DetailsHandler(TicketRepository tickets, TicketNotifier notify, StaffReachability reachability, SlaSetup sla)
    : IStaffHandler<StaffCommand.ShowTicket>, IStaffHandler<DetailsAction>
{
    public Task<string?> HandleAsync(StaffTurn turn, StaffCommand.ShowTicket input, CancellationToken cancellationToken) => ShowAsync(turn, input.Number, cancellationToken);

    public Task<string?> HandleAsync(StaffTurn turn, DetailsAction input, CancellationToken cancellationToken) => ShowAsync(turn, input.Number, cancellationToken);

    private async Task<string?> ShowAsync(StaffTurn turn, int number, CancellationToken cancellationToken)
    {
        var ticket = await tickets.LoadAsync(number, cancellationToken);
        if (ticket is null)
        {
            turn.Say(StaffTexts.NotFound($"#{number}", turn.Lang));
            return null;
        }

        var to = turn.InGroup && await reachability.IsUnreachableAsync(turn.Staff, cancellationToken) ? turn.Update.Chat : turn.PrivateChat;
        var full = CardTexts.Full(ticket, sla.Format, turn.Now, turn.Lang);
        turn.Outbox.Send(new OutgoingMessage(to, full.Text) { Buttons = full.Buttons, Language = turn.Lang });
        notify.CustomerFilesTo(to, ticket, turn.Lang);
        if (to != turn.Update.Chat && turn.InGroup && turn.Update.Button is null)
        {
            turn.Say(StaffTexts.DetailsInPrivate(number, turn.Lang));
        }

        return null;
    }
}
