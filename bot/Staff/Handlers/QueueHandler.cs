using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>/queue (unclaimed, soonest deadline first) and /mine (what the staff member holds).</summary>
public sealed class QueueHandler(TicketRepository tickets, SlaSetup sla) : IStaffHandler<StaffCommand.Queue>, IStaffHandler<StaffCommand.Mine>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Queue input, CancellationToken cancellationToken)
    {
        turn.Say(CardTexts.Queue(await tickets.QueueAsync(30, cancellationToken), sla.Format, turn.Now, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Mine input, CancellationToken cancellationToken)
    {
        turn.Say(CardTexts.Mine(await tickets.HeldByAsync(turn.Staff.UserId, cancellationToken), sla.Format, turn.Lang));
        return null;
    }
}
