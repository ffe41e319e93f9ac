using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Roster;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// /staff (managers): the team in the database — listed, added (by Telegram id, or as a reply to a message forwarded
/// from the person), removed (refused while they hold tickets, and for the last manager), a role changed. Each change is
/// audited and moves the staff version, so it holds on every replica from their next update on.
/// </summary>
public sealed class StaffAdminHandler(SupportDbContext db, StaffDirectory staff, DutyService duty)
    : IStaffHandler<StaffCommand.StaffList>, IStaffHandler<StaffCommand.StaffAdd>, IStaffHandler<StaffCommand.StaffRemove>, IStaffHandler<StaffCommand.StaffSetRole>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.StaffList input, CancellationToken cancellationToken)
    {
        var rows = await db.StaffMembers.AsNoTracking().ToListAsync(cancellationToken);
        turn.Say(StaffAdminTexts.List([.. rows.OrderBy(r => r.Role != StaffRole.Manager).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .Select(r => (new StaffMember(r.Name, r.Role, r.UserId, r.Language), r.Configured))], turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.StaffAdd input, CancellationToken cancellationToken)
    {
        var userId = input.UserId ?? turn.Update.ReplyToForwardedFrom;
        if (userId is null)
        {
            turn.Say(turn.Update.ReplyToMessageId is null ? StaffAdminTexts.Usage(turn.Lang) : StaffAdminTexts.NoForward(turn.Lang));
            return null;
        }

        var name = input.PersonName.Trim();
        if (name.Length is < 2 or > 100)
        {
            turn.Say(StaffAdminTexts.BadName(turn.Lang));
            return null;
        }

        if (await db.StaffMembers.FindAsync([userId], cancellationToken) is { } existing)
        {
            turn.Say(StaffAdminTexts.AlreadyThere(new StaffMember(existing.Name, existing.Role, existing.UserId), turn.Lang));
            return null;
        }

        var row = new StaffMemberRecord { UserId = userId, Name = name, Role = input.Role, Language = staff.GroupLanguage, AddedAt = turn.Now };
        db.StaffMembers.Add(row);
        await StaffStore.ChangedAsync(db, "added", row, turn.Staff.Name, turn.Staff.UserId, turn.Now, cancellationToken);
        turn.Say(StaffAdminTexts.Added(new StaffMember(name, input.Role, userId), turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.StaffRemove input, CancellationToken cancellationToken)
    {
        if (await FindAsync(turn, input.Who, cancellationToken) is not { } row)
        {
            return null;
        }

        var holds = await db.Tickets
            .Where(t => (Ticket.HeldStatuses.Contains(t.Status) && t.HolderId == row.UserId) || (Ticket.WaitingStatuses.Contains(t.Status) && t.AssigneeId == row.UserId))
            .OrderBy(t => t.Number).Select(t => t.Number).ToListAsync(cancellationToken);
        if (holds.Count > 0)
        {
            turn.Say(StaffAdminTexts.StillHolds(row.Name, row.UserId, holds, turn.Lang));
            return null;
        }

        if (row.Role == StaffRole.Manager && await db.StaffMembers.CountAsync(m => m.Role == StaffRole.Manager, cancellationToken) == 1)
        {
            turn.Say(StaffAdminTexts.LastManager(row.Name, turn.Lang));
            return null;
        }

        // What waited for their private chat (held until they open the bot) is theirs no more.
        await db.Outbox.Where(o => o.Channel == staff.Channel && o.ChatId == row.UserId && (o.Status == OutboxStatus.Held || o.Status == OutboxStatus.Pending))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxStatus.Rejected).SetProperty(o => o.LastError, "removed from the staff"), cancellationToken);
        db.StaffMembers.Remove(row);
        await StaffStore.ChangedAsync(db, "removed", row, turn.Staff.Name, turn.Staff.UserId, turn.Now, cancellationToken);
        turn.Say(StaffAdminTexts.Removed(row.Name, row.Configured, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.StaffSetRole input, CancellationToken cancellationToken)
    {
        if (await FindAsync(turn, input.Who, cancellationToken) is not { } row)
        {
            return null;
        }

        if (row.Role == input.Role)
        {
            turn.Say(StaffAdminTexts.SameRole(new StaffMember(row.Name, row.Role, row.UserId), turn.Lang));
            return null;
        }

        if (row.Role == StaffRole.Manager && await db.StaffMembers.CountAsync(m => m.Role == StaffRole.Manager, cancellationToken) == 1)
        {
            turn.Say(StaffAdminTexts.LastManager(row.Name, turn.Lang));
            return null;
        }

        row.Role = input.Role;
        await StaffStore.ChangedAsync(db, "role", row, turn.Staff.Name, turn.Staff.UserId, turn.Now, cancellationToken);
        turn.Say(StaffAdminTexts.RoleSet(new StaffMember(row.Name, row.Role, row.UserId), row.Configured, turn.Lang));
        return null;
    }

    /// <summary>By a name, a unique word of it, @username or Telegram id — as /duty swap and /assign find people.</summary>
    private async Task<StaffMemberRecord?> FindAsync(StaffTurn turn, string who, CancellationToken cancellationToken)
    {
        var member = StaffNames.Find(who, staff.All, await duty.UsernamesAsync(cancellationToken));
        var row = member is null ? null : await db.StaffMembers.FindAsync([member.UserId], cancellationToken);
        if (row is null)
        {
            turn.Say(StaffAdminTexts.NotFound(who, turn.Lang));
        }

        return row;
    }
}
