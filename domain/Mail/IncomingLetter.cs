using NodaTime;

namespace ChatSupport.Domain.Mail;

/// <summary>
/// What a letter carries beyond a chat message (the <see cref="Channels.IncomingUpdate"/> holds its sender, its text —
/// subject and body, the quoted history taken off — and its files): the subject as written, when the mail server got it,
/// the ids that thread it, and what the adapter saw about where it came from.
/// </summary>
public sealed record IncomingLetter(string Subject, Instant Received)
{
    /// <summary>Its Message-ID, without angle brackets; null when the letter has none.</summary>
    public string? MessageId { get; init; }

    /// <summary>The ids it answers: In-Reply-To first, then References newest first.</summary>
    public IReadOnlyList<string> Answers { get; init; } = [];

    /// <summary>An auto-reply, a bounce, a list's or a bulk letter: it is taken, but never answered automatically.</summary>
    public bool Automatic { get; init; }

    /// <summary>The receiving server says the sender's domain did not vouch for it (DMARC, or SPF and DKIM, failed).</summary>
    public bool Unverified { get; init; }

    /// <summary>Its MIME could not be read whole; what could be read is kept and the engineer is told.</summary>
    public bool Malformed { get; init; }

    /// <summary>Files it carried that are over the desk's size limit, by name and size: named to the engineer, not forwarded.</summary>
    public IReadOnlyList<(string Name, long Size)> TooLarge { get; init; } = [];

    public SubjectReading Reading => MailSubject.Read(Subject);
}
