using ChatSupport.Bot.Persistence;

namespace ChatSupport.Bot.Outbox;

/// <summary>
/// What the outbox does not decide itself: whom a message that cannot be delivered concerns, and what follows — a
/// staff member's message is held until they open the bot, a customer's refusal is written on their tickets. Runs in
/// the outbox pass's unit of work (one per pass).
/// </summary>
public interface IDeliveryProblems
{
    /// <summary>True when the message was held (not sent) because its recipient is known to refuse it now.</summary>
    Task<bool> HoldIfUnreachableAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// The messenger refused the recipient (403). Sets the row's status (held or undeliverable); returns true when it
    /// wrote new messages (so the outbox should wake again).
    /// </summary>
    Task<bool> UndeliverableAsync(OutboxMessage message, string error, CancellationToken cancellationToken);
}
