using System.Diagnostics;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using static ChatSupport.Bot.Bench.BenchHost;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// <c>bench outbound</c>: a burst through the real outbox and Telegram.Bot to the bench's Bot API, which answers each
/// send after 100 ms and refuses (429) any send over Telegram's limits where it arrives. One private chat's first send
/// is an upload the messenger holds for 15 s (2 s with --quick). Prints the rate while private messages were pending, the most sends in
/// any one second, the 429s, and the longest any other chat waited for its next message.
/// </summary>
internal static class OutboundBench
{
    public static async Task RunAsync(TextWriter output, int privateChats, int perPrivate, int groups, int perGroup, TimeSpan upload, CancellationToken cancellationToken)
    {
        const long firstPrivate = 700_000;
        await using var api = await BenchBotApi.StartAsync(TimeSpan.FromMilliseconds(100), enforceLimits: true, slowChat: firstPrivate, slowSend: upload);
        // Telegram's own limits, as the bot ships with them.
        await using var bench = await StartAsync(api, new Dictionary<string, string?>(), cancellationToken);
        var chats = Enumerable.Range(0, privateChats).Select(i => (Id: firstPrivate + i, Count: perPrivate))
            .Concat(Enumerable.Range(0, groups).Select(i => (Id: -1_000_000_000_000L - i, Count: perGroup)))
            .ToList();
        var total = chats.Sum(c => c.Count);

        await using (var scope = bench.Host.Services.CreateAsyncScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
            // Interleaved as an incident would write them: every chat's first message, then every chat's second, …
            for (var n = 0; n < chats.Max(c => c.Count); n++)
            {
                foreach (var (id, count) in chats.Where(c => c.Count > n))
                {
                    writer.Send(new OutgoingMessage(new ChatAddress(ChannelKind.Telegram, id.ToString(System.Globalization.CultureInfo.InvariantCulture)), Domain.Localization.DemoTexts.BenchMessage(n + 1, count)));
                }
            }

            await scope.ServiceProvider.GetRequiredService<SupportDbContext>().SaveChangesAsync(cancellationToken);
        }

        var start = Stopwatch.GetTimestamp();
        bench.Host.Services.GetRequiredService<OutboxSignal>().Notify();
        var limit = upload + TimeSpan.FromSeconds(30 + (total / 20.0));
        while (api.Sent < total && Stopwatch.GetElapsedTime(start) < limit)
        {
            await Task.Delay(50, cancellationToken);
        }

        var sends = api.Deliveries();
        if (sends.Count < total)
        {
            output.WriteLine(Invariant($"outbound: gave up after {limit.TotalSeconds:F0} s: {sends.Count} of {total} messages sent, {api.TooManyRequests} answered 429"));
            return;
        }

        var lastPrivate = sends.Where(s => s.ChatId > 0 && s.ChatId != firstPrivate).Max(s => s.At);
        var first = sends.Min(s => s.At);
        var whilePrivate = sends.Count(s => s.At <= lastPrivate);
        var rate = (whilePrivate - 1) / Stopwatch.GetElapsedTime(first, lastPrivate).TotalSeconds;
        var busiest = BusiestSecond(sends.Select(s => s.At).Order().ToList());
        var (delay, chat) = sends.Where(s => s.ChatId != firstPrivate).GroupBy(s => s.ChatId)
            .Select(g => (Delay: LongestWait(start, g.Select(s => s.At).Order().ToList()), Chat: g.Key))
            .MaxBy(x => x.Delay);
        var slow = LongestWait(start, sends.Where(s => s.ChatId == firstPrivate).Select(s => s.At).Order().ToList());
        output.WriteLine(Invariant(
            $"outbound: {total} messages to {privateChats} private chats ×{perPrivate} and {groups} groups ×{perGroup}, 100 ms per send: {rate:F1} msg/s while private messages were pending (the upload's chat aside) (target ≥ 28.5), at most {busiest} in any 1 s, {api.TooManyRequests} answered 429 ({api.TooManyForChat} over a chat's limit, {api.TooManyOverall} over 30/s)"));
        output.WriteLine(Invariant(
            $"outbound: largest per-chat delay {delay.TotalSeconds:F1} s (chat {chat}, first message or between two) beside a {upload.TotalSeconds:F0} s upload in chat {firstPrivate} (its own longest wait {slow.TotalSeconds:F1} s); all sent in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s"));
    }

    /// <summary>The most sends whose arrival falls in one second, over every window starting at a send.</summary>
    private static int BusiestSecond(List<long> at)
    {
        var most = 0;
        var from = 0;
        for (var to = 0; to < at.Count; to++)
        {
            while (Stopwatch.GetElapsedTime(at[from], at[to]) >= TimeSpan.FromSeconds(1))
            {
                from++;
            }

            most = Math.Max(most, to - from + 1);
        }

        return most;
    }

    /// <summary>The longest a chat waited: from the burst to its first message, or between two of its messages.</summary>
    private static TimeSpan LongestWait(long start, List<long> at)
    {
        var longest = at.Count > 0 ? Stopwatch.GetElapsedTime(start, at[0]) : TimeSpan.Zero;
        for (var i = 1; i < at.Count; i++)
        {
            longest = TimeSpan.FromTicks(Math.Max(longest.Ticks, Stopwatch.GetElapsedTime(at[i - 1], at[i]).Ticks));
        }

        return longest;
    }
}
