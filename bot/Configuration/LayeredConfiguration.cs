using System.Globalization;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Configuration;

/// <summary>
/// Makes a list in the configuration mean what an operator means by it. .NET merges every source key by key, so
/// a list is merged index by index: two holidays from the environment over ten in appsettings.json would keep
/// eight stale ones. Here the last source that gives a list at all — as indexed entries (<c>Holidays:0</c>,
/// <c>Holidays__0</c>), as one value (<c>Holidays=2027-01-01,2027-01-02</c>) or as an empty JSON array —
/// gives the whole list. Maps (weekdays, dated extra working days) still merge key by key, as .NET does.
/// </summary>
public static class LayeredConfiguration
{
    /// <summary>
    /// One configuration with each list taken whole from the last source that gives it; throws
    /// <see cref="SupportConfigurationException"/> naming the key when one source gives a list both as one value
    /// and as indexed entries.
    /// </summary>
    public static IConfigurationRoot Normalise(IConfigurationRoot root)
    {
        var providers = Flatten(root).ToList();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root.AsEnumerable())
        {
            values[key] = value;
        }

        foreach (var list in ListPaths(root, providers))
        {
            foreach (var key in values.Keys.Where(k => IsAtOrUnder(k, list)).ToList())
            {
                values.Remove(key);
            }

            var winner = providers.Last(p => Gives(p, list));
            var single = winner.TryGet(list, out var text) ? text : null;
            var entries = Subtree(winner, list).ToList();
            if (!string.IsNullOrWhiteSpace(single) && entries.Count > 0)
            {
                throw new SupportConfigurationException(list, single,
                    $"this list is given both as one comma-separated value and as indexed entries ({list}:0, …) in the same source; use one form");
            }

            values[list] = single;
            foreach (var (key, value) in entries)
            {
                values[key] = value;
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>
    /// The items of a list: the indexed entries in index order, or — when the list is one value — that value
    /// split at commas. Each item is named by its key (<c>Support:Calendar:Holidays:2</c>) for error messages.
    /// </summary>
    public static IReadOnlyList<(string Key, string? Value)> ReadValues(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var children = Items(section);
        if (children.Count > 0)
        {
            return [.. children.Select(c => (c.Path, c.Value))];
        }

        return [.. (section.Value ?? string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select((v, i) => ($"{key}:{i.ToString(CultureInfo.InvariantCulture)}", (string?)v))];
    }

    /// <summary>The indexed entries of a list section, in index order (0, 1, 2 … 10, not 0, 1, 10, 2).</summary>
    public static IReadOnlyList<IConfigurationSection> Items(IConfigurationSection section) =>
        [.. section.GetChildren().OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue).ThenBy(c => c.Key, StringComparer.Ordinal)];

    /// <summary>The sources in the order they apply (later wins), with chained configurations opened up.</summary>
    private static IEnumerable<IConfigurationProvider> Flatten(IConfigurationRoot root) =>
        root.Providers.SelectMany(p => p is ChainedConfigurationProvider { Configuration: IConfigurationRoot inner } ? Flatten(inner) : [p]);

    /// <summary>Sections whose entries, in some source, are all numbered: lists. Nested lists travel with their outer list.</summary>
    private static IEnumerable<string> ListPaths(IConfiguration configuration, IReadOnlyList<IConfigurationProvider> providers)
    {
        foreach (var child in configuration.GetChildren())
        {
            var keys = providers.SelectMany(p => p.GetChildKeys([], child.Path)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (keys.Count > 0 && keys.All(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                yield return child.Path;
                continue;
            }

            foreach (var nested in ListPaths(child, providers))
            {
                yield return nested;
            }
        }
    }

    /// <summary>Whether a source says anything about the list: a value (an empty JSON array counts) or entries.</summary>
    private static bool Gives(IConfigurationProvider provider, string path) =>
        provider.TryGet(path, out _) || provider.GetChildKeys([], path).Any();

    private static IEnumerable<(string Key, string? Value)> Subtree(IConfigurationProvider provider, string path)
    {
        foreach (var child in provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var key = ConfigurationPath.Combine(path, child);
            if (provider.TryGet(key, out var value))
            {
                yield return (key, value);
            }

            foreach (var nested in Subtree(provider, key))
            {
                yield return nested;
            }
        }
    }

    private static bool IsAtOrUnder(string key, string path) =>
        key.Equals(path, StringComparison.OrdinalIgnoreCase) || key.StartsWith(path + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase);
}
