using System.Globalization;
using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Dialogue;

/// <summary>
/// Everything a customer says in a private chat: commands, menu buttons, the intake dialogue, and
/// messages about tickets already registered. Runs inside the update's transaction; replies go to
/// the outbox of that transaction.
/// </summary>
public sealed class CustomerConversation(
    SupportDbContext db,
    DialogueStore dialogues,
    TicketRegistrar registrar,
    OutboxWriter outbox,
    TicketNotifier notify,
    IEscalationScheduler escalation,
    SlaSetup sla,
    StaffDirectory staff,
    FileTransfer files,
    IClock clock)
{
    /// <summary>Handles one update; returns the notice for a pressed button, if any.</summary>
    public async Task<string?> HandleAsync(IncomingUpdate update, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var customer = await FindOrCreateCustomerAsync(update, cancellationToken);
        var lang = customer.Language;
        var turn = new Turn(outbox, update, customer, now);

        if (update.IsEdit)
        {
            turn.Reply(CustomerTexts.EditedIgnored(lang));
            return null;
        }

        if (update.Unsupported != UnsupportedContent.None)
        {
            turn.Reply(CustomerTexts.Unsupported(update.Unsupported, lang));
            return null;
        }

        if (update.Button is { } press)
        {
            return await OnButtonAsync(turn, press.Data, cancellationToken);
        }

        // Files go to engineers in the staff messenger; one too big to cross is refused here, with the reason.
        var (kept, tooLarge) = files.Split(update.Attachments, staff.Channel);
        foreach (var file in tooLarge)
        {
            turn.Reply(Reply.Plain(Texts.FileTooLarge(file, files.MaxBytes, lang)));
        }

        if (tooLarge.Count > 0)
        {
            if (kept.Count == 0 && string.IsNullOrWhiteSpace(update.Text))
            {
                return null;
            }

            update = update with { Attachments = kept };
            turn = turn with { Update = update };
        }

        if (update.Command is { } command)
        {
            await OnCommandAsync(turn, command, cancellationToken);
            return null;
        }

        await OnMessageAsync(turn, cancellationToken);
        return null;
    }

    private async Task<Customer> FindOrCreateCustomerAsync(IncomingUpdate update, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Channel == update.Channel && c.UserId == update.From.UserId, cancellationToken);
        if (customer is null)
        {
            customer = Customer.FirstSeen(update.Channel, update.From, update.ChatId);
            db.Customers.Add(customer);
            await db.SaveChangesAsync(cancellationToken);
        }
        else
        {
            customer.Seen(update.From, update.ChatId);
        }

        return customer;
    }

    private async Task<string?> OnButtonAsync(Turn turn, string data, CancellationToken cancellationToken)
    {
        var lang = turn.Customer.Language;
        var parts = data.Split(':');
        switch (parts)
        {
            case ["m", "new"]:
                await StartDialogueAsync(turn, cancellationToken);
                return null;
            case ["m", "my"]:
                await ListTicketsAsync(turn, 0, cancellationToken);
                return null;
            case ["m", "help"]:
                turn.Reply(CustomerTexts.Help(lang, sla.Policy, sla.Format, turn.Now));
                return null;
            case ["my", var page] when int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p < 10_000:
                await ListTicketsAsync(turn, p, cancellationToken);
                return null;
            case ["t", var number]:
                await ShowTicketAsync(turn, number, cancellationToken);
                return null;
            case ["lang", "ru" or "en"]:
                turn.Customer.ChooseLanguage(parts[1] == "en" ? Language.En : Language.Ru);
                turn.Reply(CustomerTexts.LanguageSet(turn.Customer.Language));
                return turn.Customer.Language.L("Язык: русский", "Language: English");
            case ["cm", var number]:
                return await AttachHeldCommentAsync(turn, number, cancellationToken);
            case ["cf", var number, "y" or "n"]:
                return await ConfirmAsync(turn, number, parts[2] == "y", cancellationToken);
            case [var prefix, _] when StaffCommands.IsStaffButton(data):
                turn.Reply(Reply.Plain(StaffTexts.RefusedForNonStaff(lang)));
                return StaffTexts.RefusedForNonStaff(lang);
            case [IntakeDialogue.ButtonPrefix, var seqText, var action] when int.TryParse(seqText, NumberStyles.None, CultureInfo.InvariantCulture, out var seq):
                var active = await dialogues.FindActiveAsync(turn.Customer.Id, cancellationToken);
                if (active is null)
                {
                    turn.Reply(CustomerTexts.StaleButton(lang));
                    return lang.L("Кнопка устарела", "This button is out of date");
                }

                return await StepAsync(turn, active.Value.Record, active.Value.Dialogue, new IntakeInput.Press(seq, action), cancellationToken);
            default:
                turn.Reply(CustomerTexts.StaleButton(lang));
                return lang.L("Кнопка устарела", "This button is out of date");
        }
    }

    private async Task OnCommandAsync(Turn turn, BotCommand command, CancellationToken cancellationToken)
    {
        var customer = turn.Customer;
        var lang = customer.Language;
        switch (command.Name)
        {
            case "start":
                turn.Reply(CustomerTexts.Greeting(customer.DisplayName, lang));
                if (await dialogues.FindActiveAsync(customer.Id, cancellationToken) is { } inProgress)
                {
                    turn.Reply(CustomerTexts.DialogueInProgress(lang));
                    turn.Reply(inProgress.Dialogue.Prompt(lang));
                }

                break;
            case "help":
                turn.Reply(CustomerTexts.Help(lang, sla.Policy, sla.Format, turn.Now));
                break;
            case "new":
                await StartDialogueAsync(turn, cancellationToken);
                break;
            case "my":
                await ListTicketsAsync(turn, 0, cancellationToken);
                break;
            case "ticket":
                if (command.Args.Count == 0)
                {
                    turn.Reply(CustomerTexts.TicketUsage(lang));
                    break;
                }

                await ShowTicketAsync(turn, command.Args[0], cancellationToken);
                break;
            case "cancel":
                if (await dialogues.FindActiveAsync(customer.Id, cancellationToken) is { } active)
                {
                    await StepAsync(turn, active.Record, active.Dialogue, new IntakeInput.Cancel(), cancellationToken);
                }
                else if (customer.Awaiting != CustomerAwaiting.Nothing)
                {
                    var held = customer.PendingComment;
                    customer.StopAwaiting();
                    turn.Reply(new Reply(
                        held is null ? lang.L("Отменено.", "Cancelled.") : lang.L("Отменено: сообщение никуда не добавлено.", "Cancelled: the message was not added anywhere."),
                        IntakePrompts.MainMenu(lang)));
                }
                else
                {
                    turn.Reply(CustomerTexts.NothingToCancel(lang));
                }

                break;
            case "lang":
                switch (command.Args.FirstOrDefault()?.ToLowerInvariant())
                {
                    case "ru" or "рус" or "русский":
                        customer.ChooseLanguage(Language.Ru);
                        turn.Reply(CustomerTexts.LanguageSet(Language.Ru));
                        break;
                    case "en" or "eng" or "english":
                        customer.ChooseLanguage(Language.En);
                        turn.Reply(CustomerTexts.LanguageSet(Language.En));
                        break;
                    default:
                        turn.Reply(CustomerTexts.ChooseLanguage(lang));
                        break;
                }

                break;
            case "profile":
                customer.AwaitOrganisation();
                turn.Reply(CustomerTexts.AskOrganisation(customer.Organisation, lang));
                break;
            case var name when StaffCommands.IsStaffOnly(name):
                turn.Reply(Reply.Plain(StaffTexts.RefusedForNonStaff(lang)));
                break;
            default:
                turn.Reply(CustomerTexts.UnknownCommand(command.Name, lang));
                break;
        }
    }

    private async Task OnMessageAsync(Turn turn, CancellationToken cancellationToken)
    {
        var customer = turn.Customer;
        var update = turn.Update;
        var lang = customer.Language;

        if (customer.Awaiting == CustomerAwaiting.Organisation)
        {
            if (IntakeRules.NormaliseOrganisation(update.Text) is { } organisation)
            {
                customer.SetOrganisation(organisation);
                turn.Reply(CustomerTexts.OrganisationSaved(organisation, lang));
            }
            else
            {
                turn.Reply(CustomerTexts.OrganisationInvalid(lang));
            }

            return;
        }

        if (await dialogues.FindActiveAsync(customer.Id, cancellationToken) is { } active)
        {
            await StepAsync(turn, active.Record, active.Dialogue, new IntakeInput.Message(update.Text, update.Attachments), cancellationToken);
            return;
        }

        // No dialogue: the message is about a ticket already registered — or the start of a new one.
        var open = await OpenTicketsAsync(customer.Id, cancellationToken);
        var held = customer.Awaiting == CustomerAwaiting.CommentTarget ? customer.PendingComment : null;
        var comment = Merge(held, update.Text, update.Attachments);
        switch (open.Count)
        {
            case 0:
                customer.StopAwaiting();
                turn.Reply(CustomerTexts.NoTicketsYet(lang));
                break;
            case 1:
                customer.StopAwaiting();
                AddComment(turn, open[0], comment);
                break;
            default:
                customer.HoldComment(comment);
                turn.Reply(CustomerTexts.WhichTicket(open, lang));
                break;
        }
    }

    private async Task<string?> AttachHeldCommentAsync(Turn turn, string numberText, CancellationToken cancellationToken)
    {
        var lang = turn.Customer.Language;
        var held = turn.Customer.Awaiting == CustomerAwaiting.CommentTarget ? turn.Customer.PendingComment : null;
        if (held is null)
        {
            turn.Reply(CustomerTexts.StaleButton(lang));
            return lang.L("Кнопка устарела", "This button is out of date");
        }

        var ticket = await FindOwnTicketAsync(turn.Customer.Id, numberText, cancellationToken);
        if (ticket is null || !ticket.IsOpen)
        {
            turn.Reply(CustomerTexts.TicketNotFound($"#{numberText}", lang));
            return null;
        }

        turn.Customer.TakeComment();
        AddComment(turn, ticket, held);
        return lang.L($"Добавлено к #{ticket.Number}", $"Added to #{ticket.Number}");
    }

    private void AddComment(Turn turn, Ticket ticket, PendingComment comment)
    {
        // Stored on the ticket before it is relayed, in the same transaction.
        ticket.AddCustomerComment(comment.Text, comment.Attachments, turn.Now);
        notify.RelayFromCustomer(ticket, comment.Text, comment.Attachments);
        turn.Reply(CustomerTexts.CommentAdded(ticket.Number, turn.Customer.Language));
    }

    /// <summary>«Проблема решена?» — yes closes the ticket, no reopens it with a new reaction window.</summary>
    private async Task<string?> ConfirmAsync(Turn turn, string numberText, bool solved, CancellationToken cancellationToken)
    {
        var lang = turn.Customer.Language;
        var ticket = await FindOwnTicketAsync(turn.Customer.Id, numberText, cancellationToken);
        if (ticket is null || ticket.Status != TicketStatus.Resolved)
        {
            turn.Reply(ticket is null ? CustomerTexts.TicketNotFound($"#{numberText}", lang) : CustomerTexts.TicketCard(ticket, sla.Format, lang));
            return lang.L("Кнопка устарела", "This button is out of date");
        }

        var holder = ticket.HolderId;
        if (solved)
        {
            ticket.Confirm(turn.Now);
            notify.RefreshCard(ticket);
            turn.Reply(new Reply(
                lang.L($"Спасибо! Заявка #{ticket.Number} закрыта. Если понадобится помощь — создайте новую заявку.", $"Thank you! Request #{ticket.Number} is closed. If you need help again, create a new request."),
                IntakePrompts.MainMenu(lang)));
            notify.ToPerson(holder, $"☑ Клиент подтвердил решение: #{ticket.Number} закрыта.");
            return lang.L("Заявка закрыта", "Request closed");
        }

        ticket.Reopen(turn.Now, sla.Policy);
        notify.RefreshCard(ticket);
        notify.PostCard(ticket);
        escalation.Reschedule(ticket);
        turn.Reply(Reply.Plain(lang.L(
            $"Заявка #{ticket.Number} открыта снова. Инженер возьмёт её в работу {sla.Format.Due(ticket.ReactionDeadline, lang)}. Напишите, что осталось не так, — я передам.",
            $"Request #{ticket.Number} is reopened. An engineer will take it {sla.Format.Due(ticket.ReactionDeadline, lang)}. Tell me what is still wrong and I will pass it on.")));
        notify.ToPerson(holder, $"🔁 Клиент открыл #{ticket.Number} снова: проблема не решена. Заявка вернулась в очередь.");
        return lang.L("Заявка открыта снова", "Request reopened");
    }

    private static PendingComment Merge(PendingComment? held, string? text, IReadOnlyList<AttachmentRef> attachments)
    {
        if (held is null)
        {
            return new PendingComment(text, attachments);
        }

        var joined = string.Join("\n", new[] { held.Text, text }.Where(t => !string.IsNullOrEmpty(t)));
        return new PendingComment(joined.Length == 0 ? null : joined, [.. held.Attachments, .. attachments]);
    }

    private async Task StartDialogueAsync(Turn turn, CancellationToken cancellationToken)
    {
        var lang = turn.Customer.Language;
        if (await dialogues.FindActiveAsync(turn.Customer.Id, cancellationToken) is { } active)
        {
            turn.Reply(CustomerTexts.DialogueInProgress(lang));
            turn.Reply(active.Dialogue.Prompt(lang));
            return;
        }

        turn.Customer.StopAwaiting();
        var earlier = await db.Dialogues.CountAsync(d => d.CustomerId == turn.Customer.Id, cancellationToken);
        var dialogue = IntakeDialogue.Start(turn.Now, turn.Customer.Organisation, firstStep: earlier * 1000, terms: sla.Policy.Terms);
        dialogues.Add(turn.Customer.Id, dialogue);
        turn.Reply(dialogue.Prompt(lang));
    }

    private async Task<string?> StepAsync(Turn turn, DialogueRecord record, IntakeDialogue dialogue, IntakeInput input, CancellationToken cancellationToken)
    {
        var lang = turn.Customer.Language;
        var outcome = dialogue.Handle(input, turn.Now, lang);
        if (outcome.OrganisationLearned is { } organisation && turn.Customer.Organisation is null)
        {
            turn.Customer.SetOrganisation(organisation);
        }

        foreach (var reply in outcome.Replies)
        {
            turn.Reply(reply);
        }

        if (outcome.Register is { } draft)
        {
            var ticket = await registrar.RegisterAsync(turn.Customer, draft, turn.Now, cancellationToken);
            record.TicketNumber = ticket.Number;
            turn.Reply(IntakePrompts.Registered(ticket, sla.Format, lang));
        }

        DialogueStore.Save(record, dialogue);
        return outcome.Notice;
    }

    private async Task ListTicketsAsync(Turn turn, int page, CancellationToken cancellationToken)
    {
        var query = db.Tickets.Where(t => t.CustomerId == turn.Customer.Id);
        var total = await query.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + CustomerTexts.TicketsPerPage - 1) / CustomerTexts.TicketsPerPage);
        page = Math.Clamp(page, 0, pages - 1);
        var items = await query.OrderByDescending(t => t.Number)
            .Skip(page * CustomerTexts.TicketsPerPage).Take(CustomerTexts.TicketsPerPage)
            .ToListAsync(cancellationToken);
        turn.Reply(CustomerTexts.TicketList(items, page, pages, sla.Format, turn.Customer.Language));
    }

    private async Task ShowTicketAsync(Turn turn, string numberText, CancellationToken cancellationToken)
    {
        var ticket = await FindOwnTicketAsync(turn.Customer.Id, numberText, cancellationToken);
        turn.Reply(ticket is null
            ? CustomerTexts.TicketNotFound(Texts.Preview(numberText.StartsWith('#') ? numberText : "#" + numberText, 20), turn.Customer.Language)
            : CustomerTexts.TicketCard(ticket, sla.Format, turn.Customer.Language));
    }

    private async Task<Ticket?> FindOwnTicketAsync(long customerId, string numberText, CancellationToken cancellationToken)
    {
        if (!int.TryParse(numberText.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        return await db.Tickets.Include(t => t.Messages).Include(t => t.Attachments).Include(t => t.Windows)
            .SingleOrDefaultAsync(t => t.Number == number && t.CustomerId == customerId, cancellationToken);
    }

    private Task<List<Ticket>> OpenTicketsAsync(long customerId, CancellationToken cancellationToken) =>
        db.Tickets.Include(t => t.Messages).Include(t => t.Attachments)
            .Where(t => t.CustomerId == customerId && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.Number)
            .ToListAsync(cancellationToken);

    /// <summary>One update's context: who, when, and where replies go.</summary>
    private sealed record Turn(OutboxWriter Outbox, IncomingUpdate Update, Customer Customer, Instant Now)
    {
        public void Reply(Reply reply) => Outbox.Send(new OutgoingMessage(Update.Chat, reply.Text) { Buttons = reply.Buttons });
    }
}
