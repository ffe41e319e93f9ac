using ChatSupport.Bot.Mail;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Mail;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Dialogue;

/// <summary>
/// A letter to the support mailbox, handled in the update's transaction. A letter that answers one of the customer's
/// open tickets — it replies to a letter of that ticket's thread, or its subject carries <c>[#N]</c> — and comes from
/// the ticket's own address is added to it and relayed to its engineer, as a chat message would be; a letter whose
/// sender the receiving server did not confirm never joins a ticket. Any other letter is a new request, registered at
/// once: received when the mail server got it, its level and category from the subject (none named: level 3 for an
/// engineer to check, category «не указана»), acknowledged by a letter in its thread — unless it is an automatic letter,
/// its sender is not confirmed, or the address had <c>Mail:AutoRepliesPerAddressPerHour</c> automatic letters in the last hour.
/// A reply to a resolved ticket starting with «да» or «нет» answers «Проблема решена?» as its buttons would.
/// Letters are exempt from chat flood control (the pipeline never drops one).
/// </summary>
public sealed class LetterConversation(
    SupportDbContext db,
    TicketRepository tickets,
    TicketRegistrar registrar,
    TicketNotifier notify,
    OutboxWriter outbox,
    StaffDirectory staff,
    Scheduling.IEscalationScheduler escalation,
    Handlers.ConfirmHandler confirm,
    Handlers.SatisfactionHandler satisfaction,
    MailOptions options,
    SlaSetup sla,
    Privacy.PrivacyOptions privacy,
    IncidentBoard incidents,
    TimeProvider time)
{
    public async Task<string?> HandleAsync(IncomingUpdate update, CancellationToken cancellationToken)
    {
        var letter = update.Letter!;
        var now = time.GetCurrentInstant();
        if (letter.MessageId is { } known && await db.MailLetters.AnyAsync(l => l.MessageId == known && !l.Outgoing && l.Address == update.ChatId, cancellationToken))
        {
            // Taken before (the update's own mark may have been swept since): never a second ticket.
            return null;
        }

        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Channel == update.Channel && c.UserId == update.From.UserId, cancellationToken);
        if (customer is null)
        {
            customer = Customer.FirstSeen(update.Channel, update.From, update.ChatId);
            db.Customers.Add(customer);
            // Its id is needed for the ticket: saved inside the update's transaction.
            await db.SaveChangesAsync(cancellationToken);
        }
        else if (!letter.Unverified)
        {
            // An unconfirmed sender changes nothing on the profile of the address it claims.
            customer.Seen(update.From, update.ChatId);
        }

        if (customer.IsBlocked)
        {
            // Kept, never a ticket nor a relay — a letter failing SPF/DKIM too (or a forged From would get round the block);
            // told once, by letter, where to object — not in answer to an automatic or unconfirmed letter.
            db.BlockedMessages.Add(BlockedMessage.Of(customer.Id, now, update));
            if (!letter.Automatic && !letter.Unverified && customer.TellBlockedOnce(now))
            {
                // Not the support mailbox itself: that is the address that no longer takes their letters.
                outbox.Send(new OutgoingMessage(new ChatAddress(update.Channel, update.ChatId), BlockTexts.ToCustomer(privacy.ObjectionAddressForMail, customer.Language, byMail: true)) { Language = customer.Language });
            }

            return null;
        }

        // What a letter's first line asks for acts only for a confirmed person writing (not an auto-reply, not a forgery).
        var acts = !letter.Automatic && !letter.Unverified;

        // «Организация: …» opening a letter (the acknowledgement asks for it): kept on the customer's profile.
        if (acts && MailSubject.OrganisationNamed(FirstLine(update.Text)) is { } named && IntakeRules.NormaliseOrganisation(named) is not null)
        {
            customer.SetOrganisation(named);
        }

        var reading = letter.Reading;
        var thread = letter.Unverified ? null : await ThreadOfAsync(letter, reading, customer, cancellationToken);
        if (acts && thread is { Status: TicketStatus.Resolved } resolved && MailSubject.SolvedAnswer(FirstLine(update.Text)) is { } solved)
        {
            // «Проблема решена?» answered by a reply: «да» closes the ticket, «нет» reopens it.
            await RememberAsync(letter, resolved.Number, update.ChatId, now, cancellationToken);
            var said = await confirm.AnswerAsync(resolved, solved, now, cancellationToken);
            await notify.ToCustomerAsync(resolved, said, cancellationToken: cancellationToken);
            return null;
        }

        if (acts && update.Attachments.Count == 0 && thread is { Status: TicketStatus.Closed, SatisfactionAskedAt: not null, SatisfactionScore: null } closed
            && MailSubject.ScoreAnswer(update.Text) is var (score, words))
        {
            // A digit answering the closing letter's «Оцените…»: the score, and the words after it as its comment.
            await RememberAsync(letter, closed.Number, update.ChatId, now, cancellationToken);
            satisfaction.Rate(customer, closed, score, now);
            customer.StopAwaiting();
            var commented = closed.CommentSatisfaction(words, now);
            if (commented && closed.HasLowScore)
            {
                notify.ToManagers(l => StaffTexts.LowScoreComment(closed, l));
            }

            await notify.ToCustomerAsync(closed, l => Reply.Plain(MailTexts.ScoreSaved(closed.Number, score, commented, closed.HasLowScore, l)), cancellationToken: cancellationToken);
            return null;
        }

        if (thread is { IsOpen: true } open)
        {
            // An automatic reply («I am out of office») is kept on the ticket but answers no question.
            var answered = open.AddCustomerComment(Comment(update, letter), update.Attachments, now, answers: acts);
            await notify.RelayFromCustomerAsync(open, Comment(update, letter), update.Attachments, answered, cancellationToken);
            await RememberAsync(letter, open.Number, update.ChatId, now, cancellationToken);
            // «уровень 1» opening the reply: the customer's word on the level, taken while nobody holds the ticket.
            if (acts && MailSubject.Read(FirstLine(update.Text)).Level is { } wanted && open.ChangeLevelByCustomer(wanted, now, sla.Policy))
            {
                await notify.RefreshCardAsync(open, cancellationToken);
                escalation.Reschedule(open);
                await notify.ToCustomerAsync(open, l => Reply.Plain(MailTexts.LevelChanged(open, sla.Format, l)), cancellationToken: cancellationToken);
            }

            return null;
        }

        var flags = MailTexts.Flags(letter, staff.GroupLanguage);
        var description = string.Join("\n\n", new[] { flags, reading.Topic, update.Text }.Where(t => !string.IsNullOrWhiteSpace(t)));
        var draft = new TicketDraft(
            customer.Organisation ?? string.Empty,
            reading.Category,
            description.Length == 0 ? MailTexts.GeneralSubject(customer.Language) : description,
            update.Attachments,
            reading.Level ?? PriorityLevel.Low,
            reading.Level is null ? LevelChoice.Triage : LevelChoice.Customer,
            letter.Received)
        {
            Unconfirmed = letter.Unverified || letter.Malformed,
        };
        var ticket = await registrar.RegisterAsync(customer, draft, now, cancellationToken);
        db.MailThreads.Add(new MailThread { TicketNumber = ticket.Number, Topic = Texts.SafeCut(reading.Topic, 500) });
        await RememberAsync(letter, ticket.Number, update.ChatId, now, cancellationToken);
        // No automatic answer to an automatic letter (no loops), nor to a sender the server did not confirm (a forged
        // From would have the desk write to a stranger).
        if (acts && update.ChatId != LetterMapper.Unknown && await MayAnswerAutomaticallyAsync(update.ChatId, now, cancellationToken))
        {
            db.MailAutoReplies.Add(new MailAutoReply { Address = update.ChatId, At = now });
            var text = MailTexts.Acknowledgement(ticket, update.From.DisplayName, string.IsNullOrWhiteSpace(customer.Organisation), sla.Format, sla.Policy.Terms, customer.Language, options.DisplayName);
            if (await incidents.OpenAsync(cancellationToken) is { } incident)
            {
                // No button in a letter: the engineers link it (/incident link) when it is about the incident.
                text += "\n\n" + IncidentTexts.KnownByMail(incident, customer.Language);
            }

            if (customer.PrivacyNoticeAt is null && privacy.PolicyUrl is { } policy)
            {
                text += "\n\n" + PrivacyTexts.MailNotice(policy, customer.Language);
                customer.PrivacyNoticeShown(now);
            }

            outbox.Send(new OutgoingMessage(new ChatAddress(update.Channel, update.ChatId), text) { Thread = ticket.Number, Language = customer.Language });
        }

        return null;
    }

    private static string FirstLine(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;

    /// <summary>What the engineer reads of a reply: its text, or its topic when it has none (a file sent with a subject only).</summary>
    private static string? Comment(IncomingUpdate update, IncomingLetter letter) =>
        string.IsNullOrWhiteSpace(update.Text) ? (string.IsNullOrWhiteSpace(letter.Reading.Topic) ? null : letter.Reading.Topic) : update.Text;

    /// <summary>The customer's own ticket this letter continues: by the letters it answers, else by <c>[#N]</c> in its subject.</summary>
    private async Task<Ticket?> ThreadOfAsync(IncomingLetter letter, SubjectReading reading, Customer customer, CancellationToken cancellationToken)
    {
        int? number = null;
        if (letter.Answers.Count > 0)
        {
            var answered = letter.Answers.ToList();
            var known = await db.MailLetters.Where(l => answered.Contains(l.MessageId)).Select(l => new { l.MessageId, l.TicketNumber }).ToListAsync(cancellationToken);
            number = answered.Select(id => known.FirstOrDefault(k => k.MessageId == id)?.TicketNumber).FirstOrDefault(n => n is not null);
        }

        number ??= reading.TicketNumber;
        return number is { } n && customer.Id != 0 ? await tickets.LoadOwnAsync(customer.Id, n, cancellationToken) : null;
    }

    private async Task<bool> MayAnswerAutomaticallyAsync(string address, Instant now, CancellationToken cancellationToken)
    {
        var since = now - Duration.FromHours(1);
        return await db.MailAutoReplies.CountAsync(r => r.Address == address && r.At > since, cancellationToken) < options.AutoRepliesPerAddressPerHour;
    }

    /// <summary>The letter's id, so a reply to it finds the ticket; an id the desk knows already (a forged or reused one) is left as it is.</summary>
    private async Task RememberAsync(IncomingLetter letter, int ticket, string address, Instant at, CancellationToken cancellationToken)
    {
        if (letter.MessageId is { } id && !db.MailLetters.Local.Any(l => l.MessageId == id) && !await db.MailLetters.AnyAsync(l => l.MessageId == id, cancellationToken))
        {
            db.MailLetters.Add(new MailLetter { MessageId = id, TicketNumber = ticket, Address = address, At = at, Outgoing = false });
        }
    }
}
