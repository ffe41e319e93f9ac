using System.Globalization;
using System.Text.RegularExpressions;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Privacy;

/// <summary>What an erasure of one customer came to.</summary>
public abstract record ErasureOutcome
{
    /// <summary>Erased from these closed tickets (and the profile).</summary>
    public sealed record Done(IReadOnlyList<int> Tickets) : ErasureOutcome;

    /// <summary>Refused: these tickets are still open (their data is needed to solve them), or a request is being written.</summary>
    public sealed record Refused(IReadOnlyList<int> OpenTickets, bool DialogueActive) : ErasureOutcome;
}

/// <summary>
/// Erases a customer's personal data (152-ФЗ) — name, username, organisation, message texts, files, their e-mail address —
/// from their closed tickets, their profile, the history, the mail threads and the sent outbox, in the caller's
/// transaction. Numbers, times, levels, statuses, reaction windows, scores and SLA outcomes stay, so digests and
/// exports still count the tickets. The history keeps every line and learns one more (that an erasure happened, and
/// why); its free text and the customer's name and id are removed — the one update its trigger lets through
/// (migration <c>PersonalData</c>). The staff chat's card is edited to the anonymised one and the forum topic renamed.
/// </summary>
public sealed partial class PersonalDataEraser(SupportDbContext db, TicketRepository tickets, TicketNotifier notify, Staff.IncidentBoard incidents, PrivacyCheckpoint checkpoint, TimeProvider time)
{
    /// <summary>Outbox rows that are finished with (never a pending one, nor one held for a staff member).</summary>
    private static readonly OutboxStatus[] Done = [OutboxStatus.Sent, OutboxStatus.Undeliverable, OutboxStatus.Rejected, OutboxStatus.Superseded];

    public async Task<ErasureOutcome> EraseCustomerAsync(Customer customer, ErasureReason reason, CancellationToken cancellationToken)
    {
        var open = await db.Tickets.Where(t => t.CustomerId == customer.Id && t.Status != TicketStatus.Closed)
            .OrderBy(t => t.Number).Select(t => t.Number).ToListAsync(cancellationToken);
        var writing = await db.Dialogues.AnyAsync(d => d.CustomerId == customer.Id && d.Status == DialogueStatus.Active, cancellationToken);
        if (open.Count > 0 || writing)
        {
            return new ErasureOutcome.Refused(open, writing);
        }

        var now = time.GetCurrentInstant();
        var closed = await db.Tickets.Where(t => t.CustomerId == customer.Id).OrderBy(t => t.Number).Select(t => new { t.Id, t.Number }).ToListAsync(cancellationToken);
        var address = customer.Channel == Mail.MailChannel.Kind ? customer.UserId : null;
        var anonymousId = Anonymised.IdFor(customer.Id);
        await EraseTicketsAsync([.. closed.Select(t => t.Id)], [.. closed.Select(t => t.Number)], anonymousId, reason, now, cancellationToken);
        await EraseSentAboutAsync([.. closed.Select(t => t.Number)], cancellationToken);

        // The customer's own chat: everything the bot sent them (greetings by name, their ticket cards).
        await db.Outbox.Where(o => o.Channel == customer.Channel && o.ChatId == customer.ChatId && Done.Contains(o.Status)).ExecuteDeleteAsync(cancellationToken);
        // Finished dialogues (registered, cancelled, dropped); one started meanwhile on another replica is theirs to keep.
        await db.Dialogues.Where(d => d.CustomerId == customer.Id && d.Status != DialogueStatus.Active).ExecuteDeleteAsync(cancellationToken);
        await db.BlockedMessages.Where(m => m.CustomerId == customer.Id).ExecuteDeleteAsync(cancellationToken);
        if (address is not null)
        {
            await db.MailLetters.Where(l => l.Address == address).ExecuteUpdateAsync(s => s.SetProperty(l => l.Address, anonymousId!), cancellationToken);
            await db.MailAutoReplies.Where(r => r.Address == address).ExecuteDeleteAsync(cancellationToken);
            await db.ProcessedUpdates.Where(p => p.Channel == customer.Channel && p.UpdateKey.Contains(address)).ExecuteDeleteAsync(cancellationToken);
        }

        customer.Erase(now, address is null ? null : anonymousId);
        await db.SaveChangesAsync(cancellationToken);
        checkpoint.Request();
        return new ErasureOutcome.Done([.. closed.Select(t => t.Number)]);
    }

