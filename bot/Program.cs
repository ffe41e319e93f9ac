using ChatSupport.Bot.Cli;
using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Configuration;

try
{
    switch (ChatSupportCli.Classify(args))
    {
        case CommandLine.Command:
            return ChatSupportCli.Run(args, AppConfiguration.Load(), Console.In, Console.Out, Console.Error);
        case CommandLine.Unknown unknown:
            // Never start the bot on a typo: on a production host that would be a second poller of the same token.
            await Console.Error.WriteLineAsync(unknown.Message);
            return ExitCodes.BadInput;
    }

    var configuration = AppConfiguration.Load(args);
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
catch (ChatSupport.Bot.Persistence.DatabaseBusyException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return ExitCodes.Refused;
}
