using ChatSupport.Bot.Pipeline;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace ChatSupport.Bot.Mail;

/// <summary>
/// Reads the support mailbox over IMAP (one replica at a time, as polling does): every letter in <c>Mail:Folder</c> is
/// downloaded into a temporary file (a 25 MB letter never sits in memory), read by MimeKit from there, handed to the
/// pipeline in batches — one transaction each — and moved to <c>Mail:ProcessedFolder</c> only after that commit. A letter
/// that was handled but not moved (the bot died in between) comes again and is recognised by its Message-ID, so it is
/// moved then without a second ticket; UIDs are never stored, so a folder whose UIDVALIDITY changed needs nothing special.
/// Between passes it waits in IDLE where the server offers it (a minute at a time), else <c>Mail:PollInterval</c>.
/// </summary>
public sealed partial class MailReader(
    MailOptions options,
    UpdatePipeline pipeline,
    Channels.FileTransferOptions files,
    TimeProvider clock,
    Channels.FaultLog faults,
    Cluster.IPollingLeadership leadership,
    ILogger<MailReader> logger) : Channels.PollingLoop(clock, faults, logger, leadership)
{
    /// <summary>Letters handed to the pipeline in one transaction.</summary>
    public const int BatchSize = 20;

    /// <summary>How long one IDLE lasts before the folder is looked at anyway (keeps the connection and the health check fresh).</summary>
    public static readonly TimeSpan IdleSpan = TimeSpan.FromSeconds(60);

    public override Domain.Channels.ChannelKind Channel => MailChannel.Kind;

    protected override string PollName => "IMAP " + options.Imap.Host;

    protected override async Task PollTurnAsync(CancellationToken stoppingToken)
    {
        using var imap = new ImapClient { Timeout = (int)options.RequestTimeout.TotalMilliseconds };
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await PollAsync(ct => PassAsync(imap, ct), stoppingToken) is not { } inbox)
                {
                    // Failed (logged, waited out): a fresh connection next time.
                    await DisconnectAsync(imap);
                    continue;
                }

                await WaitForMailAsync(imap, inbox, stoppingToken);
            }
        }
        finally
        {
            await DisconnectAsync(imap);
        }
    }

    /// <summary>Connects when needed, then handles every letter in the folder; returns the folder, open.</summary>
    private async Task<IMailFolder> PassAsync(ImapClient imap, CancellationToken cancellationToken)
    {
        var (inbox, processed) = await OpenAsync(imap, cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            var uids = await inbox.SearchAsync(SearchQuery.All, cancellationToken);
            if (uids.Count == 0)
            {
                break;
            }

            var progressed = false;
            foreach (var batch in uids.Chunk(BatchSize))
            {
                progressed |= await HandleAsync(inbox, processed, batch, cancellationToken);
            }

            if (!progressed)
            {
                // Only letters that failed to download are left: they are tried again at the next pass.
                break;
            }
        }

        return inbox;
    }

    /// <summary>How many passes a letter that cannot be downloaded gets before it becomes a flagged ticket of what is known.</summary>
    public const int ReadAttempts = 3;

    private readonly Dictionary<(uint Validity, uint Uid), int> _failedReads = [];

    /// <summary>
    /// One batch: read, handled in one transaction, moved. A letter that cannot be downloaded passes after
    /// <see cref="ReadAttempts"/> tries as a flagged ticket (so it never holds up the letters behind it); a batch that could
    /// not even be recorded (the database is away) throws, and the pass backs off as polling does.
    /// </summary>
    private async Task<bool> HandleAsync(IMailFolder inbox, IMailFolder processed, IReadOnlyList<UniqueId> batch, CancellationToken cancellationToken)
    {
        var summaries = await inbox.FetchAsync([.. batch], new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate | MessageSummaryItems.Size), cancellationToken);
        var updates = new List<Domain.Channels.IncomingUpdate>(batch.Count);
        var handled = new List<UniqueId>(batch.Count);
        foreach (var summary in summaries)
        {
            Domain.Channels.IncomingUpdate? update;
            try
            {
                update = await ReadAsync(inbox, summary, cancellationToken);
            }
            catch (Exception ex) when (ex is ImapCommandException or ImapProtocolException or IOException && !cancellationToken.IsCancellationRequested)
            {
                var place = (inbox.UidValidity, summary.UniqueId.Id);
                var tries = _failedReads[place] = _failedReads.GetValueOrDefault(place) + 1;
                LogReadFailed(logger, summary.UniqueId.Id, tries, ex.Message);
                if (ex is ImapProtocolException || tries < ReadAttempts)
                {
                    // The connection itself may be broken: it stays for the next pass (a fresh connection).
                    if (ex is ImapProtocolException)
                    {
                        throw;
                    }

                    continue;
                }

                update = LetterMapper.Damaged(System.Text.Encoding.UTF8.GetBytes(ex.Message), summary.InternalDate ?? Clock.GetUtcNow(), summary.UniqueId.Id, inbox.UidValidity);
            }

            _failedReads.Remove((inbox.UidValidity, summary.UniqueId.Id));
            handled.Add(summary.UniqueId);
            if (update is not null)
            {
                updates.Add(update);
            }
        }

        // The batch in hand is finished even when stopping: one short transaction. Not recorded (the database is
        // away): the exception ends the pass, which backs off; the letters stay and come again.
        await pipeline.ProcessBatchAsync(updates, CancellationToken.None);
        if (handled.Count > 0)
        {
            await inbox.MoveToAsync(handled, processed, cancellationToken);
        }

        LogHandled(logger, updates.Count, handled.Count - updates.Count);
        return handled.Count > 0;
    }

    /// <summary>
    /// A letter into a spool file (<see cref="Channels.FileTransfer.CreateSpool"/>), fetched a megabyte at a time
    /// (MailKit would otherwise hold a whole literal in memory), positioned at its start: MimeKit then keeps the
    /// letter's parts on that file, not in memory. The reader and <see cref="MailFiles"/> fetch letters this one way.
    /// </summary>
    public static async Task<FileStream> SpoolLetterAsync(IMailFolder folder, UniqueId uid, CancellationToken cancellationToken)
    {
        var file = Channels.FileTransfer.CreateSpool();
        try
        {
            const int chunk = 1024 * 1024;
            for (var offset = 0; ; offset += chunk)
            {
                await using var part = await folder.GetStreamAsync(uid, string.Empty, offset, chunk, cancellationToken);
                var before = file.Length;
                await part.CopyToAsync(file, cancellationToken);
                if (file.Length - before < chunk)
                {
                    break;
                }
            }

            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>A letter read from its spool file, as an update (or null: from the support address itself).</summary>
    private async Task<Domain.Channels.IncomingUpdate?> ReadAsync(IMailFolder inbox, IMessageSummary summary, CancellationToken cancellationToken)
    {
        await using var file = await SpoolLetterAsync(inbox, summary.UniqueId, cancellationToken);
        var received = summary.InternalDate ?? Clock.GetUtcNow();
        try
        {
            using var message = await MimeMessage.LoadAsync(file, persistent: true, cancellationToken);
            return LetterMapper.Map(message, received, (long?)summary.Size ?? file.Length, options.From.Address, files.MaxBytes);
        }
        catch (Exception ex) when (ex is FormatException or ParseException or InvalidOperationException or ArgumentException or NotSupportedException or System.Text.DecoderFallbackException)
        {
            // Not readable as MIME: still a request — kept with what its head says, flagged for the engineer.
            LogDamaged(logger, summary.UniqueId.Id, ex.Message);
            file.Position = 0;
            var head = new byte[(int)Math.Min(file.Length, 8192)];
            await file.ReadExactlyAsync(head, cancellationToken);
            return LetterMapper.Damaged(head, received, summary.UniqueId.Id, inbox.UidValidity);
        }
    }

    private async Task<(IMailFolder Inbox, IMailFolder Processed)> OpenAsync(ImapClient imap, CancellationToken cancellationToken)
    {
        if (!imap.IsConnected)
        {
            await options.Imap.ConnectAsync(imap, cancellationToken);

            LogConnected(logger, options.Imap.Host!, options.Folder, imap.Capabilities.HasFlag(ImapCapabilities.Idle) ? "IDLE" : $"a look every {options.PollInterval.TotalSeconds:0} s");
        }

        var inbox = string.Equals(options.Folder.Trim(), "INBOX", StringComparison.OrdinalIgnoreCase)
            ? imap.Inbox
            : await imap.GetFolderAsync(options.Folder.Trim(), cancellationToken);
        if (!inbox.IsOpen || inbox.Access != FolderAccess.ReadWrite)
        {
            await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        }

        return (inbox, await ProcessedFolderAsync(imap, cancellationToken));
    }

    /// <summary>The processed-mail folder, created at the top of the personal namespace when it is missing.</summary>
    private async Task<IMailFolder> ProcessedFolderAsync(ImapClient imap, CancellationToken cancellationToken)
    {
        var name = options.ProcessedFolder.Trim();
        try
        {
            return await imap.GetFolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            var root = imap.PersonalNamespaces.Count > 0 ? imap.GetFolder(imap.PersonalNamespaces[0]) : imap.Inbox;
            var created = await root.CreateAsync(name, true, cancellationToken)
                ?? throw new InvalidOperationException($"the server did not create the folder {name}");
            LogFolderCreated(logger, created.FullName);
            return created;
        }
    }

    /// <summary>Until a letter arrives (IDLE, a minute at most) or the poll interval passed.</summary>
    private async Task WaitForMailAsync(ImapClient imap, IMailFolder inbox, CancellationToken stoppingToken)
    {
        if (!imap.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await DelayAsync(options.PollInterval, stoppingToken);
            return;
        }

        using var done = new CancellationTokenSource(IdleSpan);
        // A letter announced while idling ends the IDLE (MailKit sends DONE), off the thread reading the announcement.
        void Arrived(object? sender, EventArgs e) => _ = done.CancelAsync();
        inbox.CountChanged += Arrived;
        try
        {
            // A pass leaves the folder empty. A letter that arrived during its last command was announced then (the
            // server sends EXISTS with any answer), before this listened: it is in the count, so no idling for it.
            if (inbox.Count > 0)
            {
                return;
            }

            await imap.IdleAsync(done.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection dropped while idle: the next pass reconnects (and logs if that fails).
            LogIdleEnded(logger, ex.Message);
            await DisconnectAsync(imap);
        }
        finally
        {
            inbox.CountChanged -= Arrived;
        }
    }

    private static async Task DisconnectAsync(ImapClient imap)
    {
        if (!imap.IsConnected)
        {
            return;
        }

        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await imap.DisconnectAsync(true, quick.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Going away anyway.
        }
    }

    protected override TimeSpan PauseAfter(Exception exception, int failures) => exception switch
    {
        // Wrong credentials do not fix themselves within seconds.
        MailKit.Security.AuthenticationException => MaxPause,
        _ => Exponential(failures),
    };

    protected override string Describe(Exception exception) => exception switch
    {
        MailKit.Security.AuthenticationException => $"the server refused Mail:Imap:User {options.Imap.User} (check Mail:Imap:User and Mail:Imap:Password)",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    protected override string FaultKind(Exception exception) => exception.GetType().Name;

    [LoggerMessage(LogLevel.Information, "Mail channel connected to {Host}: reading {Folder}, waiting for letters by {How}")]
    private static partial void LogConnected(ILogger logger, string host, string folder, string how);

    [LoggerMessage(LogLevel.Information, "Mail: created the folder {Folder} for handled letters")]
    private static partial void LogFolderCreated(ILogger logger, string folder);

    [LoggerMessage(LogLevel.Debug, "Mail: {Letters} letters handled, {Skipped} from the support address itself skipped; all moved to the processed folder")]
    private static partial void LogHandled(ILogger logger, int letters, int skipped);

    [LoggerMessage(LogLevel.Warning, "Mail: letter UID {Uid} is not readable as MIME ({Error}); kept as a flagged ticket")]
    private static partial void LogDamaged(ILogger logger, uint uid, string error);

    [LoggerMessage(LogLevel.Warning, "Mail: letter UID {Uid} could not be downloaded (try {Tries}): {Error}")]
    private static partial void LogReadFailed(ILogger logger, uint uid, int tries, string error);

    [LoggerMessage(LogLevel.Information, "Mail: IDLE ended ({Error}); connecting again")]
    private static partial void LogIdleEnded(ILogger logger, string error);
}
