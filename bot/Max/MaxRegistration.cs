using System.Threading.RateLimiting;
using ChatSupport.Bot.Channels;

namespace ChatSupport.Bot.Max;

public static class MaxRegistration
{
    /// <summary>
    /// The MAX channel, when <c>Max:BotToken</c> is set: the typed API client over a named HttpClient whose
    /// request logging is removed, one rate limiter for every call, the updates loop, the sender and files.
    /// </summary>
    public static IHostApplicationBuilder AddMaxChannel(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MaxOptions.Section).Get<MaxOptions>() ?? new MaxOptions();
        if (!options.IsConfigured)
        {
            return builder;
        }

        options.Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddHttpClient(MaxApiClient.HttpClientName)
            .ConfigureHttpClient(c =>
            {
                c.BaseAddress = options.BaseUri;
                c.Timeout = options.PollingTimeout + options.RequestTimeout;
            })
            .RemoveAllLoggers();
        // One bucket for every call the bot makes to MAX (polls, sends, uploads, downloads): MAX counts them all.
        builder.Services.AddSingleton(sp => new MaxApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(MaxApiClient.HttpClientName),
            options,
            new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.RequestsPerSecond,
                TokensPerPeriod = options.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 10_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            })));
        builder.Services.AddSingleton<MaxSender>();
        builder.Services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<MaxSender>());
        builder.Services.AddSingleton(new ChannelTextLimit(Domain.Channels.ChannelKind.Max, MaxSender.MaxTextLimit));
        builder.Services.AddSingleton<IChannelFiles, MaxFiles>();
        if (options.IsWebhook)
        {
            // MAX pushes updates to every replica (Hosting/WebhookListener.cs maps the endpoint); nothing polls.
            builder.Services.AddHostedService<MaxWebhookSetup>();
            return builder;
        }

        builder.Services.AddSingleton<MaxPolling>();
        builder.Services.AddSingleton<IPollingState>(sp => sp.GetRequiredService<MaxPolling>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MaxPolling>());
        return builder;
    }
}
