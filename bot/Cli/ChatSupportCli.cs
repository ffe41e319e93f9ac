using System.CommandLine;
using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Cli;

/// <summary>
/// The operator commands that run instead of the bot (<c>dotnet run --project bot -- sla …</c>).
/// Everything that writes goes to the writers passed in, so tests run them in-process.
/// </summary>
public static class ChatSupportCli
{
    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal) { "sla", "digest", "bench", "health", "--help", "-h", "-?", "--version" };

    public static bool Handles(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static int Run(string[] args, IConfiguration configuration, TextReader input, TextWriter output, TextWriter error)
    {
        SlaSetup Setup() => SlaSetup.FromConfiguration(configuration);

        var root = new RootCommand("ChatSupport: a 24x7 technical-support desk in messengers. Without a command it runs the bot.")
        {
            SlaCommand.Create(Setup, input),
            DigestCommand.Create(configuration, Setup),
            Bench.BenchCommand.Create(),
            HealthCommand.Create(configuration),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine($"{args[0]}: {problem.Message}");
            }

            error.WriteLine($"Run '{args[0]} --help' for the usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }).GetAwaiter().GetResult();
        }
        catch (SupportConfigurationException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.BadConfiguration;
        }
    }
}
