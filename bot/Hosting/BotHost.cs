using ChatSupport.Bot.Cluster;
using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Demo;
using ChatSupport.Bot.Dialogue;
using ChatSupport.Bot.Dialogue.Handlers;
using ChatSupport.Bot.Max;
using ChatSupport.Bot.Mail;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Pipeline;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Bot.Staff.Handlers;
using ChatSupport.Bot.Telegram;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatSupport.Bot.Hosting;

/// <summary>Builds the bot's Generic Host: one extension method per feature, registered here.</summary>
public static class BotHost
{
    /// <param name="configure">Last word on the services (tests swap the clock and the logging here).</param>
    /// <param name="time">The clock for everything, Quartz included (tests pass a fake one).</param>
    public static IHost Build(string[] args, IConfiguration configuration, SlaSetup sla, Action<IHostApplicationBuilder>? configure = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        // No messenger token (or Demo:Enabled=true): the demo messenger in the browser, on its own database and clock.
        var demo = Demo.DemoOptions.IsOn(configuration) ? Demo.DemoOptions.FromConfiguration(configuration, sla.Format) : null;
        Demo.DemoClock? demoClock = null;
        if (demo is not null)
        {
            configuration = Demo.DemoRegistration.Prepare(configuration, demo);
            demoClock = new Demo.DemoClock(demo.StartAt?.ToDateTimeOffset() ?? time.GetUtcNow());
            time = demoClock.Time;
        }

        // With a health port or the demo the host is a web application (Kestrel on 127.0.0.1 only); without, a plain host.
        var healthPort = Health.HealthEndpoint.PortFrom(configuration);
        var webhooks = demo is null ? WebhookListener.FromConfiguration(configuration) : null;
        var web = healthPort > 0 || demo is not null || webhooks is not null;
        IHostApplicationBuilder builder = web
            ? WebHosting.CreateBuilder(args)
            : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppConfiguration.ContentRoot });

        // The same sources the CLI reads, so the host and the commands can never disagree.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        builder.Services.AddSingleton(time);
        builder.AddSupportSla(sla);
        // Registered first: its start-up migrates the database before any other service runs.
        builder.AddSupportPersistence();
        var notes = new ConfigurationNotes();
        KnownSettings.Check(builder.Configuration, notes);
        builder.Services.AddSingleton(notes);
        builder.Services.AddHostedService<ConfigurationBanner>();
        builder.AddCluster();
        builder.AddSupportPipeline(notes, sla);
        builder.AddSlaScheduling(time, sla);
        if (demo is null)
        {
            builder.AddTelegramChannel();
            builder.AddMaxChannel();
            builder.AddMailChannel(notes);
            RequireAChannel(builder);
        }
        else
        {
            builder.AddDemoChannel(demo, demoClock!);
        }

        if (healthPort > 0)
        {
            Health.MetricsEndpoint.Register(builder);
        }

        configure?.Invoke(builder);
        return web ? WebHosting.Build(builder, healthPort, demo, webhooks) : ((HostApplicationBuilder)builder).Build();
    }

    /// <summary>Each messenger runs when its token is set; with none at all there is nothing to serve.</summary>
    private static void RequireAChannel(IHostApplicationBuilder builder)
    {
        if (!builder.Services.Any(s => s.ServiceType == typeof(Channels.IChannelSender)))
        {
            throw new Domain.Configuration.SupportConfigurationException("Telegram:BotToken / Max:BotToken / Mail:Imap:Host", null,
                "no messenger is configured. Set Telegram__BotToken=<token from @BotFather>, Max__BotToken=<token from business.max.ru> and/or the support mailbox (Mail__Imap__Host, Mail__Smtp__Host, Mail__Address …), then start again with dotnet run --project bot");
        }
    }

    /// <summary>The channel-neutral path every update takes: handlers, the outbox and its sender.</summary>
    public static IHostApplicationBuilder AddSupportPipeline(this IHostApplicationBuilder builder, ConfigurationNotes notes, SlaSetup sla)
    {
        builder.Services.AddSingleton(OutboxOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<Channels.FaultLog>();
        builder.Services.AddSingleton<Channels.ButtonAnswers>();
        builder.Services.AddSingleton<Channels.BotIdentity>();
        builder.Services.AddScoped<StaffReachability>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Channels.ButtonAnswers>());
        builder.Services.AddSingleton<Health.SupportMetrics>();
        builder.Services.AddSingleton<UpdatePipeline>();
        builder.Services.AddSingleton<PushedUpdates>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PushedUpdates>());
        builder.Services.AddSingleton(FloodGuard.FromConfiguration(builder.Configuration));
        builder.Services.AddScoped<OutboxWriter>();
        builder.Services.AddScoped<Persistence.TicketRepository>();
        builder.Services.AddScoped<DialogueStore>();
        builder.Services.AddScoped<TicketRegistrar>();
        builder.Services.AddScoped<CustomerConversation>();
        builder.Services.AddCustomerHandlers();
        builder.Services.AddStaffHandlers();
        builder.Services.AddScoped<IDeliveryProblems, DeliveryProblems>();
        var staff = StaffDirectory.FromConfiguration(builder.Configuration, notes);
        builder.Services.AddSingleton(staff);
        builder.Services.AddSingleton<StaffStore>();
        builder.Services.AddHostedService<StaffSeeding>();
        builder.Services.AddSingleton(DutyService.FromConfiguration(builder.Configuration, staff, sla));
        builder.Services.AddScoped<DutyService>();
        builder.Services.AddSingleton(Channels.TopicSupport.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton(Backup.NightlyBackup.Options.FromConfiguration(builder.Configuration, Persistence.DatabaseSettings.FromConfiguration(builder.Configuration), notes));
        builder.Services.AddSingleton<Backup.NightlyBackup>();
        builder.Services.AddSingleton(Privacy.PrivacyOptions.FromConfiguration(builder.Configuration, notes));
        builder.Services.AddSingleton<Privacy.PrivacyCheckpoint>();
        builder.Services.AddSingleton(Channels.FileTransferOptions.FromConfiguration(builder.Configuration, notes));
        builder.Services.AddSingleton<Channels.FileTransfer>();
        builder.Services.AddSingleton<Channels.IChannelFiles, Export.ExportFiles>();
        builder.Services.AddSingleton<Channels.IChannelFiles, Digest.ChartFiles>();
        builder.Services.AddScoped<TicketNotifier>();
        builder.Services.AddScoped<IncidentBoard>();
        builder.Services.AddHostedService<StaffBanner>();
        builder.Services.AddHostedService<OutboxSender>();
        return builder;
    }
}
