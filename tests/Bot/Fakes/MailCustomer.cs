using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>
/// A customer with a real mailbox on the test's <see cref="MailServers"/>: writes letters over SMTP with MailKit and reads
/// what reaches their inbox over IMAP, as their mail program would.
/// </summary>
public sealed class MailCustomer(MailServers servers, string address, string password, string name)
{
    public const string Support = "support@desk.test";

    public string Address => address;

    public string Name => name;

    /// <summary>A plain letter to the support address; returns it as sent (with its Message-ID).</summary>
    public Task<MimeMessage> WriteAsync(string subject, string text, MimeMessage? inReplyTo = null, IEnumerable<MimePart>? files = null, Action<MimeMessage>? shape = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(name, address));
        message.To.Add(new MailboxAddress("Техподдержка", Support));
        message.Subject = subject;
        if (inReplyTo is not null)
        {
            message.InReplyTo = inReplyTo.MessageId;
            foreach (var id in inReplyTo.References.Append(inReplyTo.MessageId).OfType<string>())
            {
                message.References.Add(id);
            }
        }

        var body = new TextPart("plain") { Text = text };
        var parts = files?.ToList() ?? [];
        if (parts.Count == 0)
        {
            message.Body = body;
        }
        else
        {
            var mixed = new Multipart("mixed") { body };
            parts.ForEach(mixed.Add);
            message.Body = mixed;
        }

        shape?.Invoke(message);
        return SendAsync(message);
    }

    public async Task<MimeMessage> SendAsync(MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", servers.SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
        return message;
    }

    /// <summary>A letter as raw bytes, exactly as given (broken MIME included), over a plain SMTP conversation.</summary>
    public async Task SendRawAsync(byte[] letter)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", servers.SmtpPort);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII, false, 1024, leaveOpen: true);
        async Task<string> Expect(string code)
        {
            string? line;
            do
            {
                line = await reader.ReadLineAsync() ?? throw new IOException("the SMTP server closed the connection");
            }
            while (line.Length > 3 && line[3] == '-');
            return line.StartsWith(code, StringComparison.Ordinal) ? line : throw new IOException($"SMTP: expected {code}, got {line}");
        }

        async Task Say(string command, string code)
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(command + "\r\n"));
            await Expect(code);
        }

        await Expect("220");
        await Say("EHLO client.test", "250");
        await Say($"MAIL FROM:<{address}>", "250");
        await Say($"RCPT TO:<{Support}>", "250");
        await Say("DATA", "354");
        await stream.WriteAsync(letter);
        await Say("\r\n.", "250");
        await Say("QUIT", "221");
    }

    /// <summary>Every letter in the customer's inbox, oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> InboxAsync()
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", servers.ImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync(address, password);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var letters = new List<MimeMessage>();
        foreach (var uid in await imap.Inbox.SearchAsync(SearchQuery.All))
        {
            letters.Add(await imap.Inbox.GetMessageAsync(uid));
        }

        await imap.DisconnectAsync(true);
        return letters;
    }

    /// <summary>Waits until the inbox holds at least <paramref name="count"/> letters; returns the newest of those.</summary>
    public async Task<MimeMessage> WaitForLetterAsync(int count, TimeSpan? timeout = null)
    {
        IReadOnlyList<MimeMessage> letters = [];
        await Eventually.TrueAsync(async () => (letters = await InboxAsync()).Count >= count,
            $"letter {count} reaches {address} (has {letters.Count})", timeout ?? TimeSpan.FromSeconds(30));
        return letters[count - 1];
    }
}
