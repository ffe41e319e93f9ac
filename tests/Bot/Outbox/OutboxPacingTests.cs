using System.Globalization;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Tests.Bot.Fakes;
using ChatSupport.Tests.Bot.Hardening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChatSupport.Tests.Bot.Outbox;

/// <summary>
/// The outbox against Telegram's own limits, none lifted: 1 message/s per private chat, 20/min per group,
/// 30/s overall. The rate limiters run on real time, so this measures the fake Bot API's arrival times.
/// It runs for a little over a minute (the group's 21st message must wait out the minute), so it sits in
/// the heavy collection: beside other end-to-end tests on two cores its timing would disturb theirs.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class OutboxPacingTests(ITestOutputHelper output)
{
    private const long Group = -1001234567890;
    private const int PrivateChatPerSecond = 1;
    private const int GroupPerMinute = 20;
    private const int GlobalPerSecond = 30;

    /// <summary>
    /// The limiters decide when a send starts; the fake records when the request arrives. The HTTP round trip
    /// on a loaded two-core machine varies by some milliseconds (tens under load), so two sends one second
    /// apart at the start can arrive a little less than a second apart. Windows are shortened by this much.
    /// </summary>
    private static readonly TimeSpan Jitter = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Burst_UnderTelegramLimits_KeepsPerChatPerGroupAndGlobalPace_WithoutA429()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            // The harness lifts the private-chat limit for speed; these tests put it back.
            ["Telegram:PrivateChatPerSecond"] = PrivateChatPerSecond.ToString(CultureInfo.InvariantCulture),
            ["Telegram:GroupPerMinute"] = GroupPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Telegram:GlobalPerSecond"] = GlobalPerSecond.ToString(CultureInfo.InvariantCulture),
        });

        // 12 chats × 5 (the per-chat limit binds), the group × 25 (the per-minute limit binds), 40 chats × 3
        // (with the others, far more than 30 a second are ready: the global limit binds).
        var burst = new List<(long Chat, string Text)>();
        for (var chat = 0; chat < 12; chat++)
        {
            burst.AddRange(Enumerable.Range(1, 5).Select(i => (7000L + chat, $"busy {chat} #{i}")));
        }

        burst.AddRange(Enumerable.Range(1, 25).Select(i => (Group, $"group #{i}")));
        for (var chat = 0; chat < 40; chat++)
        {
            burst.AddRange(Enumerable.Range(1, 3).Select(i => (8000L + chat, $"crowd {chat} #{i}")));
        }

        var mark = await bot.SendBurstAsync(burst, TimeSpan.FromSeconds(150));

        await using (var db = bot.OpenDatabase())
        {
            // Every message went on its first attempt: no 429 (nor any other failure) was met on the way. The fake
            // answers 429 only when told to, so the pace itself is judged from its arrival times below.
            var rows = await db.Outbox.AsNoTracking().ToListAsync();
            Assert.Equal(burst.Count, rows.Count);
            Assert.All(rows, r => Assert.Equal((OutboxStatus.Sent, 1, (string?)null), (r.Status, r.Attempts, r.LastError)));
        }

        var sends = bot.Api.Calls.Skip(mark).Where(c => c.Method == "sendMessage").ToList();
        Assert.Equal(burst.Count, sends.Count);
        Assert.Equal(burst.Select(b => b.Text).Order(StringComparer.Ordinal), sends.Select(FakeBotApi.TextOf).Order(StringComparer.Ordinal));
        var start = sends.Min(c => c.At);
        var all = sends.Select(c => c.At).Order().ToList();
        var byChat = sends.GroupBy(FakeBotApi.ChatIdOf).ToDictionary(g => g.Key, g => g.Select(c => c.At).Order().ToList());
        var privateChats = byChat.Where(kv => kv.Key > 0).ToList();
        var group = byChat[Group];

        var privateGap = privateChats.Where(kv => kv.Value.Count > 1).Min(kv => MinGap(kv.Value));
        var globalMaxPerSecond = MaxInWindow(all, TimeSpan.FromSeconds(1));
        var globalMaxPerShortSecond = MaxInWindow(all, TimeSpan.FromSeconds(1) - Jitter);
        var groupMaxPerMinute = MaxInWindow(group, TimeSpan.FromMinutes(1));
        var groupMaxPerShortMinute = MaxInWindow(group, TimeSpan.FromMinutes(1) - Jitter);
        var group21st = group[GroupPerMinute] - group[0];
        var orderKept = byChat.Keys.All(chat => InOrder(sends.Where(c => FakeBotApi.ChatIdOf(c) == chat).Select(FakeBotApi.TextOf).ToList()));

        output.WriteLine($"{sends.Count} messages in {(all[^1] - start).TotalSeconds:F2} s");
        output.WriteLine($"private chats: smallest gap between two messages to one chat {privateGap.TotalSeconds:F3} s (limit {PrivateChatPerSecond}/s)");
        output.WriteLine($"group: {group.Count} messages; the 21st came {group21st.TotalSeconds:F3} s after the 1st; at most {groupMaxPerMinute} in any 60 s, {groupMaxPerShortMinute} in any {(TimeSpan.FromMinutes(1) - Jitter).TotalSeconds:F1} s (limit {GroupPerMinute}/min)");
        output.WriteLine($"overall: at most {globalMaxPerSecond} in any 1 s, {globalMaxPerShortSecond} in any {(TimeSpan.FromSeconds(1) - Jitter).TotalSeconds:F1} s (limit {GlobalPerSecond}/s)");
        output.WriteLine("sends per second since the first: " + string.Join(" ", all.GroupBy(t => (int)(t - start).TotalSeconds).Select(g => $"{g.Key}s:{g.Count()}")));
        output.WriteLine("group sends at (s): " + string.Join(" ", group.Select(t => (t - start).TotalSeconds.ToString("F2", CultureInfo.InvariantCulture))));

        Assert.True(privateGap >= TimeSpan.FromSeconds(1.0 / PrivateChatPerSecond) - Jitter, $"two messages to one private chat came {privateGap.TotalSeconds:F3} s apart");
        Assert.True(group21st >= TimeSpan.FromMinutes(1) - Jitter, $"the group's 21st message came {group21st.TotalSeconds:F3} s after its 1st");
        Assert.True(groupMaxPerShortMinute <= GroupPerMinute, $"the group got {groupMaxPerShortMinute} messages within a minute");
        Assert.True(globalMaxPerShortSecond <= GlobalPerSecond, $"{globalMaxPerShortSecond} messages went within a second");
        Assert.True(orderKept, "every chat got its messages in the order they were written");
    }

    /// <summary>The shortest time between two consecutive instants of a sorted list.</summary>
    private static TimeSpan MinGap(IReadOnlyList<DateTimeOffset> times) =>
        times.Zip(times.Skip(1), (a, b) => b - a).Min();

    /// <summary>The most instants of a sorted list that fit in one half-open window of the given length, wherever it starts.</summary>
    private static int MaxInWindow(IReadOnlyList<DateTimeOffset> times, TimeSpan window)
    {
        var best = 0;
        var first = 0;
        for (var last = 0; last < times.Count; last++)
        {
            while (times[last] - times[first] >= window)
            {
                first++;
            }

            best = Math.Max(best, last - first + 1);
        }

        return best;
    }

    /// <summary>Texts like «busy 3 #1», «busy 3 #2», … arrive with rising numbers.</summary>
    private static bool InOrder(IReadOnlyList<string> texts) =>
        texts.Select(t => int.Parse(t[(t.IndexOf('#', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture)).SequenceEqual(Enumerable.Range(1, texts.Count));
}
