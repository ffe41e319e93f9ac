namespace ChatSupport.Bot.Cli;

/// <summary>Process exit codes, the same for the bot and its commands.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The configuration (appsettings.json or environment) cannot be run with.</summary>
    public const int BadConfiguration = 1;

    /// <summary>A command's arguments or input are wrong.</summary>
    public const int BadInput = 2;

    /// <summary>The command understood its input but may not do it now (a bot holds the database, a ticket is open).</summary>
    public const int Refused = 3;
}
