using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Privacy;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// /block and /unblock (managers): the customer of a ticket (<c>/block 12</c>) or by their key (<c>telegram:1001</c>,
/// <c>max:…</c>, <c>mail:…</c>). A blocked customer's messages are kept but reach no one; flood control is unchanged.
/// </summary>
public sealed class BlockHandler(SupportDbContext db)
    : IStaffHandler<StaffCommand.Block>, IStaffHandler<StaffCommand.Unblock>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Block input, CancellationToken cancellationToken)
    {
        if (await FindAsync(turn, input.Target, cancellationToken) is not { } customer)
        {
            return null;
        }

        var who = Describe(customer);
        if (!customer.Block(turn.Staff.Name, input.Reason, turn.Now))
        {
            turn.Say(BlockTexts.AlreadyBlocked(who, turn.Lang));
            return null;
        }

        // A request being written is dropped: it would otherwise wait for words that now reach no one.
        await db.Dialogues.Where(d => d.CustomerId == customer.Id && d.Status == DialogueStatus.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DialogueStatus.Cancelled), cancellationToken);
        turn.Say(BlockTexts.Blocked(who, input.Target, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Unblock input, CancellationToken cancellationToken)
    {
        if (await FindAsync(turn, input.Target, cancellationToken) is not { } customer)
        {
            return null;
        }

        var who = Describe(customer);
        var since = customer.BlockedAt;
        if (!customer.Unblock())
        {
            turn.Say(BlockTexts.NotBlocked(who, turn.Lang));
            return null;
        }

        var kept = await db.BlockedMessages.CountAsync(m => m.CustomerId == customer.Id && m.At >= since, cancellationToken);
        turn.Say(BlockTexts.Unblocked(who, kept, turn.Lang));
        return null;
    }

    private async Task<Customer?> FindAsync(StaffTurn turn, string target, CancellationToken cancellationToken)
    {
        Customer? customer = null;
        if (StaffCommand.TicketNumber(target) is { } number)
        {
            var id = await db.Tickets.Where(t => t.Number == number).Select(t => (long?)t.CustomerId).SingleOrDefaultAsync(cancellationToken);
            customer = id is { } c ? await db.Customers.SingleOrDefaultAsync(x => x.Id == c, cancellationToken) : null;
        }
        else if (PersonalDataEraser.TryParseKey(target, out var channel, out var userId))
        {
            customer = await db.Customers.SingleOrDefaultAsync(c => c.Channel == channel && c.UserId == userId, cancellationToken);
        }
        else
        {
            turn.Say(BlockTexts.Usage(turn.Lang));
            return null;
        }

        if (customer is null)
        {
            turn.Say(BlockTexts.NoSuchCustomer(target, turn.Lang));
        }

        return customer;
    }

    private static string Describe(Customer c) =>
        $"{c.DisplayName}{(c.Organisation is null ? string.Empty : $" ({c.Organisation})")} · {CardTexts.ChannelName(c.Channel)}";
}
