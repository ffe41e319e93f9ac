using ChatSupport.Bot.Channels;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace ChatSupport.Bot.Telegram;

public static class TelegramRegistration
{
    public const string HttpClientName = "telegram";

    /// <summary>
    /// The Telegram channel, when <c>Telegram:BotToken</c> is set: Telegram.Bot over a named HttpClient whose request logging is removed
    /// (Bot API URLs carry the token), the updates loop, and the outbound sender.
    /// </summary>
    public static IHostApplicationBuilder AddTelegramChannel(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelegramOptions.Section).Get<TelegramOptions>() ?? new TelegramOptions();
        if (!options.IsConfigured)
        {
            return builder;
        }

        options.Validate();
        builder.Services.AddSingleton(Options.Create(options));

        builder.Services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(c => c.Timeout = options.PollingTimeout + options.RequestTimeout)
            .RemoveAllLoggers();
        builder.Services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            var clientOptions = new TelegramBotClientOptions(options.BotToken!.Trim(), string.IsNullOrWhiteSpace(options.ApiBaseUrl) ? null : options.ApiBaseUrl)
            {
                // The outbox owns retries (it persists them); the client must not sleep on 429 by itself.
                RetryCount = 0,
            };
            return new TelegramBotClient(clientOptions, http);
        });
        builder.Services.AddSingleton<TelegramSender>();
        builder.Services.AddSingleton<IChannelFiles, TelegramFiles>();
        builder.Services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<TelegramSender>());
        builder.Services.AddSingleton(new ChannelTextLimit(Domain.Channels.ChannelKind.Telegram, TelegramSender.TelegramTextLimit));
        builder.Services.AddHostedService<TelegramForum>();
        if (options.IsWebhook)
        {
            // Telegram pushes updates to every replica (Hosting/WebhookListener.cs maps the endpoint); nothing polls.
            builder.Services.AddHostedService<TelegramWebhookSetup>();
            return builder;
        }

        builder.Services.AddSingleton<TelegramPolling>();
        builder.Services.AddSingleton<IPollingState>(sp => sp.GetRequiredService<TelegramPolling>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelegramPolling>());
        return builder;
    }
}
