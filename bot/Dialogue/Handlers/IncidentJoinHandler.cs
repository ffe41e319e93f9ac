using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>
/// «Моя заявка — об этом сбое» under a new ticket: the customer links their own open ticket to the open incident; its
/// card folds into the incident's, and the incident's news will reach them. Their reaction deadline stays as it was.
/// </summary>
public sealed class IncidentJoinHandler(TicketRepository tickets, TicketNotifier notify, IncidentBoard incidents) : ICustomerHandler<IncidentJoinAction>
{
    public async Task<string?> HandleAsync(CustomerTurn turn, IncidentJoinAction input, CancellationToken cancellationToken)
    {
        var ticket = await tickets.LoadOwnAsync(turn.Customer.Id, input.Number, cancellationToken);
        if (ticket is null)
        {
            turn.Reply(CustomerTicketTexts.TicketNotFound($"#{input.Number}", turn.Lang));
            return CustomerTexts.StaleNotice(turn.Lang);
        }

        if (await incidents.FindAsync(input.Incident, cancellationToken) is not { IsOpen: true } incident || !ticket.IsOpen)
        {
            turn.Reply(IncidentTexts.JoinStale(ticket.Number, turn.Lang));
            return CustomerTexts.StaleNotice(turn.Lang);
        }

        if (!ticket.LinkIncident(incident, null, turn.Now))
        {
            turn.Reply(IncidentTexts.AlreadyJoined(ticket.Number, turn.Lang));
            return IncidentTexts.JoinedNotice(turn.Lang);
        }

        incident.NoteTicketsChanged(turn.Now);
        await notify.RefoldCardAsync(ticket, cancellationToken);
        await incidents.ShowCardAsync(incident, create: false, cancellationToken);
        turn.Reply(IncidentTexts.Joined(ticket.Number, incident, turn.Lang));
        return IncidentTexts.JoinedNotice(turn.Lang);
    }
}
