using System.Globalization;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Configuration;

/// <summary>
/// The one configuration the bot and its commands read, in the order .NET hosts apply it (later wins):
/// <c>appsettings.json</c> (the repository-root file, copied beside the binary at build time), then
/// <c>appsettings.{Environment}.json</c> beside it (<c>DOTNET_ENVIRONMENT</c>, default Production), then the JSON
/// files named in <c>CHATSUPPORT_SETTINGS</c> (a mounted file, say), then environment variables
/// (<c>Section__Key</c>), then <c>--Section:Key=value</c> switches. A list is taken whole from the last source
/// that gives it (<see cref="LayeredConfiguration"/>).
/// </summary>
public static class AppConfiguration
{
    public const string FileName = "appsettings.json";

    /// <summary>Further JSON files, layered after appsettings.json and before the environment (separated by the path separator).</summary>
    public const string ExtraFilesVariable = "CHATSUPPORT_SETTINGS";

    public static string ContentRoot => AppContext.BaseDirectory;

    public static IConfigurationRoot Load(IReadOnlyList<string>? switches = null) => Load(ContentRoot, switches ?? []);

    /// <param name="switches">Command-line configuration switches (<c>--Key=value</c>); the bot's only, never an operator command's arguments.</param>
    /// <param name="environmentPrefix">Only environment variables with this prefix (tests use a unique one); null: all.</param>
    /// <param name="environmentName">The host environment; null: <c>DOTNET_ENVIRONMENT</c>, <c>ASPNETCORE_ENVIRONMENT</c>, or Production.</param>
    public static IConfigurationRoot Load(string contentRoot, IReadOnlyList<string> switches, string? environmentPrefix = null, string? environmentName = null)
    {
        var environment = environmentName
            ?? NonEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            ?? NonEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile(FileName, optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false);
        var extra = Environment.GetEnvironmentVariable((environmentPrefix ?? string.Empty) + ExtraFilesVariable);
        foreach (var file in (extra ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.GetFullPath(file, contentRoot);
            if (!File.Exists(path))
            {
                throw new SupportConfigurationException(ExtraFilesVariable, file, "no such settings file");
            }

            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        try
        {
            return LayeredConfiguration.Normalise(builder
                .AddEnvironmentVariables(environmentPrefix)
                .AddCommandLine([.. switches])
                .Build());
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            // «Failed to load configuration from file '/app/appsettings.json'.» names the file; the inner exception says why.
            var file = ex.Message.Split('\'', 3) is [_, var named, _] ? named : Path.Combine(contentRoot, FileName);
            throw new SupportConfigurationException(file, null,
                $"the file is not valid JSON ({(ex.InnerException ?? ex).Message.Split('\n')[0].Trim()})");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Reads a <see cref="TimeSpan"/> written as <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>).</summary>
    public static TimeSpan? GetTimeSpan(this IConfiguration configuration, string key, TimeSpan? min = null, TimeSpan? max = null)
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

        if (max is { } ceiling && value > ceiling)
        {
            throw new SupportConfigurationException(key, text, $"must be at most {ceiling:c}");
        }

        return value;
    }

    /// <summary>Reads a size in bytes: <c>20MB</c>, <c>512 KB</c>, <c>1048576</c> (binary units: 1 KB = 1024 bytes).</summary>
    public static long? GetByteSize(this IConfiguration configuration, string key, long min, long max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var digits = trimmed.TakeWhile(char.IsAsciiDigit).Count();
        var unit = trimmed[digits..].Trim().ToUpperInvariant();
        long? multiplier = unit switch
        {
            "" or "B" => 1,
            "KB" or "K" => 1024,
            "MB" or "M" => 1024 * 1024,
            "GB" or "G" => 1024 * 1024 * 1024,
            _ => null,
        };
        if (digits == 0 || multiplier is null || !long.TryParse(trimmed[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > long.MaxValue / multiplier.Value || number * multiplier.Value is var bytes && (bytes < min || bytes > max))
        {
            throw new SupportConfigurationException(key, text, $"expected a size like 20MB or 512KB, from {min / 1024} KB to {max / (1024 * 1024)} MB");
        }

        return number * multiplier.Value;
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
