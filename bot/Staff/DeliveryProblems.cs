using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// A refused recipient, by who they are: a staff member is held for (<see cref="StaffReachability"/>); a customer who
/// blocked the bot (in MAX also: never started it) is shown on each open ticket — a history line and a note to the
/// engineer holding it (or the duty chat), once until the customer writes again.
/// </summary>
public sealed partial class DeliveryProblems(SupportDbContext db, StaffReachability staffChats, TicketNotifier notify, TimeProvider time, ILogger<DeliveryProblems> logger) : IDeliveryProblems
{
    private HashSet<string>? _unreachableStaff;

    public async Task<bool> HoldIfUnreachableAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (staffChats.OwnerOf(message) is not { } member)
        {
            return false;
        }

        _unreachableStaff ??= await staffChats.UnreachableAsync(cancellationToken);
        if (!_unreachableStaff.Contains(member.UserId))
        {
            return false;
        }

        await staffChats.HoldAsync(message, member, null, cancellationToken);
        return true;
    }

    public async Task<bool> UndeliverableAsync(OutboxMessage message, string error, CancellationToken cancellationToken)
    {
        message.LastError = error;
        if (staffChats.OwnerOf(message) is { } member)
        {
            // A staff member who never opened the bot (or blocked it): held until they do, and the duty chat tells them.
            (_unreachableStaff ??= await staffChats.UnreachableAsync(cancellationToken)).Add(member.UserId);
            LogStaffUnreachable(logger, member.Name, message.Channel.Name, error);
            return await staffChats.HoldAsync(message, member, error, cancellationToken);
        }

        message.Status = OutboxStatus.Undeliverable;
        LogUndeliverable(logger, message.Id, message.Channel.Name, message.ChatId, error);
        // Only a message that could not reach the person says so; a failed edit (message gone) does not.
        return message.Kind == OutboxKind.Send && await ReportCustomerAsync(message, error, cancellationToken);
    }

    private async Task<bool> ReportCustomerAsync(OutboxMessage message, string error, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Channel == message.Channel && c.ChatId == message.ChatId, cancellationToken);
        if (customer is null)
        {
            return false;
        }

        var now = time.GetCurrentInstant();
        var tickets = await db.Tickets.Where(t => t.CustomerId == customer.Id && Ticket.OpenStatuses.Contains(t.Status)).ToListAsync(cancellationToken);
        var reported = false;
        foreach (var ticket in tickets)
        {
            var events = db.Set<TicketEvent>().Where(e => e.TicketId == ticket.Id);
            var lastReport = await events.Where(e => e.Kind == TicketEventKind.Undeliverable).MaxAsync(e => (long?)e.Id, cancellationToken);
            var lastHeard = await events.Where(e => e.ActorKind == ActorKind.Customer).MaxAsync(e => (long?)e.Id, cancellationToken);
            if (lastReport is { } r && r > (lastHeard ?? 0))
            {
                continue;
            }

            var channel = CardTexts.ChannelName(message.Channel);
            ticket.RecordUndeliverable(channel, Texts.SafeCut(error, 200), now);
            notify.AboutUnreachableCustomer(ticket, channel);
            reported = true;
        }

        return reported;
    }

    [LoggerMessage(LogLevel.Warning, "{StaffName} cannot be written to in {Channel} ({Error}): their messages are held until they open the bot")]
    private static partial void LogStaffUnreachable(ILogger logger, string staffName, string channel, string error);

    [LoggerMessage(LogLevel.Warning, "Outbox message {MessageId} to {Channel} chat {ChatId} is undeliverable: {Error}")]
    private static partial void LogUndeliverable(ILogger logger, long messageId, string channel, string chatId, string error);
}
