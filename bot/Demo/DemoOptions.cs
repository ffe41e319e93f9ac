using System.Globalization;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Configuration;
using Microsoft.Data.Sqlite;

namespace ChatSupport.Bot.Demo;

/// <summary>
/// The <c>Demo</c> section: the local demo messenger in the browser. On by default when no messenger token is
/// set; <c>Demo:Enabled=true</c> forces it (the tokens are then left unused), <c>false</c> forbids it.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public const string DefaultDatabase = "Data Source=chatsupport-demo.db";

    public int Port { get; init; } = 5080;

    /// <summary>The demo's own SQLite file, emptied at every start; never the production one.</summary>
    public string Database { get; init; } = DefaultDatabase;

    public string EngineerName { get; init; } = "Demo engineer";

    public string ManagerName { get; init; } = "Demo manager";

    /// <summary>
    /// The moment the demo's clock starts at (<c>Demo:StartAt</c>, an ISO instant, or a local time in the provider's
    /// zone); null: now. Handy for a presentation that should always open on a Monday morning, and what keeps the
    /// tests independent of the hour they run at.
    /// </summary>
    public NodaTime.Instant? StartAt { get; init; }

    /// <summary>True when this start is a demo: forced by Demo:Enabled, or no messenger configured.</summary>
    public static bool IsOn(IConfiguration configuration)
    {
        var enabled = configuration[$"{Section}:Enabled"]?.Trim();
        if (!string.IsNullOrEmpty(enabled))
        {
            if (!bool.TryParse(enabled, out var on))
            {
                throw new SupportConfigurationException($"{Section}:Enabled", enabled, "expected true or false (or nothing: on when no messenger token is set)");
            }

            if (!on)
            {
                return false;
            }

            return true;
        }

        // No messenger at all (Telegram, MAX or the support mailbox): the demo.
        return string.IsNullOrWhiteSpace(configuration["Telegram:BotToken"]) && string.IsNullOrWhiteSpace(configuration["Max:BotToken"])
            && string.IsNullOrWhiteSpace(configuration["Mail:Imap:Host"]);
    }

    public static DemoOptions FromConfiguration(IConfiguration configuration, Domain.Localization.SupportTimeFormat format)
    {
        var section = configuration.GetSection(Section);
        var port = section["Port"];
        var options = new DemoOptions
        {
            Port = string.IsNullOrWhiteSpace(port) ? 5080
                : int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= 65535 ? p
                : throw new SupportConfigurationException($"{Section}:Port", port, "expected a TCP port from 1 to 65535 (0: any free port)"),
            Database = string.IsNullOrWhiteSpace(section["Database"]) ? DefaultDatabase : section["Database"]!,
            EngineerName = Name(section, "EngineerName", "Demo engineer"),
            ManagerName = Name(section, "ManagerName", "Demo manager"),
            StartAt = StartAtFrom(section["StartAt"], format),
        };

        var demo = PersistenceRegistration.NormaliseConnectionString(options.Database);
        var production = DatabaseSettings.FromConfiguration(configuration);
        if (!production.IsPostgres && string.Equals(FullPath(demo), FullPath(production.ConnectionString), StringComparison.Ordinal))
        {
            throw new SupportConfigurationException($"{Section}:Database", options.Database, "the demo empties its database at every start, so it must not be the production file (ConnectionStrings:Support)");
        }

        return options;
    }

    private static NodaTime.Instant? StartAtFrom(string? text, Domain.Localization.SupportTimeFormat format)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return format.TryParseInstant(text, out var at, out var problem)
            ? at
            : throw new SupportConfigurationException($"{Section}:StartAt", text, problem + " (or leave it empty: the demo starts now)");
    }

    public static string FullPath(string connectionString) => Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);

    private static string Name(IConfigurationSection section, string key, string fallback)
    {
        var value = section[key]?.Trim();
        return string.IsNullOrEmpty(value) ? fallback
            : value.Length <= 100 ? value
            : throw new SupportConfigurationException($"{Section}:{key}", value, "up to 100 characters");
    }
}
