using ChatSupport.Bot.Outbox;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Bot.Staff;

/// <summary>One staff update's context: who, where, when, in which language, and where replies go.</summary>
public sealed record StaffTurn(IncomingUpdate Update, StaffMember Staff, Language Lang, Instant Now, OutboxWriter Outbox, StaffDirectory Directory)
{
    /// <summary>Written in a ticket's forum topic in the duty chat: that ticket (answers go back into the topic).</summary>
    public int? Topic { get; init; }

    /// <summary>Typed or pressed in the duty (or managers') chat rather than the private chat with the bot.</summary>
    public bool InGroup => Update.ChatKind != ChatKind.Private;

    /// <summary>The staff member's private chat with the bot: the ticket's line for whoever holds it.</summary>
    public ChatAddress PrivateChat => Directory.PrivateChat(Staff);

    /// <summary>Answers where the update came from.</summary>
    public void Say(Reply reply) => Outbox.Send(new OutgoingMessage(Update.Chat, reply.Text) { Buttons = reply.Buttons, Language = Lang, Topic = Topic });

    public void Say(string text) => Say(Reply.Plain(text));

    /// <summary>To the staff member's private chat, wherever they typed.</summary>
    public void SayPrivately(string text) => Outbox.Send(new OutgoingMessage(PrivateChat, text) { Language = Lang });
}

/// <summary>
/// A staff command or button, parsed into a record, handled by exactly one handler inside the update's transaction;
/// returns the notice for a pressed button (null: none). A ticket's refusal is thrown as a TicketActionException.
/// </summary>
public interface IStaffHandler<in TInput>
{
    Task<string?> HandleAsync(StaffTurn turn, TInput input, CancellationToken cancellationToken);
}
