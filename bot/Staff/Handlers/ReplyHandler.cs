using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>A message in the staff member's private chat that is no command: maybe a reply to a relayed customer message.</summary>
public sealed record RelayedReply(string? RepliedToMessageId, string? Text);

/// <summary>A message in a ticket's forum topic that is no command: to the customer from the holder, else an internal note.</summary>
public sealed record TopicMessage(int Number, string? RepliedToMessageId, string? Text);

/// <summary>
/// An engineer answers the customer — /reply N text (photos and documents with the caption /reply N), or a Telegram
/// reply to a relayed customer message — and writes internal notes (/note N). Stored on the ticket before it is sent.
/// </summary>
public sealed class ReplyHandler(SupportDbContext db, TicketRepository tickets, TicketNotifier notify, FileTransfer transfer)
    : IStaffHandler<StaffCommand.Reply>, IStaffHandler<RelayedReply>, IStaffHandler<StaffCommand.Note>, IStaffHandler<TopicMessage>
{
    /// <summary>
    /// In a ticket's topic the holder talks to the customer (a plain message, or a reply to a relayed one); a manager's reply
    /// to a relayed message reaches the customer too; everyone else's words are internal notes, and are told so.
    /// </summary>
    public async Task<string?> HandleAsync(StaffTurn turn, TopicMessage input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadOrSayAsync(turn, input.Number, cancellationToken) is not { } ticket)
        {
            return null;
        }

        var toCustomer = ticket.IsHeld && (ticket.IsHeldBy(turn.Staff)
            || (turn.Staff.IsManager && input.RepliedToMessageId is { } replied && await RelayedTicketAsync(turn, replied, cancellationToken) == ticket.Number));
        if (toCustomer)
        {
            await ReplyAsync(turn, ticket, input.Text, cancellationToken);
            return null;
        }

        var files = turn.Update.Attachments.Count;
        var text = string.IsNullOrWhiteSpace(input.Text) ? StaffTexts.FilesInTopic(files, turn.Lang) : input.Text;
        // Said once per person and ticket: the duty chat's lane is shared with cards and pings (Telegram's group limit).
        var told = ticket.Events.Any(e => e.Kind == TicketEventKind.Note && e.ActorId == turn.Staff.UserId);
        ticket.AddNote(turn.Staff, text, turn.Now);
        if (!told)
        {
            turn.Say(StaffTexts.TopicNote(ticket, turn.Lang));
        }

        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Reply input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadOrSayAsync(turn, input.Number, cancellationToken) is { } ticket)
        {
            await ReplyAsync(turn, ticket, input.Text, cancellationToken);
        }

        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, RelayedReply input, CancellationToken cancellationToken)
    {
        var number = input.RepliedToMessageId is { } replyTo ? await RelayedTicketAsync(turn, replyTo, cancellationToken) : null;
        if (number is null)
        {
            turn.Say(StaffTexts.HowToAnswer(turn.Lang));
            return null;
        }

        if (await tickets.LoadOrSayAsync(turn, number.Value, cancellationToken) is { } ticket)
        {
            await ReplyAsync(turn, ticket, input.Text, cancellationToken);
        }

        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Note input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadOrSayAsync(turn, input.Number, cancellationToken) is { } ticket)
        {
            ticket.AddNote(turn.Staff, input.Text, turn.Now);
            turn.Say(StaffTexts.NoteAdded(ticket.Number, turn.Lang));
        }

        return null;
    }

    /// <summary>The ticket behind a relayed message in this chat (remembered under <see cref="TicketNotifier.RelayKeyPrefix"/>).</summary>
    private async Task<int?> RelayedTicketAsync(StaffTurn turn, string messageId, CancellationToken cancellationToken)
    {
        var update = turn.Update;
        var relayed = await db.TrackedMessages.FirstOrDefaultAsync(
            m => m.Channel == update.Channel && m.ChatId == update.ChatId && m.MessageId == messageId && m.Key.StartsWith(TicketNotifier.RelayKeyStart), cancellationToken);
        return relayed is null ? null : TicketNotifier.RelayedTicket(relayed.Key);
    }

    private async Task ReplyAsync(StaffTurn turn, Ticket ticket, string? text, CancellationToken cancellationToken)
    {
        // Files stay in the staff messenger by reference; one too big to reach the customer's messenger is refused here.
        var (files, tooLarge) = transfer.Split(turn.Update.Attachments, ticket.Customer.Channel);
        foreach (var file in tooLarge)
        {
            turn.Say(Texts.FileTooLarge(file, transfer.MaxBytes, turn.Lang));
        }

        if (files.Count == 0 && string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        ticket.AddEngineerReply(turn.Staff, text, files, turn.Now);
        await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.EngineerSays(turn.Staff.Name, ticket.Number, text, l), files, cancellationToken);
        // In progress, what was sent may be a question: one button puts the ticket in «ждёт ответа клиента».
        turn.Say(ticket.Status == TicketStatus.InProgress ? StaffTexts.SentToCustomerWithWait(ticket.Number, turn.Lang) : Reply.Plain(StaffTexts.SentToCustomer(ticket.Number, turn.Lang)));
    }
}
