using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Telegram;
using ChatSupport.Domain.Channels;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>An adapter that throws (a bug, an answer nobody foresaw) costs one message, never the queue.</summary>
public sealed class AdapterFailureTests
{
    private const long Cursed = 6601;
    private const long Anna = 6602;

    [Fact]
    public async Task ThrowingAdapter_HoldsOnlyItsMessage_AndGivesItUpAfterTenTries()
    {
        await using var bot = await BotHarness.StartAsync(configure: builder =>
        {
            var original = builder.Services.Single(d => d.ServiceType == typeof(IChannelSender));
            builder.Services.Remove(original);
            builder.Services.AddSingleton<IChannelSender>(sp => new ThrowingFor(sp.GetRequiredService<TelegramSender>(), Cursed.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });

        bot.Api.UserSends(Cursed, "/start", "Проклятый");
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return await db.Outbox.AnyAsync(o => o.ChatId == "6601" && o.Attempts > 0);
        }, "the cursed message is tried");

        // Everyone else is served meanwhile.
        var anna = new FakeUser(bot.Api, Anna);
        Assert.StartsWith("Здравствуйте, Анна!", FakeBotApi.TextOf(await anna.SendAsync("/start")));

        // Tried again with back-off, then given up for good with the reason.
        await Eventually.TrueAsync(async () =>
        {
            bot.Clock.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(50);
            await using var db = bot.OpenDatabase();
            return await db.Outbox.AnyAsync(o => o.ChatId == "6601" && o.Status == OutboxStatus.Rejected);
        }, "the cursed message is given up", TimeSpan.FromSeconds(30));

        await using var check = bot.OpenDatabase();
        var cursed = await check.Outbox.SingleAsync(o => o.ChatId == "6601");
        Assert.Equal(10, cursed.Attempts);
        Assert.StartsWith("InvalidOperationException: adapter bug", cursed.LastError);
        Assert.Contains(bot.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("failed unexpectedly", StringComparison.Ordinal));
    }

    private sealed class ThrowingFor(IChannelSender inner, string chatId) : IChannelSender
    {
        public ChannelKind Channel => inner.Channel;

        public int GlobalMessagesPerSecond => inner.GlobalMessagesPerSecond;

        public ChatRateLimit RateLimitFor(string chat) => inner.RateLimitFor(chat);

        public Task<SendResult> SendAsync(string chat, OutboxPayload payload, CancellationToken cancellationToken = default) =>
            chat == chatId ? throw new InvalidOperationException("adapter bug") : inner.SendAsync(chat, payload, cancellationToken);

        public Task<SendResult> EditAsync(string chat, string messageId, OutboxPayload payload, CancellationToken cancellationToken = default) =>
            inner.EditAsync(chat, messageId, payload, cancellationToken);

        public Task<SendResult> AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default) =>
            inner.AnswerButtonAsync(callbackId, notice, cancellationToken);
    }
}
