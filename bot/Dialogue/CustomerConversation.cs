using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Dialogue;

/// <summary>
/// Everything a customer says in a private chat, routed: a button is read by <see cref="ButtonCodec"/>, a command
/// by <see cref="CustomerCommand.Parse"/>, anything else is a <see cref="CustomerMessage"/> — and each goes to its
/// one handler. Runs inside the update's transaction; replies go to the outbox of that transaction.
/// </summary>
public sealed class CustomerConversation(SupportDbContext db, OutboxWriter outbox, FileTransfer files, StaffDirectory staff, Privacy.PrivacyOptions privacy, IServiceProvider services, TimeProvider time)
{
    /// <summary>Handles one update; returns the notice for a pressed button, if any.</summary>
    public async Task<string?> HandleAsync(IncomingUpdate update, CancellationToken cancellationToken)
    {
        var customer = await FindOrCreateCustomerAsync(update, cancellationToken);
        var turn = new CustomerTurn(update, customer, time.GetCurrentInstant(), outbox);
        // A blocked customer's messages are kept and reach no one; they are told once where to object. /forget stays
        // theirs: erasure is a right, not a service.
        var forgetting = update.Command?.Name is "forget" or "cancel" || (update.Button is { } pressed && ButtonCodec.Decode(pressed.Data) is ForgetAction);
        if (customer.IsBlocked && !forgetting)
        {
            db.BlockedMessages.Add(BlockedMessage.Of(customer.Id, turn.Now, update));
            if (customer.TellBlockedOnce(turn.Now))
            {
                turn.Reply(BlockTexts.ToCustomer(privacy.ObjectionAddress, turn.Lang));
            }

            return update.Button is null ? null : BlockTexts.Notice(turn.Lang);
        }
        if (customer.PrivacyNoticeAt is null && privacy.PolicyUrl is { } policy)
        {
            // The first contact (or the first since the notice was configured): once, before anything else; its moment is the consent record.
            turn.Reply(PrivacyTexts.Notice(policy, turn.Lang));
            customer.PrivacyNoticeShown(turn.Now);
        }
        if (update.IsEdit)
        {
            turn.Reply(CustomerTexts.EditedIgnored(turn.Lang));
            return null;
        }

        if (update.Unsupported != UnsupportedContent.None)
        {
            turn.Reply(CustomerTexts.Unsupported(update.Unsupported, turn.Lang));
            return null;
        }

        if (update.Button is { } press)
        {
            return await OnButtonAsync(turn, ButtonCodec.Decode(press.Data), cancellationToken);
        }

        // Files go to engineers in the staff messenger; one too big to cross is refused here, with the reason.
        var (kept, tooLarge) = files.Split(update.Attachments, staff.Channel);
        foreach (var file in tooLarge)
        {
            turn.Reply(Texts.FileTooLarge(file, files.MaxBytes, turn.Lang));
        }

        if (tooLarge.Count > 0 && kept.Count == 0 && string.IsNullOrWhiteSpace(update.Text))
        {
            return null;
        }

        if (update.Command is { } command)
        {
            return await OnCommandAsync(turn, CustomerCommand.Parse(command), cancellationToken);
        }

        return await Run(turn, new CustomerMessage(update.Text, kept), cancellationToken);
    }

    private Task<string?> OnButtonAsync(CustomerTurn turn, ButtonAction? action, CancellationToken cancellationToken) => action switch
    {
        MenuAction { Item: MenuItem.NewRequest } => Run(turn, new CustomerCommand.NewRequest(), cancellationToken),
        MenuAction { Item: MenuItem.MyRequests } => Run(turn, new CustomerCommand.MyRequests(), cancellationToken),
        MenuAction => Run(turn, new CustomerCommand.Help(), cancellationToken),
        TicketsPageAction page => Run(turn, page, cancellationToken),
        ShowTicketAction show => Run(turn, show, cancellationToken),
        LanguageAction language => Run(turn, language, cancellationToken),
        AttachCommentAction attach => Run(turn, attach, cancellationToken),
        ConfirmAction confirm => Run(turn, confirm, cancellationToken),
        RateAction rate => Run(turn, rate, cancellationToken),
        ForgetAction forget => Run(turn, forget, cancellationToken),
        IncidentJoinAction join => Run(turn, join, cancellationToken),
        IntakeAction step => Run(turn, step, cancellationToken),
        { IsStaffOnly: true } => Refused(turn),
        _ => Stale(turn),
    };

    private Task<string?> OnCommandAsync(CustomerTurn turn, CustomerCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case CustomerCommand.Start start:
                return Run(turn, start, cancellationToken);
            case CustomerCommand.Help help:
                return Run(turn, help, cancellationToken);
            case CustomerCommand.NewRequest request:
                return Run(turn, request, cancellationToken);
            case CustomerCommand.MyRequests mine:
                return Run(turn, mine, cancellationToken);
            case CustomerCommand.ShowTicket show:
                return Run(turn, show, cancellationToken);
            case CustomerCommand.Cancel cancel:
                return Run(turn, cancel, cancellationToken);
            case CustomerCommand.ChooseLanguage language:
                return Run(turn, language, cancellationToken);
            case CustomerCommand.Profile profile:
                return Run(turn, profile, cancellationToken);
            case CustomerCommand.Forget forget:
                return Run(turn, forget, cancellationToken);
            case CustomerCommand.StaffOnly:
                turn.Reply(StaffTexts.RefusedForNonStaff(turn.Lang));
                return Task.FromResult<string?>(null);
            default:
                turn.Reply(CustomerTexts.UnknownCommand(((CustomerCommand.Unknown)command).Name, turn.Lang));
                return Task.FromResult<string?>(null);
        }
    }

    private Task<string?> Run<TInput>(CustomerTurn turn, TInput input, CancellationToken cancellationToken) =>
        services.GetRequiredService<ICustomerHandler<TInput>>().HandleAsync(turn, input, cancellationToken);

    private static Task<string?> Refused(CustomerTurn turn)
    {
        turn.Reply(StaffTexts.RefusedForNonStaff(turn.Lang));
        return Task.FromResult<string?>(StaffTexts.RefusedForNonStaff(turn.Lang));
    }

    private static Task<string?> Stale(CustomerTurn turn)
    {
        turn.Reply(CustomerTexts.StaleButton(turn.Lang));
        return Task.FromResult<string?>(CustomerTexts.StaleNotice(turn.Lang));
    }

    /// <summary>The customer behind the update; a new one is added to the unit of work (its id comes at the commit).</summary>
    private async Task<Customer> FindOrCreateCustomerAsync(IncomingUpdate update, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Channel == update.Channel && c.UserId == update.From.UserId, cancellationToken);
        if (customer is null)
        {
            customer = Customer.FirstSeen(update.Channel, update.From, update.ChatId);
            db.Customers.Add(customer);
        }
        else
        {
            customer.Seen(update.From, update.ChatId);
        }

        return customer;
    }
}
