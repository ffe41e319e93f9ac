using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatSupport.Bot.Demo;

public static partial class DemoRegistration
{
    /// <summary>
    /// The configuration a demo runs with: its own SQLite file (emptied here, at every start) instead of the production
    /// database — even when production runs on PostgreSQL. Everything else (calendar, SLA, escalation steps) is the real
    /// configuration.
    /// </summary>
    public static IConfiguration Prepare(IConfiguration configuration, DemoOptions options)
    {
        var path = DemoOptions.FullPath(Persistence.PersistenceRegistration.NormaliseConnectionString(options.Database));
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{Persistence.PersistenceRegistration.ConnectionName}"] = options.Database,
                [Persistence.DatabaseSettings.ProviderKey] = nameof(Persistence.DatabaseProvider.Sqlite),
            })
            .Build();
    }

    /// <summary>
    /// The demo channel: the page's chats as a third adapter, demo staff (not <c>Support:Staff</c>) working in
    /// its duty and managers' chats, and the demo clock.
    /// </summary>
    public static IHostApplicationBuilder AddDemoChannel(this IHostApplicationBuilder builder, DemoOptions options, DemoClock clock)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(clock);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoClock>());
        builder.Services.AddSingleton<DemoHub>();
        builder.Services.AddSingleton<DemoSender>();
        builder.Services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<DemoSender>());
        builder.Services.AddSingleton(new ChannelTextLimit(DemoSender.Kind, DemoEndpoints.MaxTextLength));
        // The real directory's settings (auto-close, language) with the demo's staff and chats instead of Support:Staff's.
        var real = StaffDirectory.FromConfiguration(builder.Configuration, new Configuration.ConfigurationNotes());
        builder.Services.Replace(ServiceDescriptor.Singleton(new StaffDirectory(
            [new StaffMember(options.EngineerName, StaffRole.Engineer, DemoHub.EngineerId), new StaffMember(options.ManagerName, StaffRole.Manager, DemoHub.ManagerId)],
            DemoHub.DutyChat,
            DemoHub.ManagersChat,
            real.AutoCloseAfter,
            DemoSender.Kind,
            real.GroupLanguage)));
        // The demo's two people have no roster: pings mention the engineer, /duty on and off work by hand.
        builder.Services.Replace(ServiceDescriptor.Singleton(sp => new Domain.Roster.DutyRoster([], sp.GetRequiredService<Sla.SlaSetup>().Policy.Calendar.Zone, new HashSet<NodaTime.LocalDate>())));
        // The page's letter form goes through the e-mail channel's handler (its defaults: signature, answers an hour).
        builder.Services.AddSingleton(new Mail.MailOptions());
        builder.Services.AddScoped<Dialogue.LetterConversation>();
        builder.Services.AddHostedService<DemoAnnouncer>();
        return builder;
    }

    /// <summary>Prints where the demo is, once the web host listens.</summary>
    private sealed partial class DemoAnnouncer(Microsoft.AspNetCore.Hosting.Server.IServer server, IHostApplicationLifetime lifetime, DemoOptions options, ILogger<DemoAnnouncer> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
                var address = addresses.FirstOrDefault(a => options.Port == 0 || a.EndsWith(":" + options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
                    ?? $"http://127.0.0.1:{options.Port}";
                LogReady(logger, address, DemoOptions.FullPath(Persistence.PersistenceRegistration.NormaliseConnectionString(options.Database)));
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(LogLevel.Information, Domain.Localization.DemoTexts.ReadyLog)]
        private static partial void LogReady(ILogger logger, string address, string database);
    }
}
