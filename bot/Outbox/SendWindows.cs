using System.Diagnostics;
using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Outbox;

/// <summary>
/// A messenger's sending limits, kept exactly: the times of the last sends, per chat and for all chats. A send may go
/// when fewer than the limit went in the last period (with a small guard against the network delivering two sends
/// closer than they left). Not System.Threading.RateLimiting's windows: those count in segments, so they either let a
/// burst exceed the limit inside one second or, widened to be safe, give away a fifth of it — Telegram's 30 messages a
/// second must be used to the last few percent without a single 429.
/// </summary>
internal sealed class SendWindows(IChannelSender sender)
{
    /// <summary>What the network may add between two sends on their way: a period is measured this much longer.</summary>
    internal static readonly TimeSpan Guard = TimeSpan.FromMilliseconds(30);

    private readonly Log _all = new(sender.GlobalMessagesPerSecond, TimeSpan.FromSeconds(1) + Guard);
    private readonly Dictionary<string, Log> _chats = [];
    private readonly object _gate = new();
    private long _sweepAt;

    /// <summary>
    /// Takes a send for the chat when both its own limit and the messenger's allow it now; else says how long until
    /// they might.
    /// </summary>
    public bool TryTake(string chatId, out TimeSpan retryIn)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (!_chats.TryGetValue(chatId, out var chat))
            {
                var limit = sender.RateLimitFor(chatId);
                chat = new Log(limit.Messages, limit.Per + Guard);
                _chats[chatId] = chat;
            }

            var wait = Max(chat.Wait(now), _all.Wait(now));
            if (wait > TimeSpan.Zero)
            {
                retryIn = wait;
                return false;
            }

            chat.Take(now);
            _all.Take(now);
            Sweep(now);
            retryIn = TimeSpan.Zero;
            return true;
        }
    }

    // Chats that have been quiet for a whole period carry nothing worth keeping.
    private void Sweep(long now)
    {
        if (now < _sweepAt)
        {
            return;
        }

        _sweepAt = now + Stopwatch.Frequency * 60;
        foreach (var (chat, log) in _chats.Where(c => c.Value.Wait(now) == TimeSpan.Zero && c.Value.IdleAt(now)).ToList())
        {
            _chats.Remove(chat);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The last sends' times (<see cref="Stopwatch"/> timestamps), at most the limit of them.</summary>
    private sealed class Log(int limit, TimeSpan period)
    {
        private readonly Queue<long> _sends = new(limit);
        private readonly long _period = (long)(period.TotalSeconds * Stopwatch.Frequency);

        public TimeSpan Wait(long now)
        {
            while (_sends.Count > 0 && now - _sends.Peek() >= _period)
            {
                _sends.Dequeue();
            }

            return _sends.Count < limit ? TimeSpan.Zero : TimeSpan.FromSeconds((double)(_sends.Peek() + _period - now) / Stopwatch.Frequency);
        }

        public void Take(long now) => _sends.Enqueue(now);

        public bool IdleAt(long now) => _sends.Count == 0 || now - _sends.Last() >= _period;
    }
}
