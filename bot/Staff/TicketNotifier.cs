using System.Globalization;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// Everything a ticket says to people, queued in the current transaction: the duty card (posted once, then edited in
/// place), messages to the customer in their language, to staff in theirs (the staff chats in the desk's staff
/// language), relays to the engineer holding it.
/// </summary>
public sealed class TicketNotifier(SupportDbContext db, OutboxWriter outbox, StaffDirectory staff, SlaSetup sla, TimeProvider time)
{
    /// <summary>Relayed customer messages are remembered as «relay:N:…», so a reply to one finds its ticket.</summary>
    public const string RelayKeyStart = "relay:";

    public static string CardKey(int number) => $"card:{number}";

    public static string RelayKeyPrefix(int number) => $"{RelayKeyStart}{number}:";

    /// <summary>The ticket a relayed message's key names, or null.</summary>
    public static int? RelayedTicket(string key) =>
        key.Split(':') is [_, var number, ..] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Posts the ticket's card in the duty chat (a new card: registration, reopening).</summary>
    public void PostCard(Ticket ticket)
    {
        if (staff.Duty is { } duty)
        {
            var card = CardTexts.Card(ticket, sla.Format, time.GetCurrentInstant(), staff.GroupLanguage);
            outbox.Send(new OutgoingMessage(duty, card.Text) { Buttons = card.Buttons, TrackAs = CardKey(ticket.Number), Language = staff.GroupLanguage });
        }
    }

    /// <summary>Edits the card in place to the ticket's current state.</summary>
    public void RefreshCard(Ticket ticket)
    {
        if (staff.Duty is { } duty)
        {
            var card = CardTexts.Card(ticket, sla.Format, time.GetCurrentInstant(), staff.GroupLanguage);
            outbox.Edit(duty, CardKey(ticket.Number), card.Text, card.Buttons);
        }
    }

    public void ToDuty(Func<Language, Reply> compose) => ToGroup(staff.Duty, compose, []);

    public void ToManagers(Func<Language, Reply> compose) => ToGroup(staff.Managers, compose, []);

    /// <summary>To a staff chat, mentioning people by their messenger ids.</summary>
    public void ToGroup(ChatAddress? chat, Func<Language, Reply> compose, IReadOnlyList<Mention> mentions)
    {
        if (chat is { } to)
        {
            var reply = compose(staff.GroupLanguage);
            outbox.Send(new OutgoingMessage(to, reply.Text) { Buttons = reply.Buttons, Mentions = mentions, Language = staff.GroupLanguage });
        }
    }

    /// <summary>A message to a staff member's private chat (if there is one to tell), in their language.</summary>
    public void ToPerson(string? staffUserId, Func<Language, string> compose)
    {
        if (staffUserId is not null)
        {
            var language = staff.Find(staff.Channel, staffUserId)?.Language ?? staff.GroupLanguage;
            outbox.Send(new OutgoingMessage(new ChatAddress(staff.Channel, staffUserId), compose(language)) { Language = language });
        }
    }

    /// <summary>Tells whoever works the ticket that the customer cannot be reached in their messenger.</summary>
    public void AboutUnreachableCustomer(Ticket ticket, string channel)
    {
        if (ticket.HolderId is { } holder && ticket.IsHeld)
        {
            ToPerson(holder, l => StaffTexts.CustomerUnreachable(ticket, channel, l));
        }
        else
        {
            ToDuty(l => Reply.Plain(StaffTexts.CustomerUnreachable(ticket, channel, l)));
        }
    }

    /// <summary>A message to the ticket's customer, written in their current language.</summary>
    public async Task ToCustomerAsync(Ticket ticket, Func<Language, Reply> compose, IReadOnlyList<AttachmentRef>? files = null, CancellationToken cancellationToken = default)
    {
        var language = await db.Customers.Where(c => c.Id == ticket.CustomerId).Select(c => (Language?)c.Language).SingleOrDefaultAsync(cancellationToken) ?? Language.Ru;
        var reply = compose(language);
        outbox.Send(new OutgoingMessage(new ChatAddress(ticket.Customer.Channel, ticket.Customer.ChatId), reply.Text)
        {
            Buttons = reply.Buttons,
            Attachments = files ?? [],
            Language = language,
            Thread = ticket.Number,
        });
    }

    /// <summary>The files the customer sent with the ticket, to a staff member (their private chat, as a rule).</summary>
    public void CustomerFilesTo(ChatAddress to, Ticket ticket, Language lang)
    {
        var files = ticket.Attachments.Where(a => a.Author == TicketAuthor.Customer).Select(a => a.File).ToList();
        if (files.Count > 0)
        {
            outbox.Send(new OutgoingMessage(to, StaffTexts.CustomerFiles(ticket.Number, files.Count, lang)) { Attachments = files, Language = lang });
        }
    }

    /// <summary>
    /// A customer's message about a ticket reaches the engineer holding it (private chat, «#N» first, tracked so a
    /// Telegram reply to it goes back to the customer), or the duty chat when nobody holds the ticket. When it
    /// <paramref name="answered"/> the holder's question, the holder is told the ticket is back with them first.
    /// </summary>
    public void RelayFromCustomer(Ticket ticket, string? text, IReadOnlyList<AttachmentRef> files, bool answered = false)
    {
        if (answered)
        {
            RefreshCard(ticket);
            ToPerson(ticket.HolderId, l => StaffTexts.CustomerAnswered(ticket.Number, l));
        }

        if (ticket.HolderId is { } holder && ticket.IsHeld)
        {
            var language = staff.Find(staff.Channel, holder)?.Language ?? staff.GroupLanguage;
            outbox.Send(new OutgoingMessage(new ChatAddress(staff.Channel, holder), StaffTexts.Relayed(ticket, text))
            {
                Attachments = files,
                TrackAs = RelayKeyPrefix(ticket.Number) + Guid.NewGuid().ToString("N"),
                Language = language,
            });
            return;
        }

        ToDuty(l => StaffTexts.CustomerWrote(ticket, text, files.Count, l));
    }
}
