using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>«Проблема решена?» — yes closes the ticket, no reopens it with a new reaction window and a new card.</summary>
public sealed class ConfirmHandler(TicketRepository tickets, TicketNotifier notify, IEscalationScheduler escalation, SlaSetup sla) : ICustomerHandler<ConfirmAction>
{
    public async Task<string?> HandleAsync(CustomerTurn turn, ConfirmAction input, CancellationToken cancellationToken)
    {
        var lang = turn.Lang;
        var ticket = await tickets.LoadOwnAsync(turn.Customer.Id, input.Number, cancellationToken);
        if (ticket is null || ticket.Status != TicketStatus.Resolved)
        {
            turn.Reply(ticket is null ? CustomerTicketTexts.TicketNotFound($"#{input.Number}", lang) : CustomerTicketTexts.TicketCard(ticket, sla.Format, lang));
            return CustomerTexts.StaleNotice(lang);
        }

        var holder = ticket.HolderId;
        if (input.Solved)
        {
            ticket.Confirm(turn.Now);
            notify.RefreshCard(ticket);
            turn.Reply(CustomerTexts.ClosedByYou(ticket.Number, lang));
            notify.ToPerson(holder, l => StaffTexts.CustomerConfirmed(ticket.Number, l));
            return CustomerTexts.ClosedNotice(lang);
        }

        ticket.Reopen(turn.Now, sla.Policy);
        notify.RefreshCard(ticket);
        notify.PostCard(ticket);
        escalation.Reschedule(ticket);
        turn.Reply(CustomerTexts.Reopened(ticket, sla.Format, lang));
        notify.ToPerson(holder, l => StaffTexts.CustomerReopened(ticket.Number, l));
        return CustomerTexts.ReopenedNotice(lang);
    }
}
