using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Pipeline;

public enum FloodVerdict
{
    Allowed,

    /// <summary>Over the limit for the first time in a while: tell them once.</summary>
    WarnAndDrop,

    /// <summary>Still over the limit: drop without a word.</summary>
    Drop,
}

/// <summary>
/// Per-user flood control (<c>Support:FloodControl</c>, default 20 messages in 10 s) on real time, with
/// System.Threading.RateLimiting's sliding window. Staff are never limited (the caller skips them).
/// </summary>
public sealed class FloodGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ConcurrentDictionary<string, bool> _warned = new();

    public FloodGuard(int messages, TimeSpan per)
    {
        Messages = messages;
        Per = per;
        _limiter = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetSlidingWindowLimiter(user, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = messages,
            Window = per,
            SegmentsPerWindow = 10,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public int Messages { get; }

    public TimeSpan Per { get; }

    public static FloodGuard FromConfiguration(IConfiguration configuration)
    {
        var messagesText = configuration["Support:FloodControl:Messages"];
        var messages = 20;
        if (!string.IsNullOrWhiteSpace(messagesText) && (!int.TryParse(messagesText, NumberStyles.None, CultureInfo.InvariantCulture, out messages) || messages is < 1 or > 10_000))
        {
            throw new SupportConfigurationException("Support:FloodControl:Messages", messagesText, "expected a whole number from 1 to 10000");
        }

        var perText = configuration["Support:FloodControl:Per"];
        var per = TimeSpan.FromSeconds(10);
        if (!string.IsNullOrWhiteSpace(perText) && (!TimeSpan.TryParseExact(perText.Trim(), "c", CultureInfo.InvariantCulture, out per) || per < TimeSpan.FromSeconds(1) || per > TimeSpan.FromHours(1)))
        {
            throw new SupportConfigurationException("Support:FloodControl:Per", perText, "expected a duration from 00:00:01 to 01:00:00");
        }

        return new FloodGuard(messages, per);
    }

    public FloodVerdict Check(ChannelKind channel, string userId)
    {
        var key = $"{channel}:{userId}";
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            _warned.TryRemove(key, out _);
            return FloodVerdict.Allowed;
        }

        return _warned.TryAdd(key, true) ? FloodVerdict.WarnAndDrop : FloodVerdict.Drop;
    }

    public void Dispose() => _limiter.Dispose();
}
