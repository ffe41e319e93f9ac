using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace ChatSupport.Bot.Mail;

/// <summary>
/// A file a customer sent by mail, for an engineer in another messenger: the letter is found again by its Message-ID in
/// the processed folder (or still in the inbox), read through a temporary file, and the file's part decoded into the
/// destination. A letter without a Message-ID cannot be found again: its files are named, not forwarded.
/// </summary>
public sealed class MailFiles(MailOptions options) : IChannelFiles
{
    public ChannelKind Channel => MailChannel.Kind;

    public async Task DownloadAsync(AttachmentRef file, Stream destination, CancellationToken cancellationToken)
    {
        var separator = file.FileId.LastIndexOf('|');
        if (!file.FileId.StartsWith("id:", StringComparison.Ordinal) || separator < 0
            || !int.TryParse(file.FileId.AsSpan(separator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            throw new FileUnavailableException("the letter has no Message-ID to find it again by");
        }

        // «id:<sender> <Message-ID>|<index>»: the id is what follows the sender.
        var key = file.FileId[3..separator];
        var messageId = key.Contains(' ', StringComparison.Ordinal) ? key[(key.IndexOf(' ', StringComparison.Ordinal) + 1)..] : key;
        using var imap = new ImapClient { Timeout = (int)options.RequestTimeout.TotalMilliseconds };
        await options.Imap.ConnectAsync(imap, cancellationToken);

        try
        {
            foreach (var name in new[] { options.ProcessedFolder.Trim(), options.Folder.Trim() })
            {
                IMailFolder folder;
                try
                {
                    folder = string.Equals(name, "INBOX", StringComparison.OrdinalIgnoreCase) ? imap.Inbox : await imap.GetFolderAsync(name, cancellationToken);
                }
                catch (FolderNotFoundException)
                {
                    continue;
                }

                await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                var found = await folder.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId), cancellationToken);
                if (found.Count == 0)
                {
                    continue;
                }

                foreach (var uid in found.Reverse())
                {
                    // The search matches a substring: only the letter whose id is exactly this one gives its file.
                    if (await CopyPartAsync(folder, uid, messageId, index, destination, cancellationToken))
                    {
                        return;
                    }
                }
            }

            throw new FileUnavailableException("the letter is no longer in the mailbox");
        }
        finally
        {
            if (imap.IsConnected)
            {
                await imap.DisconnectAsync(true, CancellationToken.None);
            }
        }
    }

    private static async Task<bool> CopyPartAsync(IMailFolder folder, UniqueId uid, string messageId, int index, Stream destination, CancellationToken cancellationToken)
    {
        await using var spool = await MailReader.SpoolLetterAsync(folder, uid, cancellationToken);
        using var message = await MimeMessage.LoadAsync(spool, persistent: true, cancellationToken);
        if (!string.Equals(message.MessageId?.Trim('<', '>'), messageId, StringComparison.Ordinal))
        {
            return false;
        }

        var part = LetterMapper.FileParts(message).ElementAtOrDefault(index);
        if (part?.Content is not { } content)
        {
            throw new FileUnavailableException("the letter no longer has that file");
        }

        await content.DecodeToAsync(destination, cancellationToken);
        return true;
    }
}
