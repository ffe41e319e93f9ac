using System.Text.RegularExpressions;

namespace ChatSupport.Domain.Mail;

/// <summary>
/// Takes the quoted history off a letter's text where it is recognisable, so a ticket holds what the customer wrote
/// this time: everything from the first attribution line («… написал(а):», "On … wrote:"), separator («-----Original
/// Message-----», «-------- Исходное сообщение --------») or Outlook header block («От: … / Отправлено: …», "From: … /
/// Sent: …") on, and a trailing block of «&gt;» lines. Quotes answered inline (text after them) stay; forwarded
/// messages («Пересылаемое сообщение», "Forwarded message") are content and stay; a letter that is nothing but a quote
/// is kept whole rather than emptied.
/// </summary>
public static partial class QuotedHistory
{
    public static string Trim(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var cut = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (Forwarded().IsMatch(line))
            {
                // What follows is a letter passed on: content, headers and all.
                break;
            }

            var withNext = i + 1 < lines.Length ? line + " " + lines[i + 1].Trim() : line;
            if (Separator().IsMatch(line) || Attribution().IsMatch(line) || (!line.EndsWith(':') && Attribution().IsMatch(withNext)) || IsHeaderBlock(lines, i))
            {
                cut = i;
                break;
            }
        }

        // A trailing run of quoted (or blank) lines: the history quoted below the answer.
        var end = cut;
        while (end > 0 && (lines[end - 1].TrimStart().StartsWith('>') || string.IsNullOrWhiteSpace(lines[end - 1])))
        {
            end--;
        }

        if (end < cut && lines[end..cut].Any(l => l.TrimStart().StartsWith('>')))
        {
            cut = end;
        }

        var kept = string.Join('\n', lines[..cut]).TrimEnd();
        return kept.Trim().Length == 0 ? text.Trim() : kept.Trim('\n');
    }

    // «От: …» then «Отправлено:»/«Дата:» (or From/Sent/Date) within the next three lines.
    private static bool IsHeaderBlock(string[] lines, int i)
    {
        if (!HeaderFrom().IsMatch(lines[i].Trim()))
        {
            return false;
        }

        for (var j = i + 1; j < Math.Min(lines.Length, i + 4); j++)
        {
            if (HeaderSent().IsMatch(lines[j].Trim()))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(Localization.MailVocabulary.ForwardedPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Forwarded();

    [GeneratedRegex(Localization.MailVocabulary.SeparatorPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    [GeneratedRegex(Localization.MailVocabulary.AttributionPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();

    [GeneratedRegex(Localization.MailVocabulary.HeaderFromPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(Localization.MailVocabulary.HeaderSentPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HeaderSent();
}
