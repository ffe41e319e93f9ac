using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Staff.Handlers;
using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// What engineers and managers do, in a private chat with the bot or in the duty chat, routed: buttons read by
/// <see cref="ButtonCodec"/>, commands by <see cref="StaffCommand.Parse"/>, a reply to a relayed customer message —
/// each to its one handler. A ticket's refusal is answered in the staff member's language. Runs inside the
/// update's transaction.
/// </summary>
public sealed class StaffConversation(OutboxWriter outbox, StaffDirectory directory, StaffReachability reachability, IServiceProvider services, TimeProvider time)
{
    /// <summary>Handles one update from a staff member; returns the notice for a pressed button.</summary>
    public async Task<string?> HandleAsync(IncomingUpdate update, StaffMember staff, CancellationToken cancellationToken)
    {
        var turn = new StaffTurn(update, staff, Customer.LanguageHint(update.From.LanguageCode), time.GetCurrentInstant(), outbox, directory)
        {
            Topic = update.Topic is { } thread && update.ChatKind != ChatKind.Private ? await TicketOfTopicAsync(update, thread, cancellationToken) : null,
        };
        // Remembered so a manager may name them by @username (/duty swap).
        await services.GetRequiredService<DutyService>().RememberUsernameAsync(staff, update.From.Username, cancellationToken);
        if (update.ChatKind == ChatKind.Private && await reachability.HeardFromAsync(staff, cancellationToken) is > 0 and var released)
        {
            // Their first word in private: what waited for them goes out first (older rows), then this line.
            turn.Say(StaffTexts.HeldDelivered(released, turn.Lang));
        }

        try
        {
            if (update.IsEdit)
            {
                // An edit must not run a command (or send a reply) a second time.
                if (!turn.InGroup)
                {
                    turn.Say(StaffTexts.EditIgnored(turn.Lang));
                }

                return null;
            }

            if (update.Button is { } press)
            {
                return ButtonCodec.Decode(press.Data) switch
                {
                    ClaimAction claim => await Run(turn, claim, cancellationToken),
                    DetailsAction details => await Run(turn, details, cancellationToken),
                    WaitAction wait => await Run(turn, wait, cancellationToken),
                    AssignAction assign => await Run(turn, assign, cancellationToken),
                    DeclineAssignmentAction decline => await Run(turn, decline, cancellationToken),
                    IncidentClaimAction incident => await Run(turn, incident, cancellationToken),
                    IncidentCloseAction incident => await Run(turn, incident, cancellationToken),
                    _ => CustomerTexts.StaleNotice(turn.Lang),
                };
            }

            if (update.Command is { } command)
            {
                return await OnCommandAsync(turn, StaffCommand.Parse(command, withFiles: update.Attachments.Count > 0), cancellationToken);
            }

            if (turn.Topic is { } number && (update.Text is not null || update.Attachments.Count > 0))
            {
                return await Run(turn, new TopicMessage(number, update.ReplyToMessageId, update.Text), cancellationToken);
            }

            if (!turn.InGroup && (update.Text is not null || update.Attachments.Count > 0))
            {
                return await Run(turn, new RelayedReply(update.ReplyToMessageId, update.Text), cancellationToken);
            }

            return null;
        }
        catch (TicketActionException refused)
        {
            // A pressed button is answered by its notice alone (no chatter in the duty chat); a command by a line.
            var why = TicketTexts.Refusal(refused.Refusal, turn.Lang);
            if (update.Button is not null)
            {
                return Texts.Preview(why, 190);
            }

            turn.Say(why);
            return null;
        }
    }

