using ChatSupport.Tests.Bot.Fakes;

namespace ChatSupport.Tests.Bot.Outbox;

/// <summary>
/// Many chats sending side by side while outcomes are stored: a chat's next message goes only after the queue was read
/// past the store that settled its previous one. A read begun before that store still sees the previous message
/// pending; sending it then would deliver it twice (the customer sees a reply repeated, and a test waiting for the
/// next message reads the repeat instead).
/// </summary>
public sealed class OutboxExactlyOnceTests
{
    [Fact]
    public async Task Burst_ToManyChats_EveryMessageArrivesExactlyOnce_InItsChatsOrder()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:GlobalPerSecond"] = "100000",
        });

        var burst = new List<(long Chat, string Text)>();
        for (var round = 1; round <= 4; round++)
        {
            burst.AddRange(Enumerable.Range(0, 600).Select(chat => (9_000L + chat, $"chat {chat} #{round}")));
        }

        var mark = await bot.SendBurstAsync(burst, TimeSpan.FromSeconds(60));

        var sends = bot.Api.Calls.Skip(mark).Where(c => c.Method == "sendMessage").ToList();
        var repeated = sends.GroupBy(FakeBotApi.TextOf).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.Empty(repeated);
        Assert.Equal(burst.Select(b => b.Text).Order(StringComparer.Ordinal), sends.Select(FakeBotApi.TextOf).Order(StringComparer.Ordinal));
        foreach (var chat in sends.GroupBy(FakeBotApi.ChatIdOf))
        {
            Assert.Equal(Enumerable.Range(1, 4).Select(i => $"#{i}"), chat.Select(c => FakeBotApi.TextOf(c).Split(' ')[^1]));
        }
    }
}
