using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Sla;

namespace ChatSupport.Bot.Hosting;

/// <summary>Builds the bot's Generic Host: one extension method per feature, registered here.</summary>
public static class BotHost
{
    public static IHost Build(string[] args, IConfiguration configuration, SlaSetup sla)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppConfiguration.ContentRoot,
            DisableDefaults = false,
        });

        // The same sources the CLI reads, so the host and the commands can never disagree.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddSupportSla(sla);
        return builder.Build();
    }
}
