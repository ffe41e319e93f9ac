using System.Collections.Concurrent;

namespace ChatSupport.Bot.Channels;

/// <summary>
/// Lets a fault of one kind (say «sendMessage: HTTP 429») be logged once per minute instead of once per call,
/// reporting how many were held back in between, so an outage does not drown the log.
/// </summary>
public sealed class FaultLog
{
    // Log volume is about the real world: this clock is the machine's, never the support clock a test moves.
    private readonly TimeProvider _time = TimeProvider.System;

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    /// <summary>True when this kind may be logged now; <paramref name="suppressed"/> tells how many were not since the last time.</summary>
    public bool ShouldLog(string kind, out int suppressed)
    {
        var now = _time.GetUtcNow();
        var entry = _entries.GetOrAdd(kind, _ => new Entry());
        lock (entry)
        {
            if (entry.Last is { } last && now - last < Interval)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            entry.Last = now;
            return true;
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset? Last { get; set; }

        public int Suppressed { get; set; }
    }
}
