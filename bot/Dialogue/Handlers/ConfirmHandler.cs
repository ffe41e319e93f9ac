using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>«Проблема решена?» — yes closes the ticket, no reopens it with a new reaction window and a new card.</summary>
public sealed class ConfirmHandler(TicketRepository tickets, TicketNotifier notify, IEscalationScheduler escalation, SlaSetup sla, IncidentBoard incidents) : ICustomerHandler<ConfirmAction>
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

        var said = await AnswerAsync(ticket, input.Solved, turn.Now, cancellationToken);
        turn.Reply(said(lang));
        return input.Solved ? CustomerTexts.ClosedNotice(lang) : CustomerTexts.ReopenedNotice(lang);
    }

    /// <summary>
    /// The customer's answer to a resolved ticket, by a button or (e-mail) by a reply: closed, or reopened with a new
    /// reaction window and card; the holder is told. Returns what the customer is told, in their language.
    /// </summary>
    public async Task<Func<Language, Domain.Channels.Reply>> AnswerAsync(Ticket ticket, bool solved, NodaTime.Instant now, CancellationToken cancellationToken)
    {
        var holder = ticket.HolderId;
        if (solved)
        {
            ticket.Confirm(now);
            await notify.RefreshCardAsync(ticket, cancellationToken);
            notify.ToPerson(holder, l => StaffTexts.CustomerConfirmed(ticket.Number, l));
            return ticket.AskSatisfaction(now)
                ? l => CustomerTicketTexts.WithRating(CustomerTexts.ClosedByYou(ticket.Number, l), ticket.Number, l)
                : l => CustomerTexts.ClosedByYou(ticket.Number, l);
        }

        var incident = ticket.IncidentId;
        ticket.Reopen(now, sla.Policy);
        if (incident is { } left)
        {
            // It left the incident: the incident's card no longer counts it (its own card unfolds just below).
            await incidents.RedrawAsync(left, cancellationToken);
        }

        await notify.RefreshCardAsync(ticket, cancellationToken);
        await notify.PostCardAsync(ticket, cancellationToken);
        escalation.Reschedule(ticket);
        notify.ToPerson(holder, l => StaffTexts.CustomerReopened(ticket.Number, l));
        return l => CustomerTexts.Reopened(ticket, sla.Format, l);
    }
}
