using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>
/// A message outside any dialogue is about a ticket already registered: it is stored on it and relayed to the
/// engineer (or the duty chat). With several open tickets the customer picks one with a button first.
/// </summary>
public sealed class CommentHandler(TicketRepository tickets, TicketNotifier notify) : ICustomerHandler<AttachCommentAction>
{
    public async Task CommentAsync(CustomerTurn turn, CustomerMessage message, CancellationToken cancellationToken)
    {
        var customer = turn.Customer;
        var open = await tickets.OpenOfAsync(customer.Id, cancellationToken);
        var held = customer.Awaiting == CustomerAwaiting.CommentTarget ? customer.PendingComment : null;
        var comment = Merge(held, message.Text, message.Attachments);
        switch (open.Count)
        {
            case 0:
                customer.StopAwaiting();
                turn.Reply(CustomerTexts.NoTicketsYet(turn.Lang));
                break;
            case 1:
                customer.StopAwaiting();
                await AddAsync(turn, open[0], comment, cancellationToken);
                break;
            default:
                customer.HoldComment(comment);
                turn.Reply(CustomerTicketTexts.WhichTicket(open, turn.Lang));
                break;
        }
    }

    public async Task<string?> HandleAsync(CustomerTurn turn, AttachCommentAction input, CancellationToken cancellationToken)
    {
        var held = turn.Customer.Awaiting == CustomerAwaiting.CommentTarget ? turn.Customer.PendingComment : null;
        if (held is null)
        {
            turn.Reply(CustomerTexts.StaleButton(turn.Lang));
            return CustomerTexts.StaleNotice(turn.Lang);
        }

        var ticket = await tickets.LoadOwnAsync(turn.Customer.Id, input.Number, cancellationToken);
        if (ticket is null || !ticket.IsOpen)
        {
            turn.Reply(CustomerTicketTexts.TicketNotFound($"#{input.Number}", turn.Lang));
            return null;
        }

        turn.Customer.TakeComment();
        await AddAsync(turn, ticket, held, cancellationToken);
        return CustomerTexts.AddedNotice(ticket.Number, turn.Lang);
    }

    private async Task AddAsync(CustomerTurn turn, Ticket ticket, PendingComment comment, CancellationToken cancellationToken)
    {
        // Stored on the ticket before it is relayed, in the same transaction.
        var answered = ticket.AddCustomerComment(comment.Text, comment.Attachments, turn.Now);
        await notify.RelayFromCustomerAsync(ticket, comment.Text, comment.Attachments, answered, cancellationToken);
        turn.Reply(CustomerTexts.CommentAdded(ticket.Number, turn.Lang));
    }

    private static PendingComment Merge(PendingComment? held, string? text, IReadOnlyList<AttachmentRef> attachments)
    {
        if (held is null)
        {
            return new PendingComment(text, attachments);
        }

        var joined = string.Join("\n", new[] { held.Text, text }.Where(t => !string.IsNullOrEmpty(t)));
        return new PendingComment(joined.Length == 0 ? null : joined, [.. held.Attachments, .. attachments]);
    }
}
