using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Persistence;

/// <summary>
/// Tickets as the handlers need them: one whole ticket (windows, files, messages, history — so no rule of the
/// ticket ever meets a part that was not loaded), or lists for the queue and the customer's own list. Tracked, in
/// the caller's unit of work.
/// </summary>
public sealed class TicketRepository(SupportDbContext db)
{
    /// <summary>The ticket with everything it holds, or null.</summary>
    public Task<Ticket?> LoadAsync(int number, CancellationToken cancellationToken) =>
        Whole().SingleOrDefaultAsync(t => t.Number == number, cancellationToken);

    /// <summary>A ticket of this customer's (never someone else's), whole, or null.</summary>
    public Task<Ticket?> LoadOwnAsync(long customerId, int number, CancellationToken cancellationToken) =>
        Whole().SingleOrDefaultAsync(t => t.Number == number && t.CustomerId == customerId, cancellationToken);

    /// <summary>The customer's open tickets, newest first, whole (a message goes to one of them).</summary>
    public Task<List<Ticket>> OpenOfAsync(long customerId, CancellationToken cancellationToken) =>
        Whole().Where(t => t.CustomerId == customerId && Ticket.OpenStatuses.Contains(t.Status)).OrderByDescending(t => t.Number).ToListAsync(cancellationToken);

    /// <summary>One page of the customer's tickets, newest first, and how many they have.</summary>
    public async Task<(List<Ticket> Page, int Total)> PageOfAsync(long customerId, int page, int size, CancellationToken cancellationToken)
    {
        var query = db.Tickets.Where(t => t.CustomerId == customerId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(t => t.Number).Skip(page * size).Take(size).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>Unclaimed tickets, soonest deadline first.</summary>
    public Task<List<Ticket>> QueueAsync(int take, CancellationToken cancellationToken) =>
        db.Tickets.Include(t => t.Attachments).Where(t => Ticket.WaitingStatuses.Contains(t.Status))
            .OrderBy(t => t.ReactionDeadline.At).ThenBy(t => t.Number).Take(take).ToListAsync(cancellationToken);

    /// <summary>What a staff member holds.</summary>
    public Task<List<Ticket>> HeldByAsync(string staffUserId, CancellationToken cancellationToken) =>
        db.Tickets.Where(t => t.HolderId == staffUserId && Ticket.HeldStatuses.Contains(t.Status)).OrderBy(t => t.Number).ToListAsync(cancellationToken);

    // One query per collection: joined in one, a ticket's windows × files × messages × history would multiply into
    // thousands of rows. The caller's transaction keeps the queries consistent with each other.
    private IQueryable<Ticket> Whole() =>
        db.Tickets.Include(t => t.Windows).Include(t => t.Attachments).Include(t => t.Messages).Include(t => t.Events).AsSplitQuery();
}
