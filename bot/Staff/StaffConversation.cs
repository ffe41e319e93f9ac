using System.Globalization;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// What engineers and managers do, in a private chat with the bot or in the duty chat: the queue,
/// claiming, relaying to the customer, notes, level changes, releasing and resolving. Runs inside the
/// update's transaction.
/// </summary>
public sealed class StaffConversation(
    SupportDbContext db,
    TicketNotifier notify,
    OutboxWriter outbox,
    IEscalationScheduler escalation,
    Digest.DigestService digests,
    SlaSetup sla,
    StaffDirectory staff,
    Channels.FileTransfer transfer,
    StaffReachability reachability,
    IClock clock)
{
    /// <summary>Handles one update from a staff member; returns the notice for a pressed button.</summary>
    public async Task<string?> HandleAsync(IncomingUpdate update, StaffMember staff, CancellationToken cancellationToken)
    {
        var lang = Customer.LanguageHint(update.From.LanguageCode);
        var turn = new Turn(update, staff, lang, clock.GetCurrentInstant());
        if (update.ChatKind == ChatKind.Private && await reachability.HeardFromAsync(staff, cancellationToken) is > 0 and var released)
        {
            // Their first word in private: what waited for them goes out first (older rows), then this line.
            Say(turn, Reply.Plain(StaffTexts.HeldDelivered(released, lang)));
        }

        try
        {
            if (update.IsEdit)
            {
                // An edit must not run a command (or send a reply) a second time.
                if (update.ChatKind == ChatKind.Private)
                {
                    Say(turn, Reply.Plain(lang.L(
                        "Изменения в отправленных сообщениях я не применяю и клиенту не пересылаю. Пришлите исправление новым сообщением.",
                        "I do not apply edits to messages already sent, nor pass them to the customer. Send the correction as a new message.")));
                }

                return null;
            }

            if (update.Button is { } press)
            {
                return await OnButtonAsync(turn, press.Data, cancellationToken);
            }

            if (update.Command is { } command)
            {
                await OnCommandAsync(turn, command, cancellationToken);
                return null;
            }

            if (update.ChatKind == ChatKind.Private && (update.Text is not null || update.Attachments.Count > 0))
            {
                await OnPrivateMessageAsync(turn, cancellationToken);
            }

            return null;
        }
        catch (TicketActionException refused)
        {
            // A pressed button is answered by its notice alone (no chatter in the duty chat); a command by a line.
            if (update.Button is not null)
            {
                return Texts.Preview(refused.In(lang), 190);
            }

            Say(turn, Reply.Plain(refused.In(lang)));
            return null;
        }
    }

    private async Task<string?> OnButtonAsync(Turn turn, string data, CancellationToken cancellationToken)
    {
        switch (data.Split(':'))
        {
            case ["claim", var n]:
                var claimed = await ClaimAsync(turn, n, cancellationToken);
                return claimed is null ? null : turn.Lang.L($"Вы взяли #{claimed.Number}", $"You took #{claimed.Number}");
            case ["info", var n]:
                await ShowAsync(turn, n, cancellationToken);
                return null;
            default:
                return turn.Lang.L("Кнопка устарела", "This button is out of date");
        }
    }

    private async Task OnCommandAsync(Turn turn, BotCommand command, CancellationToken cancellationToken)
    {
        var args = command.Args;
        switch (command.Name)
        {
            case "start" or "help":
                Say(turn, Reply.Plain(StaffTexts.Help(turn.Staff.IsManager, turn.Lang)));
                break;
            case "queue":
                var waiting = await db.Tickets.Include(t => t.Attachments)
                    .Where(t => t.Status == TicketStatus.Registered || t.Status == TicketStatus.Reopened)
                    .OrderBy(t => t.ReactionDeadline.At).ThenBy(t => t.Number)
                    .Take(30)
                    .ToListAsync(cancellationToken);
                Say(turn, StaffTexts.Queue(waiting, sla.Format, turn.Now, turn.Lang));
                break;
            case "mine":
                var mine = await db.Tickets
                    .Where(t => t.HolderId == turn.Staff.UserId && (t.Status == TicketStatus.InProgress || t.Status == TicketStatus.Resolved))
                    .OrderBy(t => t.Number)
                    .ToListAsync(cancellationToken);
                Say(turn, StaffTexts.Mine(mine, sla.Format, turn.Lang));
                break;
            case "ticket":
                if (args.Count == 0)
                {
                    Say(turn, Reply.Plain(StaffTexts.Usage("ticket", turn.Lang)));
                    break;
                }

                await ShowAsync(turn, args[0], cancellationToken);
                break;
            case "claim":
                if (args.Count == 0)
                {
                    Say(turn, Reply.Plain(StaffTexts.Usage("claim", turn.Lang)));
                    break;
                }

                await ClaimAsync(turn, args[0], cancellationToken);
                break;
            case "release":
                await WithTicketAsync(turn, command, needsText: false, async (ticket, rest) =>
                {
                    ticket.Release(turn.Staff, rest, turn.Now);
                    notify.RefreshCard(ticket);
                    escalation.Reschedule(ticket);
                    notify.ToDuty(new Reply(
                        $"↩ #{ticket.Number} возвращена в очередь ({turn.Staff.Name}){(string.IsNullOrWhiteSpace(rest) ? string.Empty : ": " + rest)}. {StaffTexts.TimeLeft(ticket.ReactionDeadline, turn.Now, Language.Ru)}.",
                        [[new Button("✋ Взять в работу", $"claim:{ticket.Number}")]]));
                    await notify.ToCustomerAsync(ticket, l => Reply.Plain(l.L(
                        $"Заявка #{ticket.Number} передаётся другому инженеру — он скоро с вами свяжется.",
                        $"Request #{ticket.Number} is being handed to another engineer, who will contact you soon.")), cancellationToken: cancellationToken);
                    if (!InDutyChat(turn))
                    {
                        Say(turn, Reply.Plain(turn.Lang.L($"#{ticket.Number} возвращена в очередь.", $"#{ticket.Number} is back in the queue.")));
                    }
                }, cancellationToken);
                break;
            case "reply":
                await WithTicketAsync(turn, command, needsText: turn.Update.Attachments.Count == 0, async (ticket, rest) =>
                    await ReplyToCustomerAsync(turn, ticket, rest, cancellationToken), cancellationToken);
                break;
            case "note":
                await WithTicketAsync(turn, command, needsText: true, (ticket, rest) =>
                {
                    ticket.AddNote(turn.Staff, rest!, turn.Now);
                    Say(turn, Reply.Plain(turn.Lang.L($"🔒 Заметка добавлена к #{ticket.Number} (клиент её не видит).", $"🔒 Note added to #{ticket.Number} (the customer never sees it).")));
                    return Task.CompletedTask;
                }, cancellationToken);
                break;
            case "level":
                await ChangeLevelAsync(turn, args, command, cancellationToken);
                break;
            case "resolve":
                await WithTicketAsync(turn, command, needsText: false, async (ticket, rest) =>
                {
                    ticket.Resolve(turn.Staff, rest, turn.Now);
                    notify.RefreshCard(ticket);
                    await notify.ToCustomerAsync(ticket, l => new Reply(
                        l.L($"Инженер {turn.Staff.Name} отметил заявку #{ticket.Number} как решённую", $"Engineer {turn.Staff.Name} marked request #{ticket.Number} as resolved")
                            + (string.IsNullOrWhiteSpace(rest) ? "." : ":\n" + rest)
                            + "\n\n" + l.L("Проблема решена?", "Is the problem solved?"),
                        [[new Button(l.L("✅ Да, закрыть", "✅ Yes, close it"), $"cf:{ticket.Number}:y"), new Button(l.L("↩ Нет, открыть снова", "↩ No, reopen"), $"cf:{ticket.Number}:n")]]),
                        cancellationToken: cancellationToken);
                    Say(turn, Reply.Plain(turn.Lang.L(
                        $"#{ticket.Number} отмечена решённой. Клиента спросили, решена ли проблема; без ответа заявка закроется сама.",
                        $"#{ticket.Number} is marked resolved. The customer was asked to confirm; without an answer it closes by itself.")));
                }, cancellationToken);
                break;
            case "digest" when !turn.Staff.IsManager:
                Say(turn, Reply.Plain(StaffTexts.RefusedForNonManager(turn.Lang)));
                break;
            case "digest":
                var day = digests.Yesterday();
                if (args.Count > 0)
                {
                    var parsed = NodaTime.Text.LocalDatePattern.Iso.Parse(args[0]);
                    if (!parsed.Success)
                    {
                        Say(turn, Reply.Plain(turn.Lang.L("Формат: /digest 2026-11-24 (без даты — за вчера)", "Use: /digest 2026-11-24 (no date: yesterday)")));
                        break;
                    }

                    day = parsed.Value;
                }

                var digest = await digests.ComputeAsync(day, cancellationToken);
                Say(turn, Reply.Plain(DigestTexts.Render(digest, sla.Format, turn.Lang)));
                break;
            default:
                if (!InDutyChat(turn) || StaffCommands.IsStaffOnly(command.Name))
                {
                    Say(turn, Reply.Plain(turn.Lang.L($"Не знаю команду /{command.Name}. Список — /help.", $"I don't know /{command.Name}. See /help.")));
                }

                break;
        }
    }

    /// <summary>In the private chat: a Telegram reply to a relayed customer message goes back to that customer.</summary>
    private async Task OnPrivateMessageAsync(Turn turn, CancellationToken cancellationToken)
    {
        var update = turn.Update;
        TrackedMessage? relayed = null;
        if (update.ReplyToMessageId is { } replyTo)
        {
            relayed = await db.TrackedMessages.FirstOrDefaultAsync(
                m => m.Channel == update.Channel && m.ChatId == update.ChatId && m.MessageId == replyTo && m.Key.StartsWith("relay:"), cancellationToken);
        }

        if (relayed is null || !int.TryParse(relayed.Key.Split(':')[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            Say(turn, Reply.Plain(turn.Lang.L(
                "Чтобы ответить клиенту, ответьте (Reply) на его пересланное сообщение или напишите /reply N текст. Команды — /help.",
                "To answer a customer, reply to their relayed message or send /reply N text. Commands: /help.")));
            return;
        }

        var ticket = await LoadAsync(number, cancellationToken);
        if (ticket is null)
        {
            Say(turn, Reply.Plain(StaffTexts.NotFound($"#{number}", turn.Lang)));
            return;
        }

        await ReplyToCustomerAsync(turn, ticket, update.Text, cancellationToken);
    }

    private async Task ReplyToCustomerAsync(Turn turn, Ticket ticket, string? text, CancellationToken cancellationToken)
    {
        // Files stay in the staff messenger by reference; one too big to reach the customer's messenger is refused here.
        var (files, tooLarge) = transfer.Split(turn.Update.Attachments, ticket.Customer.Channel);
        foreach (var file in tooLarge)
        {
            Say(turn, Reply.Plain(Texts.FileTooLarge(file, transfer.MaxBytes, turn.Lang)));
        }

        if (files.Count == 0 && string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        ticket.AddEngineerReply(turn.Staff, text, files, turn.Now);
        await notify.ToCustomerAsync(ticket, l => Reply.Plain(
            l.L($"💬 Инженер {turn.Staff.Name} по заявке #{ticket.Number}:", $"💬 Engineer {turn.Staff.Name} on request #{ticket.Number}:")
                + (string.IsNullOrWhiteSpace(text) ? string.Empty : "\n" + text)), files, cancellationToken);
        Say(turn, Reply.Plain(turn.Lang.L($"✓ Отправлено клиенту по #{ticket.Number}.", $"✓ Sent to the customer of #{ticket.Number}.")));
    }

    private async Task ChangeLevelAsync(Turn turn, IReadOnlyList<string> args, BotCommand command, CancellationToken cancellationToken)
    {
        if (args.Count < 3 || !PriorityLevels.TryParse(args[1], out var level))
        {
            Say(turn, Reply.Plain(StaffTexts.Usage("level", turn.Lang)));
            return;
        }

        await WithTicketAsync(turn, command, needsText: true, async (ticket, _) =>
        {
            var reason = string.Join(' ', args.Skip(2));
            var recomputed = ticket.ChangeLevel(level, reason, turn.Staff, turn.Now, sla.Policy);
            notify.RefreshCard(ticket);
            escalation.Reschedule(ticket);
            await notify.ToCustomerAsync(ticket, l => Reply.Plain(
                l.L($"Уровень заявки #{ticket.Number} изменён на {Texts.LevelName(level, l)}: {reason}.", $"The level of request #{ticket.Number} was changed to {Texts.LevelName(level, l)}: {reason}.")
                + (recomputed ? " " + l.L("Инженер возьмёт её в работу ", "An engineer will take it ") + sla.Format.Due(ticket.ReactionDeadline, l) + "." : string.Empty)),
                cancellationToken: cancellationToken);
            var dueRu = sla.Format.Due(ticket.ReactionDeadline, Language.Ru);
            var dueEn = sla.Format.Due(ticket.ReactionDeadline, Language.En);
            var ru = recomputed ? $"Новый срок реакции {dueRu}." : "Реакция уже учтена, срок не меняется.";
            var en = recomputed ? $"New reaction deadline {dueEn}." : "The reaction is already recorded; the deadline stays.";
            Say(turn, Reply.Plain(turn.Lang.L($"#{ticket.Number}: уровень {(int)level}. {ru}", $"#{ticket.Number}: level {(int)level}. {en}")));
        }, cancellationToken, skipArgs: 2);
    }

    private async Task<Ticket?> ClaimAsync(Turn turn, string numberText, CancellationToken cancellationToken)
    {
        if (!TryNumber(numberText, out var number))
        {
            Say(turn, Reply.Plain(StaffTexts.Usage("claim", turn.Lang)));
            return null;
        }

        var ticket = await LoadAsync(number, cancellationToken);
        if (ticket is null)
        {
            Say(turn, Reply.Plain(StaffTexts.NotFound($"#{number}", turn.Lang)));
            return null;
        }

        var window = ticket.Claim(turn.Staff, turn.Now);
        notify.RefreshCard(ticket);
        escalation.Reschedule(ticket);
        await notify.ToCustomerAsync(ticket, l => Reply.Plain(l.L(
            $"Инженер {turn.Staff.Name} взял вашу заявку #{ticket.Number} в работу.",
            $"Engineer {turn.Staff.Name} has taken your request #{ticket.Number}.")), cancellationToken: cancellationToken);

        var sla = window is null ? turn.Lang.L("реакция по ней уже была учтена", "its reaction was already recorded")
            : window.Met == true ? turn.Lang.L("реакция в срок", "reaction in time")
            : turn.Lang.L($"реакция с опозданием на {SupportTimeFormat.Span(window.Deadline.OverdueAt(turn.Now), turn.Lang)}", $"reaction late by {SupportTimeFormat.Span(window.Deadline.OverdueAt(turn.Now), turn.Lang)}");
        var text = turn.Lang.L(
            $"Вы взяли #{ticket.Number} ({sla}). Клиенту: /reply {ticket.Number} текст — или ответьте на его пересланное сообщение здесь.",
            $"You took #{ticket.Number} ({sla}). To the customer: /reply {ticket.Number} text — or reply to their relayed message here.");
        // The holder's private chat becomes the ticket's line, wherever the claim was pressed; while the messenger
        // refuses that chat, the duty chat hears it too (the private copy waits for them).
        outbox.Send(new OutgoingMessage(staff.PrivateChat(turn.Staff), text));
        SendCustomerFiles(turn, ticket, staff.PrivateChat(turn.Staff));
        if (turn.Update.ChatId != turn.Staff.UserId && (!InDutyChat(turn) || await reachability.IsUnreachableAsync(turn.Staff, cancellationToken)))
        {
            Say(turn, Reply.Plain(text));
        }

        return ticket;
    }

    private async Task ShowAsync(Turn turn, string numberText, CancellationToken cancellationToken)
    {
        if (!TryNumber(numberText, out var number))
        {
            Say(turn, Reply.Plain(StaffTexts.Usage("ticket", turn.Lang)));
            return;
        }

        var ticket = await db.Tickets.Include(t => t.Messages).Include(t => t.Attachments).SingleOrDefaultAsync(t => t.Number == number, cancellationToken);
        if (ticket is null)
        {
            Say(turn, Reply.Plain(StaffTexts.NotFound($"#{number}", turn.Lang)));
            return;
        }

        var history = await db.Set<TicketEvent>().Where(e => e.TicketId == ticket.Id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        // Details go to the private chat: a full history would flood the duty chat — unless the messenger refuses
        // that chat, and the duty chat is the only place this person can read it now.
        var full = StaffTexts.Full(ticket, history, sla.Format, turn.Now, turn.Lang);
        var to = InDutyChat(turn) && await reachability.IsUnreachableAsync(turn.Staff, cancellationToken) ? turn.Update.Chat : staff.PrivateChat(turn.Staff);
        outbox.Send(new OutgoingMessage(to, full.Text) { Buttons = full.Buttons });
        SendCustomerFiles(turn, ticket, to);
        if (to != turn.Update.Chat && InDutyChat(turn) && turn.Update.Button is null)
        {
            Say(turn, Reply.Plain(turn.Lang.L($"Подробности #{number} — в личном чате с ботом.", $"Details of #{number} are in your private chat with the bot.")));
        }
    }

    private async Task WithTicketAsync(Turn turn, BotCommand command, bool needsText, Func<Ticket, string?, Task> act, CancellationToken cancellationToken, int skipArgs = 1)
    {
        var args = command.Args;
        if (args.Count == 0 || !TryNumber(args[0], out var number))
        {
            Say(turn, Reply.Plain(StaffTexts.Usage(command.Name, turn.Lang)));
            return;
        }

        var rest = RestAfter(command.Arguments, skipArgs);
        if (needsText && string.IsNullOrWhiteSpace(rest))
        {
            Say(turn, Reply.Plain(StaffTexts.Usage(command.Name, turn.Lang)));
            return;
        }

        var ticket = await LoadAsync(number, cancellationToken);
        if (ticket is null)
        {
            Say(turn, Reply.Plain(StaffTexts.NotFound($"#{number}", turn.Lang)));
            return;
        }

        await act(ticket, string.IsNullOrWhiteSpace(rest) ? null : rest);
    }

    /// <summary>The text after the first <paramref name="skip"/> words, with its own line breaks kept.</summary>
    private static string RestAfter(string arguments, int skip)
    {
        var rest = arguments.AsSpan().TrimStart();
        for (var i = 0; i < skip && rest.Length > 0; i++)
        {
            var space = rest.IndexOfAny(' ', '\n', '\t');
            rest = space < 0 ? [] : rest[(space + 1)..].TrimStart();
        }

        return rest.ToString().Trim();
    }

    private Task<Ticket?> LoadAsync(int number, CancellationToken cancellationToken) =>
        db.Tickets.Include(t => t.Windows).Include(t => t.Attachments).SingleOrDefaultAsync(t => t.Number == number, cancellationToken);

    private static bool TryNumber(string text, out int number) =>
        int.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;

    /// <summary>The files the customer sent with the ticket, to the staff member (their private chat, as a rule).</summary>
    private void SendCustomerFiles(Turn turn, Ticket ticket, ChatAddress to)
    {
        var files = ticket.Attachments.Where(a => a.Author == TicketAuthor.Customer).Select(a => a.File).ToList();
        if (files.Count == 0)
        {
            return;
        }

        outbox.Send(new OutgoingMessage(
            to,
            turn.Lang.L($"📎 Файлы клиента по #{ticket.Number} ({Texts.Files(files.Count, turn.Lang)}):", $"📎 The customer's files on #{ticket.Number} ({Texts.Files(files.Count, turn.Lang)}):"))
        {
            Attachments = files,
            Language = turn.Lang,
        });
    }

    private bool InDutyChat(Turn turn) => turn.Update.ChatKind != ChatKind.Private;

    private void Say(Turn turn, Reply reply) =>
        outbox.Send(new OutgoingMessage(turn.Update.Chat, reply.Text) { Buttons = reply.Buttons });

    private sealed record Turn(IncomingUpdate Update, StaffMember Staff, Language Lang, Instant Now);
}
