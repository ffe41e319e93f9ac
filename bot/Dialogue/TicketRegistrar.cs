using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Bot.Dialogue;

/// <summary>Gives a draft its number and registers it, inside the caller's transaction.</summary>
public sealed class TicketRegistrar(SupportDbContext db, SlaPolicy policy)
{
    public async Task<Ticket> RegisterAsync(Customer customer, TicketDraft draft, Instant now, CancellationToken cancellationToken)
    {
        // The counter row is bumped in the same (immediate, write-locked) transaction as the ticket
        // insert: numbers are unique, gap-free while transactions commit, and never reused.
        var counter = await db.Counters.FindAsync([Counter.TicketNumber], cancellationToken)
            ?? throw new InvalidOperationException("The ticket-number counter is missing from the database.");
        counter.Value++;
        var organisation = string.IsNullOrEmpty(draft.Organisation) ? customer.Organisation ?? "—" : draft.Organisation;
        var ticket = Ticket.Register(checked((int)counter.Value), customer.Snapshot(organisation), draft, now, policy);
        db.Tickets.Add(ticket);
        return ticket;
    }
}
