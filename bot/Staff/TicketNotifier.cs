using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// Everything a ticket says to people, queued in the current transaction: the duty card (posted once,
/// then edited in place), messages to the customer in their language, relays to the engineer holding it.
/// </summary>
public sealed class TicketNotifier(SupportDbContext db, OutboxWriter outbox, StaffDirectory staff, SlaSetup sla, IClock clock)
{
    public static string CardKey(int number) => $"card:{number}";

    public static string RelayKeyPrefix(int number) => $"relay:{number}:";

    /// <summary>Posts the ticket's card in the duty chat (a new card: registration, reopening).</summary>
    public void PostCard(Ticket ticket)
    {
        if (staff.Duty is not { } duty)
        {
            return;
        }

        var card = StaffTexts.Card(ticket, sla.Format, clock.GetCurrentInstant());
        outbox.Send(new OutgoingMessage(duty, card.Text) { Buttons = card.Buttons, TrackAs = CardKey(ticket.Number) });
    }

    /// <summary>Edits the card in place to the ticket's current state.</summary>
    public void RefreshCard(Ticket ticket)
    {
        if (staff.Duty is not { } duty)
        {
            return;
        }

        var card = StaffTexts.Card(ticket, sla.Format, clock.GetCurrentInstant());
        outbox.Edit(duty, CardKey(ticket.Number), card.Text, card.Buttons);
    }

    public void ToDuty(Reply reply)
    {
        if (staff.Duty is { } duty)
        {
            outbox.Send(new OutgoingMessage(duty, reply.Text) { Buttons = reply.Buttons });
        }
    }

    public void ToManagers(Reply reply)
    {
        if (staff.Managers is { } managers)
        {
            outbox.Send(new OutgoingMessage(managers, reply.Text) { Buttons = reply.Buttons });
        }
    }

    /// <summary>Tells whoever works the ticket that the customer cannot be reached in their messenger.</summary>
    public void AboutUnreachableCustomer(Ticket ticket, string channel)
    {
        var organisation = string.IsNullOrWhiteSpace(ticket.Customer.Organisation) ? string.Empty : $" ({ticket.Customer.Organisation})";
        var text = $"⚠ #{ticket.Number}: клиент {ticket.Customer.Name}{organisation} недоступен в {channel} — сообщения бота не доставляются "
            + "(бот заблокирован или диалог с ним не начат). Ответы сохранены в заявке; свяжитесь с клиентом иначе или дождитесь его сообщения.";
        if (ticket.HolderId is { } holder && ticket.Status is TicketStatus.InProgress or TicketStatus.Resolved)
        {
            ToPerson(holder, text);
        }
        else
        {
            ToDuty(Reply.Plain(text));
        }
    }

    /// <summary>A message to a staff member's private chat (if there is one to tell).</summary>
    public void ToPerson(string? staffUserId, string text)
    {
        if (staffUserId is not null)
        {
            outbox.Send(new OutgoingMessage(new ChatAddress(staff.Channel, staffUserId), text));
        }
    }

    /// <summary>A message to the ticket's customer, written in their current language.</summary>
    public async Task ToCustomerAsync(Ticket ticket, Func<Language, Reply> compose, IReadOnlyList<AttachmentRef>? files = null, CancellationToken cancellationToken = default)
    {
        var language = await CustomerLanguageAsync(ticket, cancellationToken);
        var reply = compose(language);
        outbox.Send(new OutgoingMessage(new ChatAddress(ticket.Customer.Channel, ticket.Customer.ChatId), reply.Text)
        {
            Buttons = reply.Buttons,
            Attachments = files ?? [],
            Language = language,
        });
    }

    public async Task<Language> CustomerLanguageAsync(Ticket ticket, CancellationToken cancellationToken) =>
        await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => (Language?)c.Language).SingleOrDefaultAsync(cancellationToken) ?? Language.Ru;

    /// <summary>
    /// A customer's message about a ticket reaches the engineer holding it (private chat, «#N» first, tracked so a
    /// Telegram reply to it goes back to the customer), or the duty chat when nobody holds the ticket.
    /// </summary>
    public void RelayFromCustomer(Ticket ticket, string? text, IReadOnlyList<AttachmentRef> files)
    {
        var body = string.IsNullOrWhiteSpace(text) ? "📎" : text;
        if (ticket.HolderId is { } holder && ticket.Status is TicketStatus.InProgress or TicketStatus.Resolved)
        {
            outbox.Send(new OutgoingMessage(new ChatAddress(staff.Channel, holder), $"#{ticket.Number} · {ticket.Customer.Name} ({ticket.Customer.Organisation}):\n{body}")
            {
                Attachments = files,
                TrackAs = RelayKeyPrefix(ticket.Number) + Guid.NewGuid().ToString("N"),
            });
            return;
        }

        ToDuty(new Reply(
            $"✉ #{ticket.Number}: клиент {ticket.Customer.Name} ({ticket.Customer.Organisation}) дописал:\n{Texts.Preview(body, 500)}"
                + (files.Count > 0 ? $"\n📎 {Texts.Files(files.Count, Language.Ru)}" : string.Empty),
            ticket.IsWaiting ? [[new Button("✋ Взять в работу", $"claim:{ticket.Number}")]] : []));
    }
}