    private Task<string?> OnCommandAsync(StaffTurn turn, StaffCommand command, CancellationToken cancellationToken)
    {
        if (command.ManagersOnly && !turn.Staff.IsManager)
        {
            turn.Say(StaffTexts.RefusedForNonManager(turn.Lang));
            return Task.FromResult<string?>(null);
        }

        switch (command)
        {
            case StaffCommand.Help help:
                turn.Say(StaffTexts.Help(turn.Staff.IsManager, turn.Lang));
                return Task.FromResult<string?>(null);
            case StaffCommand.Queue queue:
                return Run(turn, queue, cancellationToken);
            case StaffCommand.Mine mine:
                return Run(turn, mine, cancellationToken);
            case StaffCommand.ShowTicket show:
                return Run(turn, show, cancellationToken);
            case StaffCommand.Claim claim:
                return Run(turn, claim, cancellationToken);
            case StaffCommand.Release release:
                return Run(turn, release, cancellationToken);
            case StaffCommand.Reply reply:
                return Run(turn, reply, cancellationToken);
            case StaffCommand.Note note:
                return Run(turn, note, cancellationToken);
            case StaffCommand.ChangeLevel level:
                return Run(turn, level, cancellationToken);
            case StaffCommand.Resolve resolve:
                return Run(turn, resolve, cancellationToken);
            case StaffCommand.Wait wait:
                return Run(turn, wait, cancellationToken);
            case StaffCommand.DutyShow show:
                return Run(turn, show, cancellationToken);
            case StaffCommand.DutyToggle toggle:
                return Run(turn, toggle, cancellationToken);
            case StaffCommand.DutySwap swap:
                return Run(turn, swap, cancellationToken);
            case StaffCommand.Export export:
                return Run(turn, export, cancellationToken);
            case StaffCommand.Assign assign:
                return Run(turn, assign, cancellationToken);
            case StaffCommand.Reassign reassign:
                return Run(turn, reassign, cancellationToken);
            case StaffCommand.Block block:
                return Run(turn, block, cancellationToken);
            case StaffCommand.StaffList list:
                return Run(turn, list, cancellationToken);
            case StaffCommand.StaffAdd add:
                return Run(turn, add, cancellationToken);
            case StaffCommand.StaffRemove remove:
                return Run(turn, remove, cancellationToken);
            case StaffCommand.StaffSetRole role:
                return Run(turn, role, cancellationToken);
            case StaffCommand.Unblock unblock:
                return Run(turn, unblock, cancellationToken);
            case StaffCommand.Digest digest:
                return Run(turn, digest, cancellationToken);
            case StaffCommand.IncidentShow incident:
                return Run(turn, incident, cancellationToken);
            case StaffCommand.IncidentOpen incident:
                return Run(turn, incident, cancellationToken);
            case StaffCommand.IncidentLink incident:
                return Run(turn, incident, cancellationToken);
            case StaffCommand.IncidentClaim incident:
                return Run(turn, incident, cancellationToken);
            case StaffCommand.IncidentUpdate incident:
                return Run(turn, incident, cancellationToken);
            case StaffCommand.IncidentClose incident:
                return Run(turn, incident, cancellationToken);
            case StaffCommand.Malformed malformed:
                turn.Say(StaffTexts.Usage(malformed.Name, turn.Lang));
                return Task.FromResult<string?>(null);
            default:
                // In the duty chat other bots' and people's commands are not ours to answer.
                if (!turn.InGroup)
                {
                    turn.Say(StaffTexts.UnknownCommand(command.Name, turn.Lang));
                }

                return Task.FromResult<string?>(null);
        }
    }

    /// <summary>The ticket whose topic this is (its id tracked as «topic:N» when the bot created it); null for any other topic.</summary>
    private async Task<int?> TicketOfTopicAsync(IncomingUpdate update, string thread, CancellationToken cancellationToken)
    {
        var key = await services.GetRequiredService<Persistence.SupportDbContext>().TrackedMessages.AsNoTracking()
            .Where(m => m.Channel == update.Channel && m.ChatId == update.ChatId && m.MessageId == thread && m.Key.StartsWith(OutboxWriter.TopicKeyStart))
            .Select(m => m.Key).FirstOrDefaultAsync(cancellationToken);
        return key is not null && int.TryParse(key.AsSpan(OutboxWriter.TopicKeyStart.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
    }

    private Task<string?> Run<TInput>(StaffTurn turn, TInput input, CancellationToken cancellationToken) =>
        services.GetRequiredService<IStaffHandler<TInput>>().HandleAsync(turn, input, cancellationToken);
}
