using System.Text;
using MimeKit.Text;

namespace ChatSupport.Bot.Mail;

/// <summary>
/// A letter's HTML as readable text, for a letter that has no plain-text part: MimeKit's tokenizer (character references
/// decoded), blocks and line breaks as new lines, list items as «• », links followed by their address when it differs
/// from their text, scripts, styles and the head dropped, runs of blank lines and spaces folded.
/// </summary>
public static class HtmlText
{
    public static string ToText(string html)
    {
        var text = new StringBuilder(html.Length / 2);
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true, IgnoreTruncatedTags = true };
        var skipping = 0;
        string? link = null;
        var linkStart = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlDataToken data when skipping == 0:
                    AppendFolded(text, data.Data);
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title:
                    skipping = Math.Max(0, skipping + (tag.IsEndTag ? -1 : tag.IsEmptyElement ? 0 : 1));
                    break;
                case HtmlTagToken tag when skipping == 0:
                    switch (tag.Id)
                    {
                        case HtmlTagId.Br:
                            text.Append('\n');
                            break;
                        case HtmlTagId.LI when !tag.IsEndTag:
                            NewLine(text);
                            text.Append("• ");
                            break;
                        case HtmlTagId.P or HtmlTagId.Div or HtmlTagId.TR or HtmlTagId.Table or HtmlTagId.UL or HtmlTagId.OL
                            or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6
                            or HtmlTagId.BlockQuote or HtmlTagId.Pre or HtmlTagId.HR:
                            NewLine(text);
                            break;
                        case HtmlTagId.TD or HtmlTagId.TH when !tag.IsEndTag && text.Length > 0 && text[^1] != '\n':
                            text.Append('\t');
                            break;
                        case HtmlTagId.A when !tag.IsEndTag:
                            link = tag.Attributes.FirstOrDefault(a => a.Id == HtmlAttributeId.Href)?.Value;
                            linkStart = text.Length;
                            break;
                        case HtmlTagId.A when link is not null:
                            var label = text.ToString(linkStart, text.Length - linkStart).Trim();
                            if (link.StartsWith("http", StringComparison.OrdinalIgnoreCase) && !string.Equals(label, link, StringComparison.OrdinalIgnoreCase))
                            {
                                text.Append(" (").Append(link).Append(')');
                            }

                            link = null;
                            break;
                    }

                    break;
            }
        }

        return Fold(text.ToString());
    }

    private static void AppendFolded(StringBuilder text, string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c) && c != '\u00A0')
            {
                if (text.Length > 0 && text[^1] is not (' ' or '\n' or '\t'))
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c == '\u00A0' ? ' ' : c);
            }
        }
    }

    private static void NewLine(StringBuilder text)
    {
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append('\n');
        }
    }

    /// <summary>Trailing spaces off each line, at most one blank line in a row, none at the ends.</summary>
    private static string Fold(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd(' ', '\t').TrimStart(' '));
        var result = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append(blank > 0 ? "\n\n" : "\n");
            }

            blank = 0;
            result.Append(line);
        }

        return result.ToString();
    }
}
