using System.Security.Cryptography;
using System.Text;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Mail;
using MimeKit;
using MimeKit.Cryptography;
using NodaTime;

namespace ChatSupport.Bot.Mail;

/// <summary>
/// Turns a letter (MimeKit's reading of it) into the desk's channel-neutral <see cref="IncomingUpdate"/> with its
/// <see cref="IncomingLetter"/>: the sender as the customer, the text part (or the HTML as text) with the quoted history
/// taken off, the files by reference, when the server got it, its threading ids, and whether it is automatic, from an
/// unconfirmed sender, or damaged. MimeKit decodes every charset and transfer encoding (windows-1251, KOI8-R,
/// quoted-printable, base64).
/// </summary>
public static class LetterMapper
{
    /// <summary>A description longer than this is cut (the whole letter stays in the processed folder).</summary>
    public const int MaxText = 20_000;

    /// <summary>The most of a letter's text part read (a text part of megabytes is a log pasted in: the rest stays in the letter).</summary>
    public const int MaxTextBytes = 256 * 1024;

    /// <summary>Who a letter without a usable From is from: never an existing customer, never answered, never joined to a ticket.</summary>
    public const string Unknown = "unknown@invalid";

    /// <summary>The letter as an update; null for a letter from the support address itself (never a request).</summary>
    public static IncomingUpdate? Map(MimeMessage message, DateTimeOffset internalDate, long letterSize, string supportAddress, long maxFileBytes)
    {
        // Identity from one From mailbox only: Sender and Reply-To are the sender's to set as they like.
        var from = message.From.Mailboxes.Count() == 1 ? message.From.Mailboxes.Single() : null;
        var address = Clean(from?.Address?.Trim().ToLowerInvariant());
        if (address is not null && string.Equals(address, supportAddress, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var unknownSender = address is null || address.Length > 254 || !address.Contains('@', StringComparison.Ordinal);
        address = unknownSender ? Unknown : address;
        var body = BodyText(message);
        // A multipart whose boundary never comes holds no parts: MimeKit keeps everything as its preamble, and so does the
        // ticket — flagged, for the engineer to read with care.
        var unbounded = message.Body is Multipart { Count: 0 } empty && !string.IsNullOrWhiteSpace(empty.Preamble) ? empty.Preamble : null;
        var malformed = unbounded is not null;
        body ??= unbounded;

        var text = Clean(Texts.SafeCut(QuotedHistory.Trim(body), MaxText)) ?? string.Empty;
        var subject = Clean(Texts.SafeCut(message.Subject?.Trim() ?? string.Empty, 1000)) ?? string.Empty;
        var key = KeyOf(message, address!, internalDate, letterSize, text);
        var files = new List<AttachmentRef>();
        var tooLarge = new List<(string, long)>();
        var index = 0;
        foreach (var part in FileParts(message))
        {
            var size = DecodedSize(part);
            var name = Clean(part.FileName) ?? $"file-{index + 1}";
            if (size > maxFileBytes)
            {
                tooLarge.Add((name, size));
            }
            else
            {
                files.Add(new AttachmentRef(KindOf(part), $"{key}|{index}", name, part.ContentType.MimeType, size, MailChannel.Kind));
            }

            index++;
        }

        var letter = new IncomingLetter(subject, Instant.FromDateTimeOffset(internalDate))
        {
            MessageId = Id(message.MessageId),
            Answers = [.. new[] { Id(message.InReplyTo) }.Concat(message.References.Reverse().Select(Id)).OfType<string>().Distinct()],
            Automatic = IsAutomatic(message, from),
            Unverified = unknownSender || IsUnverified(message),
            Malformed = malformed,
            TooLarge = tooLarge,
        };
        var shown = Clean(string.IsNullOrWhiteSpace(from?.Name) ? address!.Split('@')[0] : from.Name.Trim()) ?? "?";
        return new IncomingUpdate
        {
            UpdateKey = key,
            Channel = MailChannel.Kind,
            ChatId = address!,
            ChatKind = ChatKind.Private,
            From = new Sender(address!, Texts.SafeCut(shown, 100), null, LanguageOf(subject + "\n" + text)),
            MessageId = letter.MessageId,
            Text = text,
            Attachments = files,
            Letter = letter,
            SentAt = letter.Received,
        };
    }

    /// <summary>
    /// A letter MimeKit could not read at all: kept as a ticket anyway, with what could be read of its head, and flagged
    /// for the engineer (its original stays in the processed folder).
    /// </summary>
    public static IncomingUpdate Damaged(byte[] head, DateTimeOffset internalDate, uint uid, uint uidValidity)
    {
        var text = Clean(Encoding.UTF8.GetString(head)) ?? string.Empty;
        return new IncomingUpdate
        {
            UpdateKey = "damaged:" + uidValidity.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Channel = MailChannel.Kind,
            ChatId = Unknown,
            ChatKind = ChatKind.Private,
            From = new Sender(Unknown, "?", null, "ru"),
            Text = Texts.SafeCut(text, 4000),
            Letter = new IncomingLetter(string.Empty, Instant.FromDateTimeOffset(internalDate)) { Malformed = true, Automatic = true, Unverified = true },
        };
    }

    /// <summary>"en" when the letter is written in Latin letters only, else "ru".</summary>
    public static string LanguageOf(string text)
    {
        var cyrillic = 0;
        var latin = 0;
        foreach (var c in text)
        {
            if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (char.IsAsciiLetter(c))
            {
                latin++;
            }
        }

        return cyrillic == 0 && latin > 0 ? "en" : "ru";
    }

    /// <summary>
    /// No automatic answer to an automatic letter: auto-replies (Auto-Submitted, X-Autoreply, X-Autorespond), bulk and
    /// list mail (Precedence, List-Id), bounces and reports (an empty Return-Path, MAILER-DAEMON, multipart/report).
    /// </summary>
    public static bool IsAutomatic(MimeMessage message, MailboxAddress? from)
    {
        var headers = message.Headers;
        if (headers[HeaderId.AutoSubmitted] is { } submitted && !submitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (headers[HeaderId.Precedence] is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply")
        {
            return true;
        }

        if (headers.Contains(HeaderId.ListId) || headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond") || headers.Contains("X-Auto-Reply"))
        {
            return true;
        }

        if (headers[HeaderId.ReturnPath] is { } returnPath && returnPath.Trim() is "<>" or "")
        {
            return true;
        }

        var local = from?.LocalPart ?? string.Empty;
        return local.Equals("mailer-daemon", StringComparison.OrdinalIgnoreCase) || local.Equals("postmaster", StringComparison.OrdinalIgnoreCase)
            || message.Body is MultipartReport;
    }

    /// <summary>
    /// The receiving server's verdict (the topmost Authentication-Results): DMARC failed, or — without a DMARC result —
    /// SPF and DKIM both failed. No header at all says nothing either way.
    /// </summary>
    public static bool IsUnverified(MimeMessage message)
    {
        var header = message.Headers.FirstOrDefault(h => h.Id == HeaderId.AuthenticationResults);
        if (header is null || !AuthenticationResults.TryParse(header.RawValue, out var results))
        {
            return false;
        }

        string? Verdict(string method) => results.Results.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))?.Result?.ToLowerInvariant();
        var dmarc = Verdict("dmarc");
        if (dmarc is "fail" or "permerror")
        {
            return true;
        }

        // Without a DMARC verdict either way (most small domains publish none): neither vouches when SPF says the sending
        // host is not the domain's and no valid DKIM signature speaks for it.
        return dmarc != "pass" && Verdict("spf") is "fail" or "softfail" or "permerror" && Verdict("dkim") != "pass";
    }

    /// <summary>
    /// The letter's files, in a stable order (the same letter read again gives the same indexes): attachments and inline
    /// parts with a file name (a screenshot pasted into the text), never the text and HTML bodies themselves.
    /// </summary>
    public static IEnumerable<MimePart> FileParts(MimeMessage message) =>
        message.BodyParts.OfType<MimePart>().Where(p => p.IsAttachment || (p.FileName is not null && p is not TextPart));

    /// <summary>
    /// The update's key: the sender and the Message-ID (two senders' systems may reuse one id), else a hash of what
    /// identifies the letter — sender, when the server got it, its size, subject and text.
    /// </summary>
    private static string KeyOf(MimeMessage message, string address, DateTimeOffset internalDate, long size, string text)
    {
        if (Id(message.MessageId) is { } id)
        {
            var key = address + " " + id;
            return key.Length <= 250 ? "id:" + key : "idh:" + address[..Math.Min(address.Length, 60)] + " " + Hash(key);
        }

        var basis = string.Join('\n', address, internalDate.ToUnixTimeMilliseconds(), size, message.Subject, text);
        return "h:" + Hash(basis);
    }

    /// <summary>
    /// The text part (or the HTML as text), at most <see cref="MaxTextBytes"/> of it decoded: a text part of megabytes
    /// never becomes a string of megabytes.
    /// </summary>
    private static string? BodyText(MimeMessage message)
    {
        var parts = message.BodyParts.OfType<TextPart>().Where(p => !p.IsAttachment).ToList();
        var part = parts.FirstOrDefault(p => p.IsPlain) ?? parts.FirstOrDefault(p => p.IsHtml);
        if (part?.Content is null)
        {
            return null;
        }

        using var decoded = part.Content.Open();
        var buffer = new byte[MaxTextBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = decoded.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
        }

        Encoding encoding;
        try
        {
            encoding = part.ContentType.CharsetEncoding ?? Encoding.UTF8;
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            encoding = Encoding.UTF8;
        }

        var text = encoding.GetString(buffer, 0, read);
        return part.IsHtml ? HtmlText.ToText(text) : text;
    }

    /// <summary>Control characters out (PostgreSQL refuses NUL; none belongs in a ticket), tabs and line breaks kept.</summary>
    private static string? Clean(string? text) =>
        text is null ? null : text.Any(c => char.IsControl(c) && c is not ('\n' or '\t' or '\r')) ? new string([.. text.Where(c => !char.IsControl(c) || c is '\n' or '\t' or '\r')]) : text;

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];

    /// <summary>A usable Message-ID: one MimeKit can write back into In-Reply-To (never cut: a cut id is a different id).</summary>
    private static string? Id(string? id)
    {
        var trimmed = Clean(id?.Trim().Trim('<', '>').Trim());
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > ChatSupport.Bot.Persistence.MailLetter.MaxIdLength || trimmed.Any(char.IsWhiteSpace))
        {
            return null;
        }

        try
        {
            // MimeKit refuses to write an id it cannot parse; such an id could never thread a reply anyway.
            _ = new MimeMessage { InReplyTo = trimmed };
            return trimmed;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static AttachmentKind KindOf(MimePart part) => part.ContentType.MediaType.ToLowerInvariant() switch
    {
        "image" when part.ContentType.MediaSubtype.ToLowerInvariant() is "jpeg" or "png" or "gif" or "webp" => AttachmentKind.Photo,
        "video" => AttachmentKind.Video,
        "audio" => AttachmentKind.Audio,
        _ => AttachmentKind.Document,
    };

    /// <summary>The file's real size, decoded on the fly into nowhere (memory stays flat for a 25 MB file).</summary>
    private static long DecodedSize(MimePart part)
    {
        if (part.Content is null)
        {
            return 0;
        }

        using var counter = new CountingStream();
        part.Content.DecodeTo(counter);
        return counter.Length;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
