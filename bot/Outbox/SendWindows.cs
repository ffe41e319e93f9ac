using System.Diagnostics;
using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Outbox;

/// <summary>
/// A messenger's sending limits, kept exactly: the times of the last sends, per chat and for all chats. A send may go
/// when fewer than the limit went in the last period (with a small guard). Not System.Threading.RateLimiting's windows:
/// those count in segments, so they either let a burst exceed the limit inside one second or, widened to be safe, give
/// away a fifth of it — Telegram's 30 messages a second must be used to the last few percent without a single 429.
/// <para>
/// The messenger counts a message when it arrives, and arrivals do not keep the order of starts: the first sends of a
/// burst wait for new connections while later ones take warm ones (the outbound bench saw 60 arrive within 0.9 s from
/// sends started 1.03 s apart, and 30 answered 429). So a send counts from its start plus however much longer it took
/// than the fastest recent send — the time it may have spent on its way before arriving — and, while no answer has
/// come, from <see cref="LongestFlight"/> after its start. Counting every send from its answer would be safe too, but
/// gives away a round trip per place: 26.5 instead of 29 messages a second at 100 ms.
/// </para>
/// </summary>
internal sealed class SendWindows(IChannelSender sender)
{
    /// <summary>What the network may add between two sends on their way: a period is measured this much longer.</summary>
    internal static readonly TimeSpan Guard = TimeSpan.FromMilliseconds(30);

    /// <summary>The longest a send on its way is taken to be still arriving.</summary>
    internal static readonly TimeSpan LongestFlight = TimeSpan.FromSeconds(1);

    private readonly Log _all = new(sender.GlobalMessagesPerSecond, TimeSpan.FromSeconds(1) + Guard);
    private readonly Dictionary<string, Log> _chats = [];
    private readonly object _gate = new();
    private readonly long[] _flights = new long[64];
    private int _flightCount;
    private long _sweepAt;

    /// <summary>
    /// Takes a send for the chat when both its own limit and the messenger's allow it now; else says how long until
    /// they might. A taken send is <see cref="Permit.Answered"/> when its answer comes.
    /// </summary>
    public bool TryTake(string chatId, out TimeSpan retryIn, out Permit permit)
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
                permit = default;
                return false;
            }

            var place = new Place(now, now + Ticks(LongestFlight));
            chat.Take(place);
            _all.Take(place);
            Sweep(now);
            retryIn = TimeSpan.Zero;
            permit = new Permit(this, place);
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

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    // The answer came: the send counts from its start plus its flight beyond the fastest of the last 64.
    private void Answered(Place place)
    {
        lock (_gate)
        {
            var flight = Stopwatch.GetTimestamp() - place.Start;
            _flights[_flightCount++ % _flights.Length] = flight;
            // Until 64 flights are known none of them tells the way's floor (a cold start's are all slow): the answer.
            var fastest = _flightCount < _flights.Length ? 0 : _flights.Min();
            place.At = place.Start + Math.Clamp(flight - fastest, 0, Ticks(LongestFlight));
        }
    }

    /// <summary>A taken send: its place in its windows, settled when its answer comes.</summary>
    public readonly struct Permit
    {
        private readonly SendWindows? _windows;
        private readonly Place? _place;

        internal Permit(SendWindows windows, Place place)
        {
            _windows = windows;
            _place = place;
        }

        /// <summary>The answer came (or the send failed).</summary>
        public void Answered()
        {
            if (_windows is not null && _place is not null)
            {
                _windows.Answered(_place);
            }
        }
    }

    /// <summary>A send's start, and when it counts as having arrived (<see cref="Stopwatch"/> timestamps).</summary>
    internal sealed class Place(long start, long at)
    {
        public long Start { get; } = start;

        public long At { get; set; } = at;
    }

    /// <summary>The last sends' places, at most the limit of them within the period.</summary>
    private sealed class Log(int limit, TimeSpan period)
    {
        private readonly List<Place> _sends = new(limit);
        private readonly long _period = (long)(period.TotalSeconds * Stopwatch.Frequency);

        public TimeSpan Wait(long now)
        {
            _sends.RemoveAll(p => now - p.At >= _period);
            if (_sends.Count < limit)
            {
                return TimeSpan.Zero;
            }

            // Full: until the earliest place leaves the period (an answer may free one sooner; the caller is woken then).
            var leaves = _sends.Min(p => p.At) + _period;
            return TimeSpan.FromSeconds((double)(leaves - now) / Stopwatch.Frequency);
        }

        public void Take(Place place) => _sends.Add(place);

        public bool IdleAt(long now) => _sends.Count == 0 || _sends.All(p => now - p.At >= _period);
    }
}
