using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Roster;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// /duty (who is on duty now and next), /duty on and /duty off (an engineer starts or ends a shift by hand), /duty swap
/// (a manager gives one engineer's shifts of today to another). Changes are rows in the update's transaction; the duty
/// chat hears of them at the next handover check, within a minute.
/// </summary>
public sealed class DutyHandler(SupportDbContext db, DutyService duty, StaffDirectory staff, TicketNotifier notify, SlaSetup sla)
    : IStaffHandler<StaffCommand.DutyShow>, IStaffHandler<StaffCommand.DutyToggle>, IStaffHandler<StaffCommand.DutySwap>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.DutyShow input, CancellationToken cancellationToken)
    {
        var now = duty.Roster.At(turn.Now, await duty.ChangesAsync(turn.Now, cancellationToken));
        turn.Say(DutyTexts.Board(now, duty.Roster.IsConfigured, Name, sla.Format, turn.Staff.IsManager, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.DutyToggle input, CancellationToken cancellationToken)
    {
        var changes = await duty.ChangesAsync(turn.Now, cancellationToken);
        var me = turn.Staff.UserId;
        var current = duty.Roster.At(turn.Now, changes).OnDuty.Where(o => o.EngineerId == me).Select(o => (Instant?)(o.Until ?? Instant.MaxValue)).FirstOrDefault();
        if (input.On)
        {
            if (current is { } on)
            {
                turn.Say(DutyTexts.AlreadyOn(on == Instant.MaxValue ? null : on, sla.Format, turn.Lang));
                return null;
            }

            var until = duty.Roster.ManualStartUntil(me, turn.Now, changes);
            duty.Record(new DutyChange(DutyChangeKind.On, me, turn.Now, until), turn.Staff, turn.Now);
            turn.Say(DutyTexts.Started(until, sla.Format, turn.Lang));
            return null;
        }

        if (duty.Roster.ManualEndUntil(me, turn.Now, changes) is not { } end)
        {
            turn.Say(DutyTexts.NotOn(turn.Lang));
            return null;
        }

        duty.Record(new DutyChange(DutyChangeKind.Off, me, turn.Now, end), turn.Staff, turn.Now);
        var holding = await db.Tickets.CountAsync(t => t.HolderId == me && Ticket.HeldStatuses.Contains(t.Status), cancellationToken);
        turn.Say(DutyTexts.Ended(holding, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.DutySwap input, CancellationToken cancellationToken)
    {
        if (StaffNames.FindPair(input.People, staff.All, await duty.UsernamesAsync(cancellationToken)) is not var (from, to))
        {
            turn.Say(DutyTexts.WhoToSwap(turn.Lang));
            return null;
        }

        // Today's: the shift on now (a night that began yesterday included) and those still to begin today.
        var zone = duty.Roster.Zone;
        var today = turn.Now.InZone(zone).Date;
        var end = zone.AtStartOfDay(today.PlusDays(1)).ToInstant();
        var changes = await duty.ChangesAsync(turn.Now, cancellationToken);
        var shifts = duty.Roster.Shifts(turn.Now, end, changes).Where(s => s.EngineerId == from.UserId && s.End > turn.Now).OrderBy(s => s.Start).ToList();
        if (shifts.Count == 0)
        {
            turn.Say(DutyTexts.NothingToSwap(from.Name, today, sla.Format, turn.Lang));
            return null;
        }

        foreach (var day in shifts.GroupBy(s => s.Date))
        {
            duty.Record(new DutyChange(DutyChangeKind.Swap, from.UserId, zone.AtStartOfDay(day.Key).ToInstant(), day.Max(s => s.End)) { OtherId = to.UserId, Date = day.Key }, turn.Staff, turn.Now);
        }

        // The same line for the manager, the duty chat and both people, each in their language.
        string Told(Language lang) => DutyTexts.Swapped(from.Name, to.Name, today, shifts, sla.Format, turn.Staff.Name, lang);
        turn.Say(Told(turn.Lang));
        if (turn.Update.Chat != staff.Duty)
        {
            notify.ToDuty(l => Domain.Channels.Reply.Plain(Told(l)));
        }

        notify.ToPerson(from.UserId, Told);
        notify.ToPerson(to.UserId, Told);
        return null;
    }

    private string Name(string userId) => staff.Find(staff.Channel, userId)?.Name ?? userId;
}
