using System.Globalization;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Configuration;

/// <summary>
/// The one configuration the bot reads: <c>appsettings.json</c> (the repository-root file, copied
/// beside the binary at build time) overridden by environment variables (<c>Section__Key</c>).
/// </summary>
public static class AppConfiguration
{
    public const string FileName = "appsettings.json";

    public static string ContentRoot => AppContext.BaseDirectory;

    public static IConfigurationRoot Load() => Load(ContentRoot);

    public static IConfigurationRoot Load(string contentRoot)
    {
        try
        {
            return new ConfigurationBuilder()
                .SetBasePath(contentRoot)
                .AddJsonFile(FileName, optional: true, reloadOnChange: false)
                .AddEnvironmentVariables()
                .Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new SupportConfigurationException(Path.Combine(contentRoot, FileName), null,
                $"the file is not valid JSON ({(ex.InnerException ?? ex).Message.Split('\n')[0].Trim()})");
        }
    }

    /// <summary>Reads a <see cref="TimeSpan"/> written as <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>).</summary>
    public static TimeSpan? GetTimeSpan(this IConfiguration configuration, string key, TimeSpan? min = null)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!TimeSpan.TryParseExact(text.Trim(), "c", CultureInfo.InvariantCulture, out var value))
        {
            throw new SupportConfigurationException(key, text, "expected a duration like 01:00:00 (hh:mm:ss) or 1.00:00:00 (days.hh:mm:ss)");
        }

        if (min is { } floor && value < floor)
        {
            throw new SupportConfigurationException(key, text, $"must be at least {floor:c}");
        }

        return value;
    }

    /// <summary>Reads a whole number within bounds.</summary>
    public static int? GetInt(this IConfiguration configuration, string key, int min, int max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new SupportConfigurationException(key, text, $"expected a whole number from {min} to {max}");
        }

        return value;
    }
}
