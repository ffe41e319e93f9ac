using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>/level N L reason: an unclaimed window's deadline is recomputed from its start; the customer is told.</summary>
public sealed class LevelHandler(TicketRepository tickets, TicketNotifier notify, IEscalationScheduler escalation, SlaSetup sla) : IStaffHandler<StaffCommand.ChangeLevel>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.ChangeLevel input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadOrSayAsync(turn, input.Number, cancellationToken) is not { } ticket)
        {
            return null;
        }

        var recomputed = ticket.ChangeLevel(input.Level, input.Reason, turn.Staff, turn.Now, sla.Policy);
        await notify.RefreshCardAsync(ticket, cancellationToken);
        escalation.Reschedule(ticket);
        await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.LevelChanged(ticket.Number, input.Level, input.Reason, recomputed ? ticket.ReactionDeadline : null, sla.Format, l), cancellationToken: cancellationToken);
        turn.Say(StaffTexts.LevelChanged(ticket.Number, input.Level, recomputed, ticket.ReactionDeadline, sla.Format, turn.Lang));
        return null;
    }
}
