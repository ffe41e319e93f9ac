using System.Globalization;
using System.Text.RegularExpressions;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Mail;

/// <summary>What a letter's subject says: the ticket it answers (<c>[#12]</c>), a level and a category, and the subject itself.</summary>
/// <param name="Topic">The subject without reply and forward prefixes and without our <c>[#N]</c> tag: what the thread is about.</param>
public sealed record SubjectReading(int? TicketNumber, PriorityLevel? Level, RequestCategory? Category, string Topic);

/// <summary>
/// Reads a letter's subject the way a support desk's customers write them: <c>[#12]</c> anywhere names the ticket
/// (our own replies carry it); a level as <c>[1]</c>, «уровень 2» / «уровень: 2», «приоритет 1» or "level 3"; the
/// regulation's category by its words, in Russian or English (the first category named wins; none named, none
/// guessed). Reply and forward prefixes (Re:, Fwd:, Ответ:, На:, Пересл:, AW:, SV: …, stacked or counted as Re[2]:) are
/// taken off the topic.
/// </summary>
public static partial class MailSubject
{
    public static SubjectReading Read(string? subject)
    {
        var text = Normalise(subject);
        int? ticket = null;
        if (TicketTag().Match(text) is { Success: true } tag
            && int.TryParse(tag.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            ticket = number;
        }

        PriorityLevel? level = null;
        if (LevelTag().Match(text) is { Success: true } levelTag)
        {
            level = (PriorityLevel)(levelTag.Groups["l"].ValueSpan[0] - '0');
        }

        return new SubjectReading(ticket, level, CategoryOf(text), Topic(text));
    }

    /// <summary>
    /// The answer to «Проблема решена?» a reply starts with: false for «нет» / «не решена» / "no", true for «да» /
    /// «решена» / "yes", null when its first line says neither (then it is a message about the ticket).
    /// </summary>
    public static bool? SolvedAnswer(string? firstLine)
    {
        var line = (firstLine ?? string.Empty).Trim().TrimEnd('.', '!', ',', ')').ToLowerInvariant();
        static bool Starts(string line, string word) =>
            line.StartsWith(word, StringComparison.Ordinal) && (line.Length == word.Length || !char.IsLetter(line[word.Length]));
        if (Localization.MailVocabulary.NotSolvedWords.Any(w => Starts(line, w)))
        {
            return false;
        }

        return Localization.MailVocabulary.SolvedWords.Any(w => Starts(line, w)) ? true : null;
    }

    /// <summary>
    /// A score opening a reply to the closing letter: «5», «4 — всё хорошо», «2. Долго ждали» → (score, the words after it);
    /// null when the line does not start with a lone digit 1–5.
    /// </summary>
    public static (int Score, string? Comment)? ScoreAnswer(string? text)
    {
        var body = (text ?? string.Empty).TrimStart();
        if (body.Length == 0 || body[0] is < '1' or > '5')
        {
            return null;
        }

        // The digit must stand alone: «1С не работает», «2 компьютера», «5 минут назад» are new problems, not scores.
        var after = body[1..].TrimStart(' ', '\t');
        string rest;
        if (Localization.MailVocabulary.ScoreOutOf.FirstOrDefault(w => after.StartsWith(w, StringComparison.OrdinalIgnoreCase)) is { } outOf)
        {
            rest = after[outOf.Length..];
        }
        else if (after.Length == 0 || after[0] is '.' or ',' or ')' or '!' or ':' or '-' or '—' or '–' or '/' or '\n' or '\r')
        {
            rest = after;
        }
        else
        {
            return null;
        }

        rest = rest.TrimStart(' ', '.', ',', ')', '!', '-', '—', '–', ':', '/', '\t', '\r', '\n').TrimEnd();
        return (body[0] - '0', rest.Length == 0 ? null : rest);
    }

    /// <summary>The organisation a line names («Организация: ООО Ромашка»), or null.</summary>
    public static string? OrganisationNamed(string? line) =>
        OrganisationLine().Match((line ?? string.Empty).Trim()) is { Success: true } m ? m.Groups["name"].Value.Trim() : null;

    [GeneratedRegex(Localization.MailVocabulary.OrganisationPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrganisationLine();

    /// <summary>The subject of our reply in a ticket's thread: <c>[#12] topic</c>.</summary>
    public static string ForTicket(int number, string? originalSubject)
    {
        var topic = Topic(Normalise(originalSubject));
        var tag = "[#" + number.ToString(CultureInfo.InvariantCulture) + "]";
        return topic.Length == 0 ? tag : tag + " " + topic;
    }

    private static string Normalise(string? subject) =>
        Whitespace().Replace(subject ?? string.Empty, " ").Trim();

    private static string Topic(string text)
    {
        // Our [#N] and a bracketed level are marks, not what the thread is about.
        var topic = LevelBracket().Replace(TicketTag().Replace(text, " "), " ");
        string before;
        do
        {
            before = topic;
            topic = Prefix().Replace(topic.Trim(), string.Empty);
        }
        while (topic != before);

        return Whitespace().Replace(topic, " ").Trim();
    }

    private static RequestCategory? CategoryOf(string text)
    {
        var lower = text.ToLowerInvariant();
        (int At, RequestCategory Category)? first = null;
        foreach (var (category, words) in Localization.MailVocabulary.CategoryWords)
        {
            foreach (var word in words)
            {
                var at = lower.IndexOf(word, StringComparison.Ordinal);
                if (at >= 0 && (first is null || at < first.Value.At))
                {
                    first = (at, category);
                }
            }
        }

        return first?.Category;
    }

    [GeneratedRegex(@"\[\s*#\s*(?<n>\d{1,9})\s*\]")]
    private static partial Regex TicketTag();

    [GeneratedRegex(Localization.MailVocabulary.LevelTagPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LevelTag();

    [GeneratedRegex(Localization.MailVocabulary.PrefixPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\[\s*[1-3]\s*\]")]
    private static partial Regex LevelBracket();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
