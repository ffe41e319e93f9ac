namespace ChatSupport.Domain.Channels;

/// <summary>Splits long texts into messages a messenger accepts (Telegram: 4096 characters).</summary>
public static class MessageSplitter
{
    /// <summary>
    /// Cuts <paramref name="text"/> into parts of at most <paramref name="limit"/> UTF-16 units: at the last
    /// line break that fits, else the last space, else hard (never inside a surrogate pair).
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        if (text.Length <= limit)
        {
            return [text];
        }

        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > limit)
        {
            var window = rest[..limit];
            var cut = window.LastIndexOf('\n');
            if (cut < limit / 2)
            {
                var space = window.LastIndexOf(' ');
                cut = space >= limit / 2 ? space : -1;
            }

            int take, skip;
            if (cut > 0)
            {
                take = cut;
                skip = cut + 1;
            }
            else
            {
                take = char.IsHighSurrogate(rest[limit - 1]) ? limit - 1 : limit;
                skip = take;
            }

            var part = rest[..take].TrimEnd().ToString();
            if (part.Length > 0)
            {
                parts.Add(part);
            }

            rest = rest[skip..];
        }

        if (!rest.IsWhiteSpace())
        {
            parts.Add(rest.ToString());
        }

        return parts;
    }
}
