using System.CommandLine;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using NodaTime;

namespace ChatSupport.Bot.Cli;

/// <summary>
/// <c>sla</c>: the reaction or registration deadline for an instant, by the configured calendar —
/// for operators checking a promise and for scripts (<c>--batch</c> reads many from standard input).
/// </summary>
public static class SlaCommand
{
    public static Command Create(Func<SlaSetup> setup, TextReader input)
    {
        var level = new Option<string?>("--level") { Description = "Priority level: 1, 2 or 3", HelpName = "1|2|3" };
        var registered = new Option<string?>("--registered") { Description = "Registration instant, e.g. 2026-11-25T18:30:00+03:00", HelpName = "ISO" };
        var registration = new Option<bool>("--registration") { Description = "Compute the registration deadline (Received + 1 support hour) instead" };
        var received = new Option<string?>("--received") { Description = "With --registration: when the first message arrived", HelpName = "ISO" };
        var batch = new Option<bool>("--batch") { Description = "Read LEVEL<TAB>ISO lines (or ISO lines with --registration) from standard input; print one deadline per line" };
        var lang = new Option<string>("--lang") { Description = "Language of the human line", DefaultValueFactory = _ => "ru" };
        lang.AcceptOnlyFromAmong("ru", "en");

        var command = new Command("sla", "Print a deadline of the regulation: machine form on the first line, human form on the second")
        {
            level, registered, registration, received, batch, lang,
        };

        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var sla = setup();
            var language = parse.GetValue(lang) == "en" ? Language.En : Language.Ru;
            var isRegistration = parse.GetValue(registration);

            if (parse.GetValue(batch))
            {
                return RunBatch(sla, isRegistration, input, output, error);
            }

            if (isRegistration)
            {
                return TryDeadline(sla, registration: true, parse.GetValue(received) ?? string.Empty, out var due, out var problem)
                    ? Print(output, sla, due, language)
                    : Fail(error, $"--received: {problem}");
            }

            if (!PriorityLevels.TryParse(parse.GetValue(level), out _))
            {
                return Fail(error, "--level: expected 1, 2 or 3 (usage: sla --level L --registered ISO)");
            }

            return TryDeadline(sla, registration: false, $"{parse.GetValue(level)!.Trim()}\t{parse.GetValue(registered)}", out var reaction, out var why)
                ? Print(output, sla, reaction, language)
                : Fail(error, $"--registered: {why}");
        });

        return command;
    }

    private static int Print(TextWriter output, SlaSetup sla, Deadline deadline, Language language)
    {
        output.WriteLine(sla.Format.Machine(deadline.At));
        output.WriteLine(sla.Format.Due(deadline, language));
        return ExitCodes.Ok;
    }

    private static int RunBatch(SlaSetup sla, bool registration, TextReader input, TextWriter output, TextWriter error)
    {
        var lineNumber = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            if (!TryDeadline(sla, registration, line, out var deadline, out var problem))
            {
                output.Flush();
                return Fail(error, $"line {lineNumber}: {problem}");
            }

            output.WriteLine(sla.Format.Machine(deadline.At));
        }

        output.Flush();
        return ExitCodes.Ok;
    }

    private static bool TryDeadline(SlaSetup sla, bool registration, string line, out Deadline deadline, out string problem)
    {
        try
        {
            return TryDeadlineCore(sla, registration, line, out deadline, out problem);
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException or InvalidOperationException)
        {
            deadline = null!;
            problem = "the instant is outside the dates the calendar can count (years 0001–9998)";
            return false;
        }
    }

    private static bool TryDeadlineCore(SlaSetup sla, bool registration, string line, out Deadline deadline, out string problem)
    {
        deadline = null!;
        Instant at;
        if (registration)
        {
            if (!sla.Format.TryParseInstant(line, out at, out problem))
            {
                return false;
            }

            deadline = sla.Policy.RegistrationDeadline(at);
            return true;
        }

        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0)
        {
            problem = "expected LEVEL<TAB>ISO-INSTANT, e.g. 1\t2026-11-25T18:30:00+03:00";
            return false;
        }

        if (!PriorityLevels.TryParse(line[..tab], out var level))
        {
            problem = "the level must be 1, 2 or 3";
            return false;
        }

        if (!sla.Format.TryParseInstant(line[(tab + 1)..], out at, out problem))
        {
            return false;
        }

        deadline = sla.Policy.ReactionDeadline(level, at);
        return true;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"sla: {message}");
        return ExitCodes.BadInput;
    }
}
