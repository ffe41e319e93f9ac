namespace ChatSupport.Bot.Outbox;

/// <summary>The <c>Outbox</c> section: how the outbox reads its queue and how long a failing message may wait at most.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How many due messages one pass reads.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The longest pause between retries of a failing message.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(1);
}
