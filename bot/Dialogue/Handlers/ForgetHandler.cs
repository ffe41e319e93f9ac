using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Privacy;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Dialogue.Handlers;

/// <summary>
/// <c>/forget</c>: the customer's personal data erased (152-ФЗ) after one confirming button — refused, with the reason,
/// while a ticket of theirs is open or a request is being written (checked again when the button is pressed).
/// </summary>
public sealed class ForgetHandler(SupportDbContext db, PersonalDataEraser eraser)
    : ICustomerHandler<CustomerCommand.Forget>, ICustomerHandler<ForgetAction>
{
    public async Task<string?> HandleAsync(CustomerTurn turn, CustomerCommand.Forget input, CancellationToken cancellationToken)
    {
        var customer = turn.Customer;
        var open = customer.Id == 0 ? [] : await db.Tickets.Where(t => t.CustomerId == customer.Id && t.Status != TicketStatus.Closed)
            .OrderBy(t => t.Number).Select(t => t.Number).ToListAsync(cancellationToken);
        var writing = customer.Id != 0 && await db.Dialogues.AnyAsync(d => d.CustomerId == customer.Id && d.Status == DialogueStatus.Active, cancellationToken);
        if (open.Count > 0 || writing)
        {
            turn.Reply(PrivacyTexts.Refused(open, writing, turn.Lang));
            return null;
        }

        var closed = customer.Id == 0 ? 0 : await db.Tickets.CountAsync(t => t.CustomerId == customer.Id, cancellationToken);
        turn.Reply(PrivacyTexts.Ask(closed, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(CustomerTurn turn, ForgetAction input, CancellationToken cancellationToken)
    {
        if (!input.Erase)
        {
            turn.Reply(PrivacyTexts.Kept(turn.Lang));
            return PrivacyTexts.KeptNotice(turn.Lang);
        }

        switch (await eraser.EraseCustomerAsync(turn.Customer, ErasureReason.CustomerRequest, cancellationToken))
        {
            case ErasureOutcome.Refused refused:
                turn.Reply(PrivacyTexts.Refused(refused.OpenTickets, refused.DialogueActive, turn.Lang));
                return PrivacyTexts.RefusedNotice(turn.Lang);
            case ErasureOutcome.Done done:
                turn.Reply(PrivacyTexts.Done(done.Tickets, turn.Lang));
                return PrivacyTexts.DoneNotice(turn.Lang);
            default:
                return null;
        }
    }
}
