using System.CommandLine;
using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Configuration;

namespace ChatSupport.Bot.Cli;

/// <summary>What a command line asks for.</summary>
public abstract record CommandLine
{
    /// <summary>Run the bot (configuration switches only).</summary>
    public sealed record Bot : CommandLine;

    /// <summary>An operator command (sla, digest, bench, health, --help).</summary>
    public sealed record Command : CommandLine;

    /// <summary>Neither: say so, with the list of commands, and exit with 2.</summary>
    public sealed record Unknown(string Message) : CommandLine;
}

/// <summary>
/// The operator commands that run instead of the bot (<c>dotnet run --project bot -- sla …</c>).
/// Everything that writes goes to the writers passed in, so tests run them in-process.
/// </summary>
public static class ChatSupportCli
{
    public static readonly IReadOnlySet<string> Commands = new HashSet<string>(StringComparer.Ordinal) { "sla", "digest", "export", "backup", "restore", "erase", "bench", "health", "migrate", "--help", "-h", "-?", "--version" };

    /// <summary>The commands an operator types (for the list shown after a typo).</summary>
    public static readonly IReadOnlyList<string> Names = ["sla", "digest", "export", "bench", "health", "migrate", "backup", "restore", "erase"];

    /// <summary>
    /// What the arguments ask for: an operator command, the bot (no arguments, or only configuration switches as
    /// .NET hosts take them: <c>--Key=value</c>, <c>--Key value</c>, <c>/Key=value</c>, <c>Key=value</c>), or
    /// nothing known — a typo must never start the bot.
    /// </summary>
    public static CommandLine Classify(IReadOnlyList<string> args)
    {
        if (args.Count > 0 && Commands.Contains(args[0]))
        {
            return new CommandLine.Command();
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.Length > 2 && arg.StartsWith("--", StringComparison.Ordinal) || arg.Length > 1 && arg[0] == '/')
            {
                if (arg.Contains('=', StringComparison.Ordinal))
                {
                    continue;
                }

                if (i + 1 < args.Count)
                {
                    i++;
                    continue;
                }

                return new CommandLine.Unknown($"{arg}: a configuration switch needs a value (--Section:Key=value). {Usage()}");
            }

            if (arg.Length > 1 && arg[0] != '-' && arg.IndexOf('=', StringComparison.Ordinal) > 0)
            {
                continue;
            }

            var near = Names.FirstOrDefault(n => Distance(n, arg.ToLowerInvariant()) <= 2);
            return new CommandLine.Unknown(i == 0
                ? $"Unknown command '{arg}'.{(near is null ? string.Empty : $" Did you mean '{near}'?")} {Usage()}"
                : $"Unexpected argument '{arg}': the bot takes only configuration switches (--Section:Key=value). {Usage()}");
        }

        return new CommandLine.Bot();
    }

    private static string Usage() =>
        $"Commands: {string.Join(", ", Names)} (--help for each); without a command the bot runs.";

    /// <summary>Edit distance, to suggest the command that was meant.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }

    public static int Run(string[] args, IConfiguration configuration, TextReader input, TextWriter output, TextWriter error)
    {
        SlaSetup Setup() => SlaSetup.FromConfiguration(configuration);

        var root = new RootCommand("ChatSupport: a 24x7 technical-support desk in messengers. Without a command it runs the bot.")
        {
            SlaCommand.Create(Setup, input),
            DigestCommand.Create(configuration, Setup),
            ExportCommand.Create(configuration, Setup),
            BackupCommand.CreateBackup(configuration),
            BackupCommand.CreateRestore(configuration),
            EraseCommand.Create(configuration, Setup),
            Bench.BenchCommand.Create(),
            HealthCommand.Create(configuration),
            MigrateCommand.Create(configuration),
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
