using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// /incident open|link|unlink|claim|update|close and the incident card's buttons (engineers and managers). The
/// incident never stands in for its tickets: taking it claims each waiting ticket (a reaction recorded for each, its
/// customer told), its news is a message on each ticket, closing it resolves each with the usual question to its
/// customer. One incident is open at a time.
/// </summary>
public sealed class IncidentHandler(SupportDbContext db, TicketRepository tickets, TicketNotifier notify, IncidentBoard board, IEscalationScheduler escalation, Sla.SlaSetup sla)
    : IStaffHandler<StaffCommand.IncidentShow>, IStaffHandler<StaffCommand.IncidentOpen>, IStaffHandler<StaffCommand.IncidentLink>,
      IStaffHandler<StaffCommand.IncidentClaim>, IStaffHandler<IncidentClaimAction>, IStaffHandler<StaffCommand.IncidentUpdate>,
      IStaffHandler<StaffCommand.IncidentClose>, IStaffHandler<IncidentCloseAction>
{
    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.IncidentShow input, CancellationToken cancellationToken)
    {
        if (await OpenOrSayAsync(turn, cancellationToken) is { } incident)
        {
            turn.Say(IncidentTexts.Card(incident, await board.SummaryAsync(incident, cancellationToken), sla.Format, turn.Lang));
        }

        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.IncidentOpen input, CancellationToken cancellationToken)
    {
        if (Incident.ValidTitle(input.Title) is not { } title)
        {
            turn.Say(IncidentTexts.TitleInvalid(turn.Lang));
            return null;
        }

        if (await board.OpenAsync(cancellationToken) is { } open)
        {
            turn.Say(IncidentTexts.AlreadyOpen(open, turn.Lang));
            return null;
        }

        var incident = Incident.Open(title, turn.Staff, turn.Now);
        db.Incidents.Add(incident);
        // Its number is the card's key; a second incident opened at the same moment elsewhere fails here (unique slot).
        await db.SaveChangesAsync(cancellationToken);
        await board.ShowCardAsync(incident, create: true, cancellationToken);
        turn.Say(IncidentTexts.Opened(incident, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.IncidentLink input, CancellationToken cancellationToken)
    {
        if (await OpenOrSayAsync(turn, cancellationToken) is not { } incident)
        {
            return null;
        }

        var done = new List<int>();
        var skipped = new List<int>();
        var refused = new List<string>();
        foreach (var number in input.Numbers)
        {
            if (await tickets.LoadAsync(number, cancellationToken) is not { } ticket)
            {
                refused.Add(IncidentTexts.NoSuchTicket(number, turn.Lang));
                continue;
            }

            try
            {
                if (input.Unlink ? ticket.IncidentId == incident.Id && ticket.UnlinkIncident(turn.Staff, turn.Now) : ticket.LinkIncident(incident, turn.Staff, turn.Now))
                {
                    await notify.RefoldCardAsync(ticket, cancellationToken);
                    if (!input.Unlink)
                    {
                        await notify.ToCustomerAsync(ticket, l => Domain.Channels.Reply.Plain(IncidentTexts.Joined(ticket.Number, incident, l)), cancellationToken: cancellationToken);
                    }

                    done.Add(number);
                }
                else
                {
                    skipped.Add(number);
                }
            }
            catch (TicketActionException refusal)
            {
                refused.Add(TicketTexts.Refusal(refusal.Refusal, turn.Lang));
            }
        }

        if (done.Count > 0)
        {
            incident.NoteTicketsChanged(turn.Now);
        }

        await board.ShowCardAsync(incident, create: false, cancellationToken);
        turn.Say(input.Unlink
            ? IncidentTexts.Unlinked(incident, done, skipped, refused, turn.Lang)
            : IncidentTexts.Linked(incident, done, skipped, refused, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.IncidentClaim input, CancellationToken cancellationToken)
    {
        if (await OpenOrSayAsync(turn, cancellationToken) is { } incident)
        {
            var waiting = await WaitingAsync(incident, cancellationToken);
            turn.Say(HeldByAnother(turn, incident, waiting) ? IncidentTexts.AlreadyHeld(incident, turn.Lang) : await ClaimAsync(turn, incident, waiting, cancellationToken));
        }

        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, IncidentClaimAction input, CancellationToken cancellationToken)
    {
        if (await board.FindAsync(input.Incident, cancellationToken) is not { IsOpen: true } incident)
        {
            return IncidentTexts.Stale(turn.Lang);
        }

        var waiting = await WaitingAsync(incident, cancellationToken);
        if (HeldByAnother(turn, incident, waiting))
        {
            // A second press (or a colleague's) with nothing left to take: the incident stays with whoever holds it.
            return Texts.Preview(IncidentTexts.AlreadyHeld(incident, turn.Lang), 190);
        }

        var told = await ClaimAsync(turn, incident, waiting, cancellationToken);
        // Pressed in the duty chat: the whole answer goes to the presser's private chat, the notice says it in short.
        turn.SayPrivately(told);
        return Texts.Preview(IncidentTexts.ClaimedNotice(incident, waiting.Count, turn.Lang), 190);
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.IncidentUpdate input, CancellationToken cancellationToken)
    {
        if (await OpenOrSayAsync(turn, cancellationToken) is not { } incident || TextOrSay(turn, input.Text) is not { } text)
        {
            return null;
        }

        // Not to a customer already asked «Проблема решена?» about their ticket: the news would contradict it.
        var numbers = await board.TicketsAsync(incident, NewsStatuses, cancellationToken);
        foreach (var number in numbers)
        {
            var ticket = (await tickets.LoadAsync(number, cancellationToken))!;
            ticket.AddIncidentNews(turn.Staff, text, turn.Now);
            await notify.ToCustomerAsync(ticket, l => Domain.Channels.Reply.Plain(IncidentTexts.News(ticket.Number, incident, text, l)), cancellationToken: cancellationToken);
        }

        if (numbers.Count > 0)
        {
            incident.RecordUpdate(turn.Now);
            await board.ShowCardAsync(incident, create: false, cancellationToken);
        }

        turn.Say(IncidentTexts.UpdateSent(incident, numbers, turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.IncidentClose input, CancellationToken cancellationToken)
    {
        if (await OpenOrSayAsync(turn, cancellationToken) is not { } incident || TextOrSay(turn, input.Text) is not { } text)
        {
            return null;
        }

        _ = incident.AskToClose(text, turn.Staff);
        turn.Say(IncidentTexts.AskClose(incident, text, await board.TicketsAsync(incident, Ticket.OpenStatuses, cancellationToken), turn.Lang));
        return null;
    }

    public async Task<string?> HandleAsync(StaffTurn turn, IncidentCloseAction input, CancellationToken cancellationToken)
    {
        if (await board.FindAsync(input.Incident, cancellationToken) is not { IsOpen: true } incident)
        {
            return IncidentTexts.Stale(turn.Lang);
        }

        if (incident.PendingClose is null || input.Question != incident.CloseQuestion)
        {
            // Answered already, or a newer question (another text) replaced this one: only that one's buttons act.
            return Texts.Preview(IncidentTexts.NotAsked(turn.Lang), 190);
        }

        if (incident.PendingCloseById != turn.Staff.UserId && !turn.Staff.IsManager)
        {
            return Texts.Preview(IncidentTexts.NotYourQuestion(turn.Lang), 190);
        }

        if (!input.Close)
        {
            incident.CancelClose();
            var cancelled = IncidentTexts.CloseCancelled(incident, turn.Lang);
            turn.Say(cancelled);
            return Texts.Preview(cancelled, 190);
        }

        var text = incident.Close(turn.Staff, turn.Now);
        var resolved = new List<int>();
        var refused = new List<string>();
        foreach (var number in await board.TicketsAsync(incident, Ticket.OpenStatuses, cancellationToken))
        {
            var ticket = (await tickets.LoadAsync(number, cancellationToken))!;
            if (ticket.Status == TicketStatus.Resolved)
            {
                // Resolved on its own already: its customer was asked, and is not asked twice.
                resolved.Add(number);
                continue;
            }

            try
            {
                if (ticket.IsWaiting)
                {
                    // Nobody took it yet: taking it into work is its reaction (recorded now), then it is resolved.
                    notify.ClaimTellingAssignee(turn, ticket);
                    escalation.Reschedule(ticket);
                }

                ticket.Resolve(turn.Staff, text, turn.Now);
                await notify.RefreshCardOfManyAsync(ticket, cancellationToken);
                await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.IsItSolved(turn.Staff.Name, ticket.Number, text, l), cancellationToken: cancellationToken);
                resolved.Add(number);
            }
            catch (TicketActionException refusal)
            {
                // Someone else's to resolve: it leaves the closed incident with its full card, never stuck folded.
                refused.Add(TicketTexts.Refusal(refusal.Refusal, turn.Lang));
                ticket.UnlinkIncident(turn.Staff, turn.Now);
                await notify.RefoldCardAsync(ticket, cancellationToken);
            }
        }

        await board.ShowCardAsync(incident, create: false, cancellationToken);
        var told = IncidentTexts.Closed(incident, resolved, refused, turn.Lang);
        turn.Say(told);
        return Texts.Preview(told, 190);
    }

    /// <summary>The presser holds the incident; each waiting ticket is claimed by them, its reaction recorded, its customer told.</summary>
    private async Task<string> ClaimAsync(StaffTurn turn, Incident incident, IReadOnlyList<int> waiting, CancellationToken cancellationToken)
    {
        incident.Take(turn.Staff);
        var claimed = new List<int>();
        var late = 0;
        var refused = new List<string>();
        foreach (var number in waiting)
        {
            var ticket = (await tickets.LoadAsync(number, cancellationToken))!;
            try
            {
                if (notify.ClaimTellingAssignee(turn, ticket) is { Met: false })
                {
                    late++;
                }

                escalation.Reschedule(ticket);
                await notify.RefreshCardOfManyAsync(ticket, cancellationToken);
                await notify.ToCustomerAsync(ticket, l => CustomerTicketTexts.EngineerTookIt(turn.Staff.Name, ticket.Number, l), cancellationToken: cancellationToken);
                claimed.Add(number);
            }
            catch (TicketActionException refusal)
            {
                refused.Add(TicketTexts.Refusal(refusal.Refusal, turn.Lang));
            }
        }

        await board.ShowCardAsync(incident, create: false, cancellationToken);
        return IncidentTexts.Claimed(incident, claimed, late, refused, turn.Lang);
    }

    /// <summary>Someone else holds the incident and nothing waits to be taken (a manager may still take it over).</summary>
    private static bool HeldByAnother(StaffTurn turn, Incident incident, IReadOnlyList<int> waiting) =>
        incident.HolderId is { } holder && holder != turn.Staff.UserId && waiting.Count == 0 && !turn.Staff.IsManager;

    /// <summary>Open, but not resolved (its customer already asked «Проблема решена?»).</summary>
    private static readonly IReadOnlyList<TicketStatus> NewsStatuses = [.. Ticket.OpenStatuses.Where(s => s != TicketStatus.Resolved)];

    private Task<List<int>> WaitingAsync(Incident incident, CancellationToken cancellationToken) =>
        board.TicketsAsync(incident, Ticket.WaitingStatuses, cancellationToken);

    private async Task<Incident?> OpenOrSayAsync(StaffTurn turn, CancellationToken cancellationToken)
    {
        var incident = await board.OpenAsync(cancellationToken);
        if (incident is null)
        {
            turn.Say(IncidentTexts.NoneOpen(turn.Lang));
        }

        return incident;
    }

    private static string? TextOrSay(StaffTurn turn, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > Incident.TextMax)
        {
            turn.Say(IncidentTexts.TextTooLong(turn.Lang));
            return null;
        }

        return trimmed;
    }
}
