using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// /release N (back to the queue, the recorded reaction stays; the duty chat and the customer are told) and
/// /resolve N (the customer is asked «Проблема решена?»).
/// </summary>
public sealed class ReleaseResolveHandler(TicketRepository tickets, TicketNotifier notify, IEscalationScheduler escalation)
    : IStaffHandler<StaffCommand.Release>, IStaffHandler<StaffCommand.Resolve>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Release input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadOrSayAsync(turn, input.Number, cancellationToken) is not { } ticket)
        {
            return null;
        }

        ticket.Release(turn.Staff, input.Reason, turn.Now);
        await notify.RefreshCardAsync(ticket, cancellationToken);
        escalation.Reschedule(ticket);
        notify.ToDuty(l => StaffTexts.Released(ticket, turn.Staff.Name, input.Reason, turn.Now, l), ticket.Number);
        await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.HandedOver(ticket.Number, l), cancellationToken: cancellationToken);
        if (!turn.InGroup)
        {
            turn.Say(StaffTexts.ReleasedDone(ticket.Number, turn.Lang));
        }

        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Resolve input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadOrSayAsync(turn, input.Number, cancellationToken) is not { } ticket)
        {
            return null;
        }

        ticket.Resolve(turn.Staff, input.Summary, turn.Now);
        await notify.RefreshCardAsync(ticket, cancellationToken);
        await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.IsItSolved(turn.Staff.Name, ticket.Number, input.Summary, l), cancellationToken: cancellationToken);
        turn.Say(StaffTexts.ResolvedDone(ticket.Number, turn.Lang));
        return null;
    }
}
