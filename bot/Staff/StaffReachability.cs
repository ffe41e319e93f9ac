using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// Staff members' private chats the messenger refuses — Telegram will not let a bot write first to someone who
/// never opened it («bot can't initiate conversation with a user»), nor to someone who blocked it. What the bot
/// has for them is held, not lost: the duty chat asks them (by mention, at most once an hour) to open the bot with
/// a link, and the moment they write to it the held messages go out in their order. Runs in the caller's unit of work.
/// </summary>
public sealed class StaffReachability(SupportDbContext db, OutboxWriter outbox, StaffDirectory staff, BotIdentity identity, TimeProvider time)
{
    /// <summary>How often the duty chat may be asked about the same person.</summary>
    public static readonly Duration NoticeEvery = Duration.FromHours(1);

    /// <summary>The deep link's payload: <c>/start staff</c> tells the bot a staff member opened it on purpose.</summary>
    public const string StartPayload = "staff";

    /// <summary>The staff member whose private chat an outbox row goes to, if it does.</summary>
    public StaffMember? OwnerOf(OutboxMessage message) =>
        message.Channel == staff.Channel && !staff.IsStaffChat(new ChatAddress(message.Channel, message.ChatId)) ? staff.Find(message.Channel, message.ChatId) : null;

    /// <summary>User ids of the staff whose private chats are known to be refused now.</summary>
    public async Task<HashSet<string>> UnreachableAsync(CancellationToken cancellationToken) =>
        [.. await db.StaffChats.Where(c => c.Channel == staff.Channel && c.UnreachableSince != null).Select(c => c.UserId).ToListAsync(cancellationToken)];

    public async Task<bool> IsUnreachableAsync(StaffMember member, CancellationToken cancellationToken) =>
        await db.StaffChats.AnyAsync(c => c.Channel == staff.Channel && c.UserId == member.UserId && c.UnreachableSince != null, cancellationToken);

    /// <summary>
    /// Keeps a message the staff member cannot get now (<paramref name="error"/>: the messenger's refusal, when it
    /// just came). Returns true when the duty chat was asked to tell them (a new outbox row).
    /// </summary>
    public async Task<bool> HoldAsync(OutboxMessage message, StaffMember member, string? error, CancellationToken cancellationToken)
    {
        var now = time.GetCurrentInstant();
        message.Status = OutboxStatus.Held;
        var chat = await db.StaffChats.FindAsync([staff.Channel, member.UserId], cancellationToken);
        if (chat is null)
        {
            chat = new StaffChat { Channel = staff.Channel, UserId = member.UserId };
            db.StaffChats.Add(chat);
        }

        chat.UnreachableSince ??= now;
        chat.LastError = error ?? chat.LastError;
        if (staff.Duty is not { } duty || chat.LastDutyNoticeAt is { } last && now - last < NoticeEvery)
        {
            return false;
        }

        // The row in hand is still Pending in the database: it is one of the held.
        var held = await db.Outbox.CountAsync(o => o.Channel == staff.Channel && o.ChatId == member.UserId && o.Status == OutboxStatus.Held && o.Id != message.Id, cancellationToken) + 1;
        outbox.Send(new OutgoingMessage(duty, StaffTexts.OpenPrivateChat(member.Name, identity.StartLink(staff.Channel, StartPayload), held))
        {
            Mentions = [new Mention(member.UserId, member.Name)],
        });
        chat.LastDutyNoticeAt = now;
        return true;
    }

    /// <summary>The staff member wrote to the bot in private: their chat works; what was held goes out, in order. Returns how many.</summary>
    public async Task<int> HeardFromAsync(StaffMember member, CancellationToken cancellationToken)
    {
        var chat = await db.StaffChats.FindAsync([staff.Channel, member.UserId], cancellationToken);
        if (chat?.UnreachableSince is null)
        {
            return 0;
        }

        chat.UnreachableSince = null;
        chat.LastDutyNoticeAt = null;
        var now = time.GetCurrentInstant();
        return await db.Outbox
            .Where(o => o.Channel == staff.Channel && o.ChatId == member.UserId && o.Status == OutboxStatus.Held)
            .ExecuteUpdateAsync(o => o.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.NextAttemptAt, now), cancellationToken);
    }

    /// <summary>Staff whose private chats are refused, with since when (for start-up and the health check).</summary>
    public async Task<IReadOnlyList<(StaffMember Member, Instant Since)>> ListUnreachableAsync(CancellationToken cancellationToken) =>
        [.. (await db.StaffChats.Where(c => c.Channel == staff.Channel && c.UnreachableSince != null).ToListAsync(cancellationToken))
            .Select(c => (Member: staff.Find(staff.Channel, c.UserId), Since: c.UnreachableSince!.Value))
            .Where(c => c.Member is not null)
            .Select(c => (c.Member!, c.Since))];
}
