using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>The step every command on a ticket begins with: load it whole, or say there is no such ticket.</summary>
internal static class TicketWork
{
    public static async Task<Ticket?> LoadOrSayAsync(this TicketRepository tickets, StaffTurn turn, int number, CancellationToken cancellationToken)
    {
        var ticket = await tickets.LoadAsync(number, cancellationToken);
        if (ticket is null)
        {
            turn.Say(StaffTexts.NotFound($"#{number}", turn.Lang));
        }

        return ticket;
    }
}
