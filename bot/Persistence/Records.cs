using Microsoft.EntityFrameworkCore;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using NodaTime;

namespace ChatSupport.Bot.Persistence;

public enum DialogueStatus
{
    Active,
    Registered,
    Cancelled,
    Dropped,
}

/// <summary>One intake dialogue as stored: its state machine's state and step, and what was gathered (JSON).</summary>
public sealed class DialogueRecord
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    /// <summary>The customer, so a dialogue started in a new customer's first update is saved with them.</summary>
    public Domain.Tickets.Customer? Customer { get; set; }

    public DialogueStatus Status { get; set; }

    public IntakeState State { get; set; }

    public int Seq { get; set; }

    public required string Data { get; set; }

    /// <summary>Received: the first message of the dialogue.</summary>
    public Instant StartedAt { get; set; }

    public Instant LastActivityAt { get; set; }

    public bool HasDescription { get; set; }

    public int? TicketNumber { get; set; }

    /// <summary>Moved on by every change: of two writers that read the same dialogue (the sweep job and the customer's update), the second is refused and reads it again.</summary>
    public int Version { get; set; }
}

/// <summary>An update already handled, recorded in the same transaction as what it changed.</summary>
public sealed class ProcessedUpdate
{
    public ChannelKind Channel { get; set; }

    public required string UpdateKey { get; set; }

    public Instant ProcessedAt { get; set; }
}

/// <summary>Named counters (ticket numbers): incremented inside the writing transaction, never reused.</summary>
public sealed class Counter
{
    public const string TicketNumber = "ticket-number";

    public required string Name { get; set; }

    public long Value { get; set; }

    /// <summary>Moves the counter on by one in the database (the row stays locked until the transaction ends) and returns the new value.</summary>
    public static async Task<long> NextAsync(SupportDbContext db, string name, CancellationToken cancellationToken)
    {
        var values = await db.Database.SqlQuery<long>(
            $"""UPDATE "Counters" SET "Value" = "Value" + 1 WHERE "Name" = {name} RETURNING "Value" """).ToListAsync(cancellationToken);
        return values.Count == 1 ? values[0] : throw new InvalidOperationException($"The counter «{name}» is missing from the database.");
    }

    /// <summary>
    /// Creates the counter with <paramref name="initial"/> unless it exists — safe when two replicas start at once
    /// (the loser's insert does nothing) — and returns it, tracked.
    /// </summary>
    public static async Task<Counter> EnsureAsync(SupportDbContext db, string name, long initial, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Counters" ("Name", "Value") VALUES ({name}, {initial}) ON CONFLICT ("Name") DO NOTHING""", cancellationToken);
        return await db.Counters.SingleAsync(c => c.Name == name, cancellationToken);
    }
}

public enum OutboxKind
{
    /// <summary>sendMessage (and files by reference).</summary>
    Send,

    /// <summary>Edit a message sent earlier (tracked by key).</summary>
    Edit,

    /// <summary>Create, rename, close or reopen a ticket's forum topic in the duty chat (its id tracked as «topic:N»).</summary>
    Topic,
}

public enum OutboxStatus
{
    Pending,
    Sent,

    /// <summary>The recipient cannot be reached (blocked the bot, left the chat).</summary>
    Undeliverable,

    /// <summary>The messenger refused the message itself (it will never be accepted as it is).</summary>
    Rejected,

    /// <summary>
    /// For a staff member whose private chat the messenger refuses (they never started the bot, or blocked it):
    /// kept, and sent in order as soon as they write to the bot.
    /// </summary>
    Held,

    /// <summary>An edit of a card that a newer pending edit of the same card replaces: never sent (the newer one carries the whole state).</summary>
    Superseded,
}

