using System.Globalization;
using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Demo;

/// <summary>The demo messenger's outbound half: the desk's messages land in the page's chats.</summary>
public sealed class DemoSender(DemoHub hub, TimeProvider time) : IChannelSender
{
    /// <summary>The demo is a channel of its own: the domain never hears of it.</summary>
    public static readonly ChannelKind Kind = new("Demo");

    public ChannelKind Channel => Kind;


    public int GlobalMessagesPerSecond => 1000;

    public ChatRateLimit RateLimitFor(string chatId) => new(100, TimeSpan.FromSeconds(1));

    public Task<SendResult> SendAsync(string chatId, OutboxPayload payload, CancellationToken cancellationToken = default)
    {
        var file = payload.File is { } f ? $"📎 {f.DisplayName}" : null;
        var message = hub.Add(chatId, payload.Text ?? string.Empty, payload.Buttons, file, time.GetUtcNow(), fromBot: true, author: null);
        return Task.FromResult<SendResult>(new SendResult.Sent(message.Id.ToString(CultureInfo.InvariantCulture)));
    }

    public Task<SendResult> EditAsync(string chatId, string messageId, OutboxPayload payload, CancellationToken cancellationToken = default) =>
        Task.FromResult<SendResult>(long.TryParse(messageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && hub.Edit(id, payload.Text ?? string.Empty, payload.Buttons)
            ? new SendResult.Sent(messageId)
            : new SendResult.Rejected($"no demo message {messageId}"));

    public Task<SendResult> AnswerButtonAsync(string callbackId, string? notice, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(notice))
        {
            hub.Notice(notice);
        }

        return Task.FromResult<SendResult>(new SendResult.Sent(null));
    }
}
