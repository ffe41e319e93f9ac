using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Roster;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// /assign N [engineer] and its buttons, /reassign from to (managers). A waiting ticket is assigned and stays waiting:
/// the assignee gets it with «Беру», and the reaction is recorded when they press it (the regulation's reaction is an
/// engineer taking it into work), the pings going on until then. A held ticket passes at once; the previous holder, the
/// new one and the customer are told. Each change is a history line.
/// </summary>
public sealed class AssignHandler(SupportDbContext db, TicketRepository tickets, TicketNotifier notify, DutyService duty, StaffDirectory staff, SlaSetup sla)
    : IStaffHandler<StaffCommand.Assign>, IStaffHandler<AssignAction>, IStaffHandler<StaffCommand.Reassign>, IStaffHandler<DeclineAssignmentAction>
{
    /// <summary>«Не могу взять»: the assignment ends, the ticket waits for anyone (its pings never stopped); the duty chat and the managers hear it.</summary>
    public async Task<string?> HandleAsync(StaffTurn turn, DeclineAssignmentAction input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadAsync(input.Number, cancellationToken) is not { } ticket)
        {
            return CustomerTexts.StaleNotice(turn.Lang);
        }

        if (!ticket.DeclineAssignment(turn.Staff, turn.Now))
        {
            var nothing = AssignTexts.NotAssignedToYou(ticket.Number, turn.Lang);
            turn.Say(nothing);
            return Texts.Preview(nothing, 190);
        }

        await notify.RefreshCardAsync(ticket, cancellationToken);
        Func<Language, Domain.Channels.Reply> declined = l => Domain.Channels.Reply.Plain(AssignTexts.DeclinedToStaff(ticket.Number, turn.Staff.Name, l));
        notify.ToDuty(declined, ticket.Number);
        notify.ToManagers(declined);
        var told = AssignTexts.Declined(ticket.Number, turn.Lang);
        turn.Say(told);
        return Texts.Preview(told, 190);
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Assign input, CancellationToken cancellationToken)
    {
        if (await tickets.LoadOrSayAsync(turn, input.Number, cancellationToken) is not { } ticket)
        {
            return null;
        }

        if (input.Engineer is null)
        {
            var onDuty = (await duty.OnDutyAsync(cancellationToken)).Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
            var engineers = staff.All.Select(m => (Member: m, OnDuty: onDuty.Contains(m.UserId))).OrderByDescending(e => e.OnDuty).ThenBy(e => e.Member.IsManager).ThenBy(e => e.Member.Name, StringComparer.CurrentCulture).Take(20).ToList();
            turn.Say(AssignTexts.Choose(ticket.Number, engineers, turn.Lang));
            return null;
        }

        if (StaffNames.Find(input.Engineer, staff.All, await duty.UsernamesAsync(cancellationToken)) is not { } assignee)
        {
            turn.Say(AssignTexts.WhoToAssign(ticket.Number, turn.Lang));
            return null;
        }

        turn.Say(await AssignAsync(turn, ticket, assignee, cancellationToken));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, AssignAction input, CancellationToken cancellationToken)
    {
        if (!turn.Staff.IsManager)
        {
            return Texts.Preview(StaffTexts.RefusedForNonManager(turn.Lang), 190);
        }

        if (await tickets.LoadAsync(input.Number, cancellationToken) is not { } ticket || staff.Find(staff.Channel, input.UserId) is not { } assignee)
        {
            return CustomerTexts.StaleNotice(turn.Lang);
        }

        var told = await AssignAsync(turn, ticket, assignee, cancellationToken);
        turn.Say(told);
        return Texts.Preview(told, 190);
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Reassign input, CancellationToken cancellationToken)
    {
        if (StaffNames.FindPair(input.People, staff.All, await duty.UsernamesAsync(cancellationToken)) is not var (from, to))
        {
            turn.Say(AssignTexts.WhoToReassign(turn.Lang));
            return null;
        }

        var numbers = await db.Tickets
            .Where(t => (Ticket.HeldStatuses.Contains(t.Status) && t.HolderId == from.UserId) || (Ticket.WaitingStatuses.Contains(t.Status) && t.AssigneeId == from.UserId))
            .OrderBy(t => t.Number).Select(t => t.Number).ToListAsync(cancellationToken);
        var held = new List<int>();
        var assigned = new List<int>();
        var refused = new List<string>();
        foreach (var number in numbers)
        {
            var ticket = (await tickets.LoadAsync(number, cancellationToken))!;
            try
            {
                var waiting = ticket.IsWaiting;
                await AssignAsync(turn, ticket, to, cancellationToken);
                (waiting ? assigned : held).Add(number);
            }
            catch (TicketActionException refusal)
            {
                refused.Add(TicketTexts.Refusal(refusal.Refusal, turn.Lang));
            }
        }

        turn.Say(AssignTexts.Reassigned(from.Name, to.Name, held, assigned, refused, turn.Lang));
        return null;
    }

    /// <summary>Assigns, tells everyone concerned, refreshes the card; returns what the manager is told.</summary>
    private async Task<string> AssignAsync(StaffTurn turn, Ticket ticket, StaffMember assignee, CancellationToken cancellationToken)
    {
        var previousId = ticket.HolderId;
        var previousAssigneeId = ticket.AssigneeId;
        var previous = ticket.Assign(assignee, turn.Staff, turn.Now);
        await notify.RefreshCardAsync(ticket, cancellationToken);
        if (ticket.IsWaiting)
        {
            if (previousAssigneeId is not null && previousAssigneeId != turn.Staff.UserId)
            {
                // Their «Беру» still takes the ticket (anyone may), but it is someone else's to take now.
                notify.ToPerson(previousAssigneeId, l => AssignTexts.AssignmentMoved(ticket.Number, assignee.Name, turn.Staff.Name, l));
            }

            notify.ToPerson(assignee.UserId, l => AssignTexts.ToAssignee(ticket, turn.Staff.Name, sla.Format, l));
            return AssignTexts.AssignedWaiting(ticket.Number, assignee.Name, turn.Lang);
        }

        notify.ToPerson(assignee.UserId, l => AssignTexts.ToNewHolder(ticket, turn.Staff.Name, previous, l));
        notify.CustomerFilesTo(staff.PrivateChat(assignee), ticket, assignee.Language);
        if (previousId is not null && previousId != turn.Staff.UserId)
        {
            notify.ToPerson(previousId, l => AssignTexts.ToPreviousHolder(ticket.Number, assignee.Name, turn.Staff.Name, l));
        }

        await notify.ToCustomerAsync(ticket, l => AssignTexts.ToCustomer(ticket.Number, assignee.Name, l), cancellationToken: cancellationToken);
        return AssignTexts.HandedOver(ticket.Number, previous, assignee.Name, turn.Lang);
    }
}
