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

    /// <summary>
    /// The turn's staff member claims the ticket (its reaction window's outcome returned); an engineer it was assigned to
    /// is told someone else took it.
    /// </summary>
    public static ReactionWindow? ClaimTellingAssignee(this TicketNotifier notify, StaffTurn turn, Ticket ticket)
    {
        var assignee = ticket.AssigneeId;
        var ended = ticket.Claim(turn.Staff, turn.Now);
        if (assignee is not null && assignee != turn.Staff.UserId)
        {
            notify.ToPerson(assignee, l => AssignTexts.TakenByOther(ticket.Number, turn.Staff.Name, l));
        }

        return ended;
    }
}
