using System.Threading.RateLimiting;
using ChatSupport.Bot.Channels;

namespace ChatSupport.Bot.Outbox;

/// <summary>The messengers' limits as rate limiters: no permit comes back sooner than the whole period after it was taken.</summary>
internal static class RateLimits
{
    /// <summary>A messenger's limits: per chat (the chat id is the partition) chained with one for all its chats.</summary>
    public static PartitionedRateLimiter<string> For(IChannelSender sender)
    {
        // Not a token bucket for the global limit: it refills while it is being drained, so a full bucket plus the
        // refill let 39 of 30 go within one second (measured by OutboxPacingTests).
        var global = PartitionedRateLimiter.Create<string, int>(_ => RateLimitPartition.GetSlidingWindowLimiter(0, _ => AtMost(sender.GlobalMessagesPerSecond, TimeSpan.FromSeconds(1))));
        var perChat = PartitionedRateLimiter.Create<string, string>(chatId =>
        {
            var limit = sender.RateLimitFor(chatId);
            return RateLimitPartition.GetSlidingWindowLimiter(chatId, _ => AtMost(limit.Messages, limit.Per));
        });
        return PartitionedRateLimiter.CreateChained(perChat, global);
    }

    /// <summary>
    /// A sliding window that lets no more than <paramref name="messages"/> go in any span of <paramref name="per"/>.
    /// A window's permit comes back when the segment it was taken in leaves the window, which is up to one segment
    /// sooner than <paramref name="per"/> after it was taken (with one segment of a second, two messages to a private
    /// chat went 10 ms apart): the window is one segment longer, so every permit stays out for the whole period.
    /// Segments of at least 250 ms, as the limiters are replenished on a 100 ms heartbeat.
    /// </summary>
    private static SlidingWindowRateLimiterOptions AtMost(int messages, TimeSpan per)
    {
        var segments = Math.Clamp((int)(per / TimeSpan.FromMilliseconds(250)), 1, 20);
        return new SlidingWindowRateLimiterOptions
        {
            PermitLimit = messages,
            Window = per + (per / segments),
            SegmentsPerWindow = segments + 1,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
