using ChatSupport.Bot.Outbox;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Bot.Dialogue;

/// <summary>One customer update's context: who, when, in which language, and where replies go (the update's outbox).</summary>
public sealed record CustomerTurn(IncomingUpdate Update, Customer Customer, Instant Now, OutboxWriter Outbox)
{
    public Language Lang => Customer.Language;

    public void Reply(Reply reply) => Outbox.Send(new OutgoingMessage(Update.Chat, reply.Text) { Buttons = reply.Buttons, Language = Lang });

    public void Reply(string text) => Reply(Domain.Channels.Reply.Plain(text));
}

/// <summary>
/// What a customer typed or pressed, parsed into a record, handled by exactly one handler inside the update's
/// transaction; returns the notice for a pressed button (null: none).
/// </summary>
public interface ICustomerHandler<in TInput>
{
    Task<string?> HandleAsync(CustomerTurn turn, TInput input, CancellationToken cancellationToken);
}

/// <summary>A message (text and files) the customer sent that is no command.</summary>
public sealed record CustomerMessage(string? Text, IReadOnlyList<AttachmentRef> Attachments);
