using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Bot.Dialogue;

/// <summary>
/// Gives a draft its number and registers it, inside the caller's transaction — and everything a new ticket
/// sets off: the duty card, the escalation plan, and for level 1 an immediate ping in the duty chat.
/// </summary>
public sealed class TicketRegistrar(
    SupportDbContext db,
    SlaPolicy policy,
    TicketNotifier notify,
    IEscalationScheduler escalation,
    StaffDirectory staff,
    DutyService duty,
    SchedulingOptions options,
    SlaSetup sla)
{
    public async Task<Ticket> RegisterAsync(Customer customer, TicketDraft draft, Instant now, CancellationToken cancellationToken)
    {
        // The counter row is bumped in place (UPDATE … RETURNING) in the same transaction as the ticket insert: the row
        // stays locked until the commit, so with several writers (replicas on PostgreSQL) numbers are unique, gap-free
        // while transactions commit, and never reused.
        var number = await Counter.NextAsync(db, Counter.TicketNumber, cancellationToken);
        var organisation = string.IsNullOrEmpty(draft.Organisation) ? customer.Organisation ?? "—" : draft.Organisation;
        var ticket = Ticket.Register(checked((int)number), customer.Snapshot(organisation), draft, now, policy);
        db.Tickets.Add(ticket);

        await notify.PostCardAsync(ticket, cancellationToken);
        escalation.Reschedule(ticket);
        if (ticket.Level == PriorityLevel.Critical && options.Escalation.PingLevel1AtRegistration)
        {
            var engineers = await duty.ToMentionAsync(cancellationToken);
            notify.ToGroup(staff.Duty, l => CardTexts.CriticalRegistered(ticket, engineers, sla.Format, l), [.. engineers.Select(e => new Mention(e.UserId, e.Name))], topicLink: ticket.Number);
        }

        return ticket;
    }
}