/// <summary>An outgoing message, written in the same transaction as the change that caused it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public ChannelKind Channel { get; set; }

    public required string ChatId { get; set; }

    public OutboxKind Kind { get; set; }

    /// <summary>The message as JSON (text, buttons, attachments).</summary>
    public required string Payload { get; set; }

    /// <summary>For <see cref="OutboxKind.Send"/>: remember the sent message id under this key; for Edit: the key of the message to edit.</summary>
    public string? TrackKey { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant NextAttemptAt { get; set; }

    public Instant? SentAt { get; set; }

    public string? SentMessageId { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// PostgreSQL (several replicas): the replica sending it now, until <see cref="ClaimedUntil"/>. Another replica
    /// leaves the chat alone meanwhile; a dead replica's claim lapses and the message goes again.
    /// </summary>
    public string? ClaimedBy { get; set; }

    public Instant? ClaimedUntil { get; set; }

    /// <summary>How many messages wait to be sent, and when the oldest of them was written (for /health and /metrics).</summary>
    public static async Task<(long Pending, Instant? Oldest)> BacklogAsync(SupportDbContext db, CancellationToken cancellationToken)
    {
        var pending = await db.Outbox.LongCountAsync(o => o.Status == OutboxStatus.Pending, cancellationToken);
        var oldest = await db.Outbox.Where(o => o.Status == OutboxStatus.Pending).OrderBy(o => o.Id).Select(o => (Instant?)o.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return (pending, oldest);
    }
}

/// <summary>
/// A sending limit shared by the replicas (PostgreSQL): the earliest moment (database clock, UTC ticks) the next message
/// may go — per chat (<see cref="Key"/> = the chat id), or for the whole messenger (<see cref="Key"/> = <c>*</c>, a
/// token bucket kept as its theoretical arrival time).
/// </summary>
public sealed class SendSlot
{
    public const string AllChats = "*";

    public ChannelKind Channel { get; set; }

    public required string Key { get; set; }

    public long NextAt { get; set; }
}

/// <summary>
/// What a messenger was told once per deployment (not once per replica and start), kept so every replica can see it:
/// e.g. the webhook registered with Telegram, as a hash of its URL, secret and settings (never the secret itself).
/// </summary>
public sealed class ChannelState
{
    public const string Webhook = "webhook";

    public ChannelKind Channel { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}

/// <summary>Flood control shared by the replicas (PostgreSQL): one user's message budget as a token bucket's theoretical arrival time.</summary>
public sealed class FloodMark
{
    public ChannelKind Channel { get; set; }

    public required string UserId { get; set; }

    public long NextAt { get; set; }

    /// <summary>Told once that they write too fast; cleared when a message is let through again.</summary>
    public bool Warned { get; set; }
}

/// <summary>
/// A staff member's private chat with the bot, once the messenger refused it: since when, and when the duty chat
/// was last asked to tell them to open the bot. A row with no <see cref="UnreachableSince"/> is a chat that works again.
/// </summary>
public sealed class StaffChat
{
    public ChannelKind Channel { get; set; }

    public required string UserId { get; set; }

    public Instant? UnreachableSince { get; set; }

    public Instant? LastDutyNoticeAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>A sent message remembered by key (e.g. a ticket's card), so it can be edited later.</summary>
public sealed class TrackedMessage
{
    public required string Key { get; set; }

    public ChannelKind Channel { get; set; }

    public required string ChatId { get; set; }

    public required string MessageId { get; set; }
}

/// <summary>"Re-plan this ticket's escalation pings": written in the change's transaction, applied to Quartz after it commits.</summary>
public sealed class ScheduleRequest
{
    public long Id { get; set; }

    public int TicketNumber { get; set; }

    public Instant RequestedAt { get; set; }
}

/// <summary>An escalation ping that was sent: one row per ticket, reaction window, step and repeat — never twice.</summary>
public sealed class EscalationSent
{
    public int TicketNumber { get; set; }

    public int Window { get; set; }

    public required string Step { get; set; }

    public Instant SentAt { get; set; }

    /// <summary>How late it fired against its schedule (after downtime).</summary>
    public Duration Lateness { get; set; }
}

/// <summary>A ticket's mail thread (the e-mail channel): the topic its letters carry after <c>[#N]</c>.</summary>
public sealed class MailThread
{
    public int TicketNumber { get; set; }

    public required string Topic { get; set; }
}

/// <summary>
/// A letter of a ticket's thread, by its Message-ID: the customer's (so a reply to it finds the ticket, and our letters
/// answer it) and ours (a reply to one of them finds the ticket too).
/// </summary>
public sealed class MailLetter
{
    public const int MaxIdLength = 500;

    public required string MessageId { get; set; }

    public int TicketNumber { get; set; }

    /// <summary>The customer's address (theirs for a letter from them, the recipient's for ours).</summary>
    public required string Address { get; set; }

    public Instant At { get; set; }

    public bool Outgoing { get; set; }
}

/// <summary>An automatic letter (an acknowledgement) to an address: at most <c>Mail:AutoRepliesPerAddressPerHour</c> an hour.</summary>
public sealed class MailAutoReply
{
    public long Id { get; set; }

    public required string Address { get; set; }

    public Instant At { get; set; }
}

/// <summary>A change to the duty roster made from the chat (/duty on, /duty off, /duty swap), and who made it.</summary>
public sealed class DutyChangeRecord
{
    public long Id { get; set; }

    public Domain.Roster.DutyChangeKind Kind { get; set; }

    public required string EngineerId { get; set; }

    /// <summary>Swap: who takes the shifts.</summary>
    public string? OtherId { get; set; }

    /// <summary>Swap: the local date whose shifts move.</summary>
    public LocalDate? Date { get; set; }

    public Instant From { get; set; }

    public Instant Until { get; set; }

    public required string ByName { get; set; }

    public Instant At { get; set; }

    public Domain.Roster.DutyChange ToChange() => new(Kind, EngineerId, From, Until) { OtherId = OtherId, Date = Date };
}

/// <summary>Who was on duty from a moment on, as the duty chat was told at the handover (the newest row is the present).</summary>
public sealed class DutyHandover
{
    public long Id { get; set; }

    public Instant At { get; set; }

    /// <summary>The engineers' user ids, sorted, comma-separated.</summary>
    public required string OnDuty { get; set; }
}

/// <summary>A staff member's messenger username as last seen on their messages, so commands may name them by @username.</summary>
public sealed class StaffUsername
{
    public ChannelKind Channel { get; set; }

    public required string UserId { get; set; }

    public required string Username { get; set; }
}

/// <summary>
/// A ticket's forum topic in the duty chat as last asked for: its name and whether it is closed, written in the ticket's
/// transaction so each change renames (or closes) it once. Its Telegram id is tracked as «topic:N» once created.
/// </summary>
public sealed class TicketTopic
{
    public int Number { get; set; }

    public required string Name { get; set; }

    public bool Closed { get; set; }
}

/// <summary>A message from a blocked customer: kept (for the record, and an objection), never relayed.</summary>
public sealed class BlockedMessage
{
    public long Id { get; set; }

    public long CustomerId { get; set; }

    public Instant At { get; set; }

    public string? Text { get; set; }

    /// <summary>The files that came with it (JSON), as references.</summary>
    public required string Attachments { get; set; }

    /// <summary>The update as kept: its text and its files' references.</summary>
    public static BlockedMessage Of(long customerId, Instant at, IncomingUpdate update) => new()
    {
        CustomerId = customerId,
        At = at,
        Text = update.Text,
        Attachments = System.Text.Json.JsonSerializer.Serialize(update.Attachments, SupportDbContext.Json),
    };
}

/// <summary>A staff member as the desk knows them now (managed with /staff; <c>Support:Staff</c> seeds and wins).</summary>
public sealed class StaffMemberRecord
{
    /// <summary>Their Telegram user id.</summary>
    public required string UserId { get; set; }

    public required string Name { get; set; }

    public Domain.Tickets.StaffRole Role { get; set; }

    public Domain.Localization.Language Language { get; set; }

    /// <summary>Named in <c>Support:Staff</c>: configuration wins for them at every start.</summary>
    public bool Configured { get; set; }

    public Instant AddedAt { get; set; }
}

/// <summary>One change of the staff list, for the record: who did what to whom, when. Append-only.</summary>
public sealed class StaffChangeRecord
{
    public long Id { get; set; }

    public Instant At { get; set; }

    /// <summary>The manager (or «configuration» at start).</summary>
    public required string ByName { get; set; }

    public string? ById { get; set; }

    /// <summary>added, removed, role, renamed (configuration).</summary>
    public required string Action { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    public Domain.Tickets.StaffRole Role { get; set; }
}
