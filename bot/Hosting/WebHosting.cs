using System.Runtime.CompilerServices;

namespace ChatSupport.Bot.Hosting;

/// <summary>
/// The host as a web application, for the health endpoint and the demo (Kestrel on 127.0.0.1 only) and for webhooks
/// (on <c>Webhook:Host</c>:<c>Webhook:Port</c>). Kept out of
/// <see cref="BotHost.Build"/> and never inlined: a bot without either never loads ASP.NET Core's assemblies
/// (bench memory: about 6 MB of them mapped, and their code compiled, in a process that serves no HTTP).
/// </summary>
internal static class WebHosting
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IHostApplicationBuilder CreateBuilder(string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Configuration.AppConfiguration.ContentRoot });

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static IHost Build(IHostApplicationBuilder builder, int healthPort, Demo.DemoOptions? demo, WebhookListener? webhooks = null)
    {
        var web = (WebApplicationBuilder)builder;
        if (webhooks is not null)
        {
            web.WebHost.ConfigureKestrel(k => k.Listen(webhooks.Host, webhooks.Port));
        }

        if (healthPort > 0)
        {
            Health.HealthEndpoint.Listen(web, Health.HealthEndpoint.HostFrom(web.Configuration), healthPort);
        }

        if (demo is not null)
        {
            web.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, demo.Port));
        }

        var app = web.Build();
        if (healthPort > 0)
        {
            // /health and /metrics answer on their own port only, never on the webhook or demo listener (which may face
            // the internet).
            app.Use(async (context, next) =>
            {
                if ((context.Request.Path == "/health" || context.Request.Path == Health.MetricsEndpoint.Path) && context.Connection.LocalPort != healthPort)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                await next(context);
            });
            Health.HealthEndpoint.Map(app);
            Health.MetricsEndpoint.Map(app);
        }

        if (demo is not null)
        {
            Demo.DemoEndpoints.Map(app);
        }

        if (webhooks?.Telegram is { } telegram)
        {
            Telegram.TelegramWebhookEndpoint.Map(app, telegram);
        }

        if (webhooks?.Max is { } max)
        {
            Max.MaxWebhookEndpoint.Map(app, max);
        }

        return app;
    }
}
