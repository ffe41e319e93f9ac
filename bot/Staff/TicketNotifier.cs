using System.Globalization;
using ChatSupport.Bot.Channels;
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
/// language), relays to the engineer holding it. In a forum duty chat (<see cref="TopicSupport"/>) each ticket has its
/// own topic: the card is its first message, its name follows the ticket, and it closes and reopens with it.
/// </summary>
public sealed class TicketNotifier(SupportDbContext db, OutboxWriter outbox, StaffDirectory staff, SlaSetup sla, TopicSupport topics, IncidentBoard incidents, TimeProvider time)
{
    /// <summary>Relayed customer messages are remembered as «relay:N:…», so a reply to one finds its ticket.</summary>
    public const string RelayKeyStart = "relay:";

    public static string CardKey(int number) => $"card:{number}";

    public static string RelayKeyPrefix(int number) => $"{RelayKeyStart}{number}:";

    /// <summary>The ticket a relayed message's key names, or null.</summary>
    public static int? RelayedTicket(string key) =>
        key.Split(':') is [_, var number, ..] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Posts the ticket's card in the duty chat (a new card: registration, reopening) — into its topic when it has one.</summary>
    public async Task PostCardAsync(Ticket ticket, CancellationToken cancellationToken = default)
    {
        if (staff.Duty is { } duty)
        {
            var inTopic = await SyncTopicAsync(ticket, duty, create: true, cancellationToken);
            var card = CardTexts.Card(ticket, sla.Format, time.GetCurrentInstant(), staff.GroupLanguage);
            outbox.Send(new OutgoingMessage(duty, card.Text)
            {
                Buttons = card.Buttons,
                TrackAs = CardKey(ticket.Number),
                Language = staff.GroupLanguage,
                Topic = inTopic ? ticket.Number : null,
            });
        }
    }

    /// <summary>
    /// Edits the card in place to the ticket's current state; its topic's name (and open or closed) follows. A ticket
    /// in an incident keeps its folded card and the incident's card is redrawn instead (it tells the ticket's state).
    /// </summary>
    public Task RefreshCardAsync(Ticket ticket, CancellationToken cancellationToken = default) =>
        EditCardAsync(ticket, folding: false, incidentCard: true, cancellationToken);

    /// <summary>
    /// As <see cref="RefreshCardAsync"/> for one of many tickets of an incident changed together: the caller redraws the
    /// incident's card once, after all of them.
    /// </summary>
    public Task RefreshCardOfManyAsync(Ticket ticket, CancellationToken cancellationToken = default) =>
        EditCardAsync(ticket, folding: false, incidentCard: false, cancellationToken);

    /// <summary>
    /// The ticket joined an incident (its card folds into the incident's), left it (its full card is back), or its
    /// customer's data was erased: the ticket's own card is edited whatever it is. The incident's card is the caller's.
    /// </summary>
    public Task RefoldCardAsync(Ticket ticket, CancellationToken cancellationToken = default) =>
        EditCardAsync(ticket, folding: true, incidentCard: false, cancellationToken);

    private async Task EditCardAsync(Ticket ticket, bool folding, bool incidentCard, CancellationToken cancellationToken)
    {
        if (staff.Duty is { } duty)
        {
            var inTopic = await SyncTopicAsync(ticket, duty, create: false, cancellationToken);
            if (ticket.IncidentId is { } incident && !folding)
            {
                if (incidentCard)
                {
                    await incidents.RedrawAsync(incident, cancellationToken);
                }

                return;
            }

            var card = CardTexts.Card(ticket, sla.Format, time.GetCurrentInstant(), staff.GroupLanguage);
            outbox.Edit(duty, CardKey(ticket.Number), card.Text, card.Buttons, inTopic ? ticket.Number : null);
        }
    }

    /// <summary>
    /// The ticket's topic in the duty chat, once Telegram made it (its id tracked); null otherwise — never made (no right
    /// then, or refused), or not yet: its messages go as in a plain group.
    /// </summary>
    public async Task<int?> TopicOfAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        if (staff.Duty is not { } duty)
        {
            return null;
        }

