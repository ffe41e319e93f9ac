using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// /wait N question (the question goes to the customer) or «Ждать ответа клиента» under «Отправлено клиенту» (what was
/// just sent is the question): the ticket waits for the customer's answer. The answer brings it back to the holder
/// (<see cref="TicketNotifier.RelayFromCustomer"/>); the sweep reminds the customer once and closes it unanswered.
/// </summary>
public sealed class WaitHandler(TicketRepository tickets, TicketNotifier notify, SchedulingOptions options)
    : IStaffHandler<StaffCommand.Wait>, IStaffHandler<WaitAction>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Wait input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadOrSayAsync(turn, input.Number, cancellationToken) is { } ticket)
        {
            await AskAsync(turn, ticket, input.Question, cancellationToken);
            if (turn.Update.Attachments.Count > 0)
            {
                // The question goes as text; files go with /reply, where they are checked against the customer's messenger.
                turn.Say(StaffTexts.WaitWithoutFiles(ticket.Number, turn.Lang));
            }
        }

        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, WaitAction input, CancellationToken cancellationToken)
    {
        var ticket = await tickets.LoadAsync(input.Number, cancellationToken);
        if (ticket is null)
        {
            return StaffTexts.NotFound($"#{input.Number}", turn.Lang);
        }

        if (ticket.Status == TicketStatus.AwaitingCustomer)
        {
            // Pressed twice (or on a second device): the wait already runs; restarting it would postpone the reminder.
            return StaffTexts.AskedCustomerNotice(ticket.Number, turn.Lang);
        }

        await AskAsync(turn, ticket, null, cancellationToken);
        return StaffTexts.AskedCustomerNotice(ticket.Number, turn.Lang);
    }

    private async Task AskAsync(StaffTurn turn, Ticket ticket, string? question, CancellationToken cancellationToken)
    {
        var asked = ticket.AskCustomer(turn.Staff, question, turn.Now);
        await notify.RefreshCardAsync(ticket, cancellationToken);
        if (asked is not null)
        {
            await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.EngineerAsks(turn.Staff.Name, ticket.Number, asked.Text, l), cancellationToken: cancellationToken);
        }

        turn.Say(StaffTexts.AskedCustomer(ticket.Number, options.WaitingRemindAfter, options.WaitingCloseAfter, turn.Lang));
    }
}
