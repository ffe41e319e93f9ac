using ChatSupport.Bot.Export;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Localization;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Staff.Handlers;

/// <summary>
/// A manager's /export FROM TO: how many tickets the period has, then the CSV as a file in the same chat (written when the
/// outbox sends it, <see cref="ExportFiles"/>). A period too big for a chat file is pointed at the server command instead.
/// </summary>
public sealed class ExportHandler(SupportDbContext db, SlaSetup sla) : IStaffHandler<StaffCommand.Export>
{
    /// <summary>More tickets than this (about 13 MB of CSV) go through the server's <c>export</c> command, not the chat.</summary>
    public const int ChatLimit = 50_000;

    public async Task<string?> HandleAsync(StaffTurn turn, StaffCommand.Export input, CancellationToken cancellationToken)
    {
        var period = new DateInterval(input.From, input.To);
        var (start, end) = Domain.Digest.DigestCalculator.Bounds(input.From, input.To, sla.Format.Zone);
        var tickets = await db.Tickets.CountAsync(t => t.Registered >= start && t.Registered < end, cancellationToken);
        if (tickets > ChatLimit)
        {
            turn.Say(StaffTexts.ExportTooBig(period, tickets, ChatLimit, turn.Lang));
            return null;
        }

        turn.Outbox.Send(new OutgoingMessage(turn.Update.Chat, StaffTexts.ExportComing(period, tickets, sla.Format, turn.Lang))
        {
            Attachments = [ExportFiles.Csv(input.From, input.To, turn.Lang)],
            FileNotice = StaffTexts.ExportFailed(period, turn.Lang),
            Language = turn.Lang,
            Topic = turn.Topic,
        });
        return null;
    }
}