        var key = OutboxWriter.TopicKey(ticket.Number);
        return await db.TrackedMessages.AnyAsync(t => t.Key == key && t.ChatId == duty.ChatId, cancellationToken) ? ticket.Number : null;
    }

    /// <summary>
    /// Creates the ticket's topic (<paramref name="create"/>, topics available, none yet) or brings the one it has in line
    /// with the ticket: reopened, renamed, closed — each only when it changes, so every change costs one call within
    /// the group's limits. Returns whether the ticket has a topic.
    /// </summary>
    private async Task<bool> SyncTopicAsync(Ticket ticket, ChatAddress duty, bool create, CancellationToken cancellationToken)
    {
        // A ticket just registered has no topic yet: no need to look.
        var row = create && ticket.ReopenCount == 0 ? null : await db.TicketTopics.FindAsync([ticket.Number], cancellationToken);
        var name = TopicTexts.Name(ticket, sla.Format, time.GetCurrentInstant(), staff.GroupLanguage);
        if (row is null)
        {
            if (!create || !topics.Available)
            {
                return false;
            }

            db.TicketTopics.Add(new TicketTopic { Number = ticket.Number, Name = name });
            outbox.Topic(duty, ticket.Number, new TopicOperation(TopicVerb.Create, name, TopicTexts.IconColor(ticket.Level)));
            return true;
        }

        var closed = !ticket.IsOpen;
        var changed = false;
        if (row.Closed && !closed)
        {
            outbox.Topic(duty, ticket.Number, new TopicOperation(TopicVerb.Reopen, name));
            row.Closed = false;
            changed = true;
        }

        if (row.Name != name)
        {
            outbox.Topic(duty, ticket.Number, new TopicOperation(TopicVerb.Rename, name));
            row.Name = name;
            changed = true;
        }

        if (!row.Closed && closed)
        {
            outbox.Topic(duty, ticket.Number, new TopicOperation(TopicVerb.Close, name));
            row.Closed = true;
            changed = true;
        }

        if (changed)
        {
            db.Entry(row).State = EntityState.Modified;
        }

        return true;
    }

    public void ToDuty(Func<Language, Reply> compose, int? topicLink = null) => ToGroup(staff.Duty, compose, [], topicLink);

    public void ToManagers(Func<Language, Reply> compose) => ToGroup(staff.Managers, compose, []);

    /// <summary>The staff chats' language.</summary>
    public Language GroupLanguage => staff.GroupLanguage;

    /// <summary>A picture to the managers' chat with the text as its caption (as much as fits; the rest follows).</summary>
    public void ToManagersWithChart(AttachmentRef chart, Func<Language, string> compose)
    {
        if (staff.Managers is { } managers)
        {
            outbox.SendCaptioned(managers, chart, compose(staff.GroupLanguage), CaptionLimit, staff.GroupLanguage, ChartTexts.Failed(staff.GroupLanguage));
        }
    }

    /// <summary>Telegram's limit for a caption under a photo or document.</summary>
    public const int CaptionLimit = 1024;

    /// <summary>To a staff chat, mentioning people by their messenger ids; with a link to a ticket's topic when it has one.</summary>
    public void ToGroup(ChatAddress? chat, Func<Language, Reply> compose, IReadOnlyList<Mention> mentions, int? topicLink = null)
    {
        if (chat is { } to)
        {
            var reply = compose(staff.GroupLanguage);
            outbox.Send(new OutgoingMessage(to, reply.Text) { Buttons = reply.Buttons, Mentions = mentions, Language = staff.GroupLanguage, TopicLink = topicLink });
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

    /// <summary>A message with buttons to a staff member's private chat, in their language.</summary>
    public void ToPerson(string staffUserId, Func<Language, Reply> compose)
    {
        var language = staff.Find(staff.Channel, staffUserId)?.Language ?? staff.GroupLanguage;
        var reply = compose(language);
        outbox.Send(new OutgoingMessage(new ChatAddress(staff.Channel, staffUserId), reply.Text) { Buttons = reply.Buttons, Language = language });
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
            ToDuty(l => Reply.Plain(StaffTexts.CustomerUnreachable(ticket, channel, l)), ticket.Number);
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
    /// A customer's message about a ticket reaches staff: into the ticket's topic (<see cref="TopicSupport.RelayToTopic"/>),
    /// and/or to the engineer holding it (private chat, «#N» first, tracked so a Telegram reply to it goes back to the
    /// customer), or to the duty chat when nobody holds it and it has no topic. When it <paramref name="answered"/> the
    /// holder's question, the holder is told the ticket is back with them first.
    /// </summary>
    public async Task RelayFromCustomerAsync(Ticket ticket, string? text, IReadOnlyList<AttachmentRef> files, bool answered = false, CancellationToken cancellationToken = default)
    {
        if (answered)
        {
            await RefreshCardAsync(ticket, cancellationToken);
            ToPerson(ticket.HolderId, l => StaffTexts.CustomerAnswered(ticket.Number, l));
        }

        var topic = topics.RelayToTopic && staff.Duty is { } duty && await TopicOfAsync(ticket, cancellationToken) is not null;
        if (topic)
        {
            var wrote = StaffTexts.CustomerWrote(ticket, text, files.Count, staff.GroupLanguage);
            outbox.Send(new OutgoingMessage(staff.Duty!.Value, wrote.Text)
            {
                Buttons = wrote.Buttons,
                Attachments = files,
                TrackAs = RelayKeyPrefix(ticket.Number) + Guid.NewGuid().ToString("N"),
                Language = staff.GroupLanguage,
                Topic = ticket.Number,
            });
        }

        var held = ticket.HolderId is not null && ticket.IsHeld;
        if (held && (!topic || topics.RelayPrivately))
        {
            var holder = ticket.HolderId!;
            var language = staff.Find(staff.Channel, holder)?.Language ?? staff.GroupLanguage;
            outbox.Send(new OutgoingMessage(new ChatAddress(staff.Channel, holder), StaffTexts.Relayed(ticket, text))
            {
                Attachments = files,
                TrackAs = RelayKeyPrefix(ticket.Number) + Guid.NewGuid().ToString("N"),
                Language = language,
            });
        }
        else if (!held && !topic)
        {
            ToDuty(l => StaffTexts.CustomerWrote(ticket, text, files.Count, l));
        }
    }
}
