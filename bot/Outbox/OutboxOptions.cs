using ChatSupport.Bot.Configuration;

namespace ChatSupport.Bot.Outbox;

/// <summary>The <c>Outbox</c> section: how the outbox reads its queue and how long a failing message may wait at most.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How many due messages one pass reads.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The longest pause between retries of a failing message.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Reads and checks the section; a bad value stops start-up naming the key.</summary>
    public static OutboxOptions FromConfiguration(IConfiguration configuration) => new()
    {
        BatchSize = configuration.GetInt($"{Section}:BatchSize", 1, 10_000) ?? 200,
        MaxBackoff = configuration.GetTimeSpan($"{Section}:MaxBackoff", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) ?? TimeSpan.FromMinutes(1),
    };
}