    /// <summary>
    /// <c>Support:Retention:MessagesDays</c>: tickets closed longer ago than that are anonymised the same way (not the
    /// customer's profile: they may be writing today). Returns how many tickets were purged.
    /// </summary>
    public async Task<int> PurgeClosedBeforeAsync(Instant cutoff, CancellationToken cancellationToken)
    {
        var due = await db.Tickets.Where(t => t.Status == TicketStatus.Closed && t.ClosedAt < cutoff && t.ErasedAt == null)
            .OrderBy(t => t.Number).Take(500).Select(t => new { t.Id, t.Number, t.CustomerId }).ToListAsync(cancellationToken);
        foreach (var group in due.GroupBy(t => t.CustomerId))
        {
            await EraseTicketsAsync([.. group.Select(t => t.Id)], [.. group.Select(t => t.Number)], Anonymised.IdFor(group.Key), ErasureReason.Retention, time.GetCurrentInstant(), cancellationToken, refreshCards: false);
        }

        // What was sent before the cutoff is done with (cards, relays, replies, notices): one statement instead of a search
        // per ticket; and dialogues that ended before it (registered, cancelled, dropped) hold the words they gathered.
        await db.Outbox.Where(o => Done.Contains(o.Status) && o.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.Dialogues.Where(d => d.Status != DialogueStatus.Active && d.LastActivityAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.BlockedMessages.Where(m => m.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (due.Count > 0)
        {
            checkpoint.Request();
        }

        return due.Count;
    }

    /// <param name="anonymousId">Takes the place of the customer's messenger id or address on the tickets' snapshot.</param>
    /// <param name="refreshCards">Edit each card in the duty chat to the anonymised one — for one customer's few tickets;
    /// not for the nightly purge of hundreds, which would queue hours of edits ahead of new cards and pings.</param>
    private async Task EraseTicketsAsync(IReadOnlyList<long> ids, IReadOnlyList<int> numbers, string anonymousId, ErasureReason reason, Instant now, CancellationToken cancellationToken, bool refreshCards = true)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var idList = string.Join(",", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var erased = Anonymised.Text;
        // Only numbers go into the SQL's text (the ids, formatted here); every value is a parameter.
        // The snapshot's messenger id or address goes too: the ticket no longer says whose it was (the profile keeps a
        // messenger id, or the bot could not answer them).
        var ticketsSql = $$"""
            UPDATE "Tickets" SET "Customer_Name" = {0}, "Customer_Username" = NULL, "Customer_Organisation" = {0}, "Description" = {0},
                "SatisfactionComment" = CASE WHEN "SatisfactionComment" IS NULL THEN NULL ELSE {0} END,
                "Customer_UserId" = {1}, "Customer_ChatId" = {1}
            WHERE "Id" IN ({{idList}})
            """;
        await db.Database.ExecuteSqlRawAsync(ticketsSql, [erased, anonymousId], cancellationToken);
        // Every message of the ticket: the engineers' replies quote and greet the customer too. Staff authors stay.
        var messagesSql = $$"""
            UPDATE "TicketMessages" SET "Text" = {0}, "Attachments" = '[]', "AuthorName" = CASE WHEN "Author" = 'Customer' THEN {0} ELSE "AuthorName" END
            WHERE "TicketId" IN ({{idList}})
            """;
        await db.Database.ExecuteSqlRawAsync(messagesSql, [erased], cancellationToken);
        // The files went out as messages of their own (to the holder, to the duty chat): those are found by their file ids.
        _fileIds.AddRange(await db.Tickets.Where(t => ids.Contains(t.Id)).SelectMany(t => t.Attachments).Select(a => a.File.FileId).Distinct().ToListAsync(cancellationToken));
        var attachmentsSql = $$"""DELETE FROM "TicketAttachments" WHERE "TicketId" IN ({{idList}})""";
        await db.Database.ExecuteSqlRawAsync(attachmentsSql, cancellationToken);
        // The history's one sanctioned update: its free text (and a messenger's error, which may quote an address) and the
        // customer's name and id go; what happened, when and by which kind of actor stays — the trigger checks exactly that.
        var data = db.Database.IsNpgsql() ? """("Data"::jsonb - 'text' - 'error')::text""" : """json_remove("Data", '$.text', '$.error')""";
        var eventsSql = $$"""
            UPDATE "TicketEvents" SET "Data" = {{data}},
                "ActorName" = CASE WHEN "ActorKind" = 'Customer' THEN {0} ELSE "ActorName" END,
                "ActorId" = CASE WHEN "ActorKind" = 'Customer' THEN NULL ELSE "ActorId" END
            WHERE "TicketId" IN ({{idList}}) AND ("ActorKind" = 'Customer' OR "Data" LIKE '%"text"%' OR "Data" LIKE '%"error"%')
            """;
        await db.Database.ExecuteSqlRawAsync(eventsSql, [erased], cancellationToken);
        await db.MailThreads.Where(m => numbers.Contains(m.TicketNumber)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Topic, erased), cancellationToken);
        await db.MailLetters.Where(l => numbers.Contains(l.TicketNumber) && !l.Address.StartsWith("erased:")).ExecuteUpdateAsync(s => s.SetProperty(l => l.Address, anonymousId), cancellationToken);
        await db.Dialogues.Where(d => d.TicketNumber != null && numbers.Contains(d.TicketNumber.Value) && d.Status != DialogueStatus.Active).ExecuteDeleteAsync(cancellationToken);

        foreach (var number in numbers)
        {
            var ticket = await tickets.LoadAsync(number, cancellationToken);
            if (ticket is null || ticket.Status != TicketStatus.Closed)
            {
                continue;
            }

            ticket.RecordErasure(now, reason);
            if (ticket.IncidentId is { } incident)
            {
                _incidents.Add(incident);
            }

            if (refreshCards)
            {
                // The card in the duty chat is edited to the anonymised one (a bot may edit its messages at any age), the
                // topic renamed — a card folded into an incident's too.
                await notify.RefoldCardAsync(ticket, cancellationToken);
            }
        }

        if (refreshCards)
        {
            foreach (var id in _incidents)
            {
                // The incident's card named the organisation.
                await incidents.RedrawAsync(id, cancellationToken);
            }
        }
    }

    private readonly List<string> _fileIds = [];

    /// <summary>The incidents the erased tickets were part of: their cards' sent rows named the organisations.</summary>
    private readonly HashSet<long> _incidents = [];

    /// <summary>
    /// Finished outbox rows about these tickets — their cards, relays and topic calls (by key), the files that went out
    /// (by file id), notices naming «#N» — found in one pass over the finished rows, deleted by id.
    /// </summary>
    private async Task EraseSentAboutAsync(IReadOnlyList<int> numbers, CancellationToken cancellationToken)
    {
        if (numbers.Count == 0)
        {
            return;
        }

        var alternatives = string.Join("|", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        var incidentCards = _incidents.Count == 0 ? string.Empty : "|^incident:(?:" + string.Join("|", _incidents.Select(i => i.ToString(CultureInfo.InvariantCulture))) + ")$";
        var mention = new Regex($"#(?:{alternatives})(?![0-9])|^(?:card|topic):(?:{alternatives})$|^relay:(?:{alternatives}):{incidentCards}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        var files = _fileIds.ToHashSet(StringComparer.Ordinal);
        var doomed = new List<long>();
        await foreach (var row in db.Outbox.AsNoTracking().Where(o => Done.Contains(o.Status)).Select(o => new { o.Id, o.TrackKey, o.Payload }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if ((row.TrackKey is { } key && mention.IsMatch(key)) || mention.IsMatch(row.Payload) || files.Any(f => row.Payload.Contains(f, StringComparison.Ordinal)))
            {
                doomed.Add(row.Id);
            }
        }

        foreach (var chunk in doomed.Chunk(500))
        {
            await db.Outbox.Where(o => chunk.Contains(o.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>An operator's key for a customer: <c>telegram:1001</c>, <c>max:…</c>, <c>mail:anna@example.ru</c>.</summary>
    public static bool TryParseKey(string? text, out ChannelKind channel, out string userId)
    {
        channel = default;
        userId = string.Empty;
        var match = KeyPattern().Match(text?.Trim() ?? string.Empty);
        if (!match.Success)
        {
            return false;
        }

        userId = match.Groups["id"].Value;
        switch (match.Groups["channel"].Value.ToLowerInvariant())
        {
            case "telegram" when long.TryParse(userId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                channel = ChannelKind.Telegram;
                return true;
            case "max" when long.TryParse(userId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                channel = ChannelKind.Max;
                return true;
            case "mail" when userId.Contains('@', StringComparison.Ordinal):
                channel = Mail.MailChannel.Kind;
                userId = userId.ToLowerInvariant();
                return true;
            default:
                return false;
        }
    }

    [GeneratedRegex("^(?<channel>[A-Za-z]+):(?<id>[^\\s:]{1,320})$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

/// <summary>
/// After an erasure on SQLite, the WAL still holds the pages as they were before it: the next minute sweep checkpoints
/// it with <c>TRUNCATE</c> (a sweep can wait for readers; a request handler should not), so the erased text leaves the
/// WAL file too. Every connection runs with <c>secure_delete</c>, so freed space in the database file is zeroed.
/// </summary>
public sealed partial class PrivacyCheckpoint(DatabaseSettings database, ILogger<PrivacyCheckpoint> logger)
{
    private int _requested;
    private NodaTime.LocalDate? _purgedOn;

    /// <summary>
    /// The retention purge runs at the first sweep of each day (in the support zone) — once a day, as promised nightly;
    /// the same sweep truncates the WAL, so an erasure made by the <c>erase</c> command while a reader held the WAL is
    /// cleared from it within a day at the latest.
    /// </summary>
    public bool DailyDue(NodaTime.LocalDate today)
    {
        if (_purgedOn == today)
        {
            return false;
        }

        _purgedOn = today;
        Request();
        return true;
    }

    public void Request() => Interlocked.Exchange(ref _requested, 1);

    /// <summary>Checkpoints if an erasure asked for it; true when the WAL was emptied (or nothing was asked).</summary>
    public async Task<bool> RunIfRequestedAsync(SupportDbContext db, CancellationToken cancellationToken)
    {
        if (database.IsPostgres || Interlocked.Exchange(ref _requested, 0) == 0)
        {
            return true;
        }

        var done = await TruncateWalAsync(db, cancellationToken);
        if (!done)
        {
            // A reader still holds the old pages: again next minute.
            Request();
        }

        LogCheckpoint(logger, done ? "emptied (truncated): no page from before the erasure is left in it" : "busy (a reader holds old pages); again at the next sweep");
        return done;
    }

    [LoggerMessage(LogLevel.Information, "Erasure: the WAL was {Outcome}")]
    private static partial void LogCheckpoint(ILogger logger, string outcome);

    /// <summary>The checkpoint, tried for up to <paramref name="patience"/> while readers finish (the <c>erase</c> command).</summary>
    public static async Task<bool> TruncateWalAsync(SupportDbContext db, TimeSpan patience, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            if (await TruncateWalAsync(db, cancellationToken))
            {
                return true;
            }

            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > patience)
            {
                return false;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary><c>PRAGMA wal_checkpoint(TRUNCATE)</c>: true when every frame went into the database and the WAL is empty.</summary>
    public static async Task<bool> TruncateWalAsync(SupportDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
