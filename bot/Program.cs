using ChatSupport.Bot.Cli;
using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Configuration;

try
{
    var configuration = AppConfiguration.Load();
    if (ChatSupportCli.Handles(args))
    {
        return ChatSupportCli.Run(args, configuration, Console.In, Console.Out, Console.Error);
    }

    var sla = SlaSetup.FromConfiguration(configuration);
    using var host = BotHost.Build(args, configuration, sla);
    await host.RunAsync();
    return ExitCodes.Ok;
}
catch (SupportConfigurationException ex)
{
    // One clear line, no stack trace: the operator fixes the named key and starts again.
    await Console.Error.WriteLineAsync(ex.Message);
    return ExitCodes.BadConfiguration;
}
