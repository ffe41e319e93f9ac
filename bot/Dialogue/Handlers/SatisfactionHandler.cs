using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>
/// The customer's satisfaction score (CSAT) for a closed ticket: a 1–5 button under the closing message (a digit in a
/// reply to the closing letter), kept once; their next message within ten minutes is its comment. A score of 1 or 2
/// reaches the managers' chat at once, and its comment after it.
/// </summary>
public sealed class SatisfactionHandler(TicketRepository tickets, TicketNotifier notify) : ICustomerHandler<RateAction>
{
    public async Task<string?> HandleAsync(CustomerTurn turn, RateAction input, CancellationToken cancellationToken)
    {
        var ticket = await tickets.LoadOwnAsync(turn.Customer.Id, input.Number, cancellationToken);
        if (ticket is null)
        {
            turn.Reply(CustomerTicketTexts.TicketNotFound($"#{input.Number}", turn.Lang));
            return CustomerTexts.StaleNotice(turn.Lang);
        }

        if (!Rate(turn.Customer, ticket, input.Score, turn.Now))
        {
            if (ticket.SatisfactionScore is { } score)
            {
                turn.Reply(CustomerTicketTexts.AlreadyRated(ticket.Number, score, turn.Lang));
                return CustomerTicketTexts.ScoreSavedNotice(score, turn.Lang);
            }

            turn.Reply(CustomerTexts.StaleButton(turn.Lang));
            return CustomerTexts.StaleNotice(turn.Lang);
        }

        // The invitation to comment only when the next message can be taken as one (no other ticket open to take it).
        var invite = turn.Customer.Awaiting == CustomerAwaiting.SatisfactionComment && (await tickets.OpenOfAsync(turn.Customer.Id, cancellationToken)).Count == 0;
        if (!invite)
        {
            turn.Customer.StopAwaiting();
        }

        turn.Reply(CustomerTicketTexts.ScoreSaved(ticket.Number, input.Score, invite, turn.Lang));
        return CustomerTicketTexts.ScoreSavedNotice(input.Score, turn.Lang);
    }

    /// <summary>Records a score (a button, or a digit in a letter); a low one goes to the managers. False when not taken.</summary>
    public bool Rate(Customer customer, Ticket ticket, int score, NodaTime.Instant now)
    {
        if (!ticket.Rate(score, now))
        {
            return false;
        }

        customer.AwaitSatisfactionComment(ticket.Number, now + Ticket.SatisfactionCommentWindow);
        if (ticket.HasLowScore)
        {
            notify.ToManagers(l => StaffTexts.LowScore(ticket, l));
        }

        return true;
    }

    /// <summary>The customer's message right after their score: kept as its comment. False when it is not one (too late, already commented).</summary>
    public async Task<bool> CommentAsync(CustomerTurn turn, int number, string? text, CancellationToken cancellationToken)
    {
        turn.Customer.StopAwaiting();
        // With a ticket still open the message may be about it (an answer the engineer waits for): it goes there instead.
        if ((await tickets.OpenOfAsync(turn.Customer.Id, cancellationToken)).Count > 0)
        {
            return false;
        }

        var ticket = await tickets.LoadOwnAsync(turn.Customer.Id, number, cancellationToken);
        if (ticket is null || !ticket.CommentSatisfaction(text, turn.Now))
        {
            return false;
        }

        if (ticket.HasLowScore)
        {
            notify.ToManagers(l => StaffTexts.LowScoreComment(ticket, l));
        }

        turn.Reply(CustomerTicketTexts.ScoreCommentSaved(ticket.HasLowScore, turn.Lang));
        return true;
    }
}
