using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatSupport.Tests.Bot.Outbox;

/// <summary>Edits of one card queued together: only the newest goes (it carries the whole state); other cards' edits are untouched.</summary>
public sealed class OutboxCardEditsTests
{
    private const long Group = -1009;

    [Fact]
    public async Task ABurstOfEditsOfOneCard_SendsOnlyTheNewest_EachCardItsOwn()
    {
        await using var bot = await BotHarness.StartAsync();
        var chat = new ChatAddress(ChannelKind.Telegram, Group.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await WriteAsync(bot, w =>
        {
            w.Send(new OutgoingMessage(chat, "A v0") { TrackAs = "card:1" });
            w.Send(new OutgoingMessage(chat, "B v0") { TrackAs = "card:2" });
        });
        await WaitUntilSentAsync(bot);

        var mark = bot.Api.Calls.Count;
        await WriteAsync(bot, w =>
        {
            for (var v = 1; v <= 5; v++)
            {
                w.Edit(chat, "card:1", $"A v{v}", []);
                if (v is 2 or 3)
                {
                    w.Edit(chat, "card:2", $"B v{v}", []);
                }
            }

            w.Send(new OutgoingMessage(chat, "after the edits"));
        });
        await WaitUntilSentAsync(bot);

        var calls = bot.Api.Calls.Skip(mark).Where(c => c.Method is "editMessageText" or "sendMessage").Select(c => (c.Method, FakeBotApi.TextOf(c))).ToList();
        // Each card's newest state once, in the chat's order (card:2's v3 was queued before card:1's v5), then the message.
        Assert.Equal([("editMessageText", "B v3"), ("editMessageText", "A v5"), ("sendMessage", "after the edits")], calls);
        await using var db = bot.OpenDatabase();
        Assert.Equal(5, await db.Outbox.CountAsync(o => o.Status == OutboxStatus.Superseded));
    }

    private static async Task WriteAsync(BotHarness bot, Action<OutboxWriter> write)
    {
        await using var scope = bot.Services.CreateAsyncScope();
        write(scope.ServiceProvider.GetRequiredService<OutboxWriter>());
        await scope.ServiceProvider.GetRequiredService<SupportDbContext>().SaveChangesAsync();
        bot.Services.GetRequiredService<OutboxSignal>().Notify();
    }

    private static Task WaitUntilSentAsync(BotHarness bot) => Eventually.TrueAsync(async () =>
    {
        await using var db = bot.OpenDatabase();
        return !await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending);
    }, "the outbox is drained", TimeSpan.FromSeconds(30));
}
