using System.Globalization;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// The open incident and its one card in the duty chat: found, summed up from its tickets, posted once and edited in
/// place (a burst of edits of the card costs one, see the outbox). Runs inside the caller's transaction.
/// </summary>
public sealed class IncidentBoard(SupportDbContext db, OutboxWriter outbox, StaffDirectory staff, SlaSetup sla)
{
    public static string CardKey(long incident) => "incident:" + incident.ToString(CultureInfo.InvariantCulture);

    /// <summary>The incident open now, or null.</summary>
    public Task<Incident?> OpenAsync(CancellationToken cancellationToken) =>
        db.Incidents.SingleOrDefaultAsync(i => i.OpenSlot == 1, cancellationToken);

    public Task<Incident?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Incidents.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);

    /// <summary>The numbers of the incident's tickets in one of <paramref name="statuses"/>, lowest first.</summary>
    public Task<List<int>> TicketsAsync(Incident incident, IReadOnlyList<TicketStatus> statuses, CancellationToken cancellationToken) =>
        db.Tickets.Where(t => t.IncidentId == incident.Id && statuses.Contains(t.Status)).OrderBy(t => t.Number).Select(t => t.Number).ToListAsync(cancellationToken);

    public async Task<IncidentSummary> SummaryAsync(Incident incident, CancellationToken cancellationToken)
    {
        var rows = await db.Tickets.AsNoTracking().Where(t => t.IncidentId == incident.Id)
            .Select(t => new { t.Number, t.Status, t.Customer.Organisation, t.ReactionDeadline, Reacted = t.ReactedAt != null })
            .ToListAsync(cancellationToken);
        // Changes of this unit of work not saved yet count as they will be.
        var tracked = db.ChangeTracker.Entries<Ticket>().Select(e => e.Entity).ToDictionary(t => t.Number);
        var tickets = rows.Where(r => !tracked.ContainsKey(r.Number))
            .Select(r => new IncidentTicket(r.Number, r.Status, r.Organisation, r.ReactionDeadline, r.Reacted))
            .Concat(tracked.Values.Where(t => t.IncidentId == incident.Id).Select(t => new IncidentTicket(t.Number, t.Status, t.Customer.Organisation, t.ReactionDeadline, t.ReactedAt is not null)))
            .ToList();
        return IncidentSummary.Of(tickets);
    }

    /// <summary>The card of incident <paramref name="id"/> edited to its current state (a ticket of it changed).</summary>
    public async Task RedrawAsync(long id, CancellationToken cancellationToken)
    {
        if (staff.Duty is not null && await FindAsync(id, cancellationToken) is { } incident)
        {
            await ShowCardAsync(incident, create: false, cancellationToken);
        }
    }

    /// <summary>The incident's card, new (opened) or edited to its current state.</summary>
    public async Task ShowCardAsync(Incident incident, bool create, CancellationToken cancellationToken)
    {
        if (staff.Duty is not { } duty)
        {
            return;
        }

        var card = IncidentTexts.Card(incident, await SummaryAsync(incident, cancellationToken), sla.Format, staff.GroupLanguage);
        if (create)
        {
            outbox.Send(new OutgoingMessage(duty, card.Text) { Buttons = card.Buttons, TrackAs = CardKey(incident.Id), Language = staff.GroupLanguage });
        }
        else
        {
            outbox.Edit(duty, CardKey(incident.Id), card.Text, card.Buttons);
        }
    }
}
