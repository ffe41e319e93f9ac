using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>The customer's own tickets: the list (/my, paged) and one of them (/ticket N, or its button).</summary>
public sealed class TicketsHandler(TicketRepository tickets, SlaSetup sla)
    : ICustomerHandler<CustomerCommand.MyRequests>, ICustomerHandler<TicketsPageAction>, ICustomerHandler<CustomerCommand.ShowTicket>, ICustomerHandler<ShowTicketAction>
{
    public Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.MyRequests input, CancellationToken cancellationToken) => ListAsync(turn, 0, cancellationToken);

    public Task<string?> HandleAsync(CustomerTurn turn, TicketsPageAction input, CancellationToken cancellationToken) => ListAsync(turn, input.Page, cancellationToken);

    public async Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.ShowTicket input, CancellationToken cancellationToken)
    {
        if (input.Number is not { } typed)
        {
            turn.Reply(CustomerTicketTexts.TicketUsage(turn.Lang));
            return null;
        }

        var number = StaffCommand.TicketNumber(typed);
        await ShowAsync(turn, number, Texts.Preview(typed.StartsWith('#') ? typed : "#" + typed, 20), cancellationToken);
        return null;
    }

    public async Task<string?> HandleAsync(CustomerTurn turn, ShowTicketAction input, CancellationToken cancellationToken)
    {
        await ShowAsync(turn, input.Number, $"#{input.Number}", cancellationToken);
        return null;
    }

    private async Task ShowAsync(CustomerTurn turn, int? number, string asTyped, CancellationToken cancellationToken)
    {
        var ticket = number is { } n ? await tickets.LoadOwnAsync(turn.Customer.Id, n, cancellationToken) : null;
        turn.Reply(ticket is null ? CustomerTicketTexts.TicketNotFound(asTyped, turn.Lang) : CustomerTicketTexts.TicketCard(ticket, sla.Format, turn.Lang));
    }

    private async Task<string?> ListAsync(CustomerTurn turn, int page, CancellationToken cancellationToken)
    {
        var (items, total) = await tickets.PageOfAsync(turn.Customer.Id, page, CustomerTicketTexts.TicketsPerPage, cancellationToken);
        var pages = Math.Max(1, (total + CustomerTicketTexts.TicketsPerPage - 1) / CustomerTicketTexts.TicketsPerPage);
        if (page >= pages && total > 0)
        {
            // A page that is gone (tickets are never deleted, but a forged or old button may ask): the last one.
            page = pages - 1;
            (items, _) = await tickets.PageOfAsync(turn.Customer.Id, page, CustomerTicketTexts.TicketsPerPage, cancellationToken);
        }

        turn.Reply(CustomerTicketTexts.TicketList(items, page, pages, sla.Format, turn.Lang));
        return null;
    }
}
