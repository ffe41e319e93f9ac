using System.Diagnostics;
using System.Text;
using ChatSupport.Bot.Cli;
using Microsoft.Extensions.Configuration;

namespace ChatSupport.Tests.Bot.Cli;

public sealed class SlaCommandTests
{
    [Fact]
    public void Sla_Level2_PrintsMachineThenHumanLine()
    {
        var run = Run(["sla", "--level", "2", "--registered", "2026-11-24T23:50:00+03:00"]);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(["2026-11-25T23:59:59+03:00", "до конца 25.11.2026 (МСК)"], run.Lines);
        Assert.Empty(run.Error);
    }

    [Fact]
    public void Sla_Level1English_PrintsEnglishHumanLine()
    {
        var run = Run(["sla", "--level", "1", "--registered", "2026-11-25T15:30:00Z", "--lang", "en"]);

        Assert.Equal(["2026-11-25T22:30:00+03:00", "by 25 Nov 2026 22:30 MSK"], run.Lines);
    }

    [Fact]
    public void Sla_Registration_PrintsRegistrationDeadline()
    {
        var run = Run(["sla", "--registration", "--received", "2026-11-25T18:30:00+03:00"]);

        Assert.Equal(["2026-11-25T19:30:00+03:00", "до 25.11.2026 19:30 МСК"], run.Lines);
    }

    [Fact]
    public void Sla_ScheduleFromConfiguration_IsUsed()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Support:Calendar:Mode"] = "Schedule",
            ["Support:Calendar:Week:Monday"] = "09:00-18:00",
            ["Support:Calendar:Week:Friday"] = "09:00-18:00",
        };

        var run = Run(["sla", "--level", "1", "--registered", "2026-11-27T16:00:00+03:00"], settings);

        Assert.Equal("2026-11-30T11:00:00+03:00", run.Lines[0]);
    }

    [Fact]
    public void Sla_Batch_PrintsOneDeadlinePerLineInOrder()
    {
        var input = "1\t2026-11-25T18:30:00+03:00\n2\t2026-11-24T23:50:00+03:00\n3\t2026-11-24T10:00:00+03:00\n";

        var run = Run(["sla", "--batch"], input: input);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(["2026-11-25T22:30:00+03:00", "2026-11-25T23:59:59+03:00", "2026-11-27T23:59:59+03:00"], run.Lines);
    }

    [Fact]
    public void Sla_BatchRegistration_ReadsInstants()
    {
        var run = Run(["sla", "--batch", "--registration"], input: "2026-11-25T18:30:00+03:00\n2026-11-25T23:30:00+03:00\n");

        Assert.Equal(["2026-11-25T19:30:00+03:00", "2026-11-26T00:30:00+03:00"], run.Lines);
    }

    [Theory]
    [InlineData("1\t2026-11-25T18:30:00+03:00\n4\t2026-11-25T18:30:00+03:00\n", "line 2: the level must be 1, 2 or 3")]
    [InlineData("1\t2026-11-25T18:30:00+03:00\n2\t2026-11-25T18:30:00+03:00\n2 2026-11-25T18:30:00+03:00\n", "line 3: expected LEVEL<TAB>ISO-INSTANT")]
    [InlineData("1\tyesterday\n", "line 1: \"yesterday\" is not an ISO instant")]
    [InlineData("\n", "line 1: expected LEVEL<TAB>ISO-INSTANT")]
    public void Sla_BatchBadLine_ExitsWith2NamingTheLine(string input, string message)
    {
        var run = Run(["sla", "--batch"], input: input);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"sla: {message}", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void Sla_BatchBadLine_KeepsTheLinesBeforeIt()
    {
        var run = Run(["sla", "--batch"], input: "1\t2026-11-25T18:30:00+03:00\nx\n");

        Assert.Equal(["2026-11-25T22:30:00+03:00"], run.Lines);
    }

    [Theory]
    [InlineData(new[] { "sla", "--level", "4", "--registered", "2026-11-25T18:30:00+03:00" }, "--level: expected 1, 2 or 3")]
    [InlineData(new[] { "sla", "--level", "1" }, "--registered: the instant is empty")]
    [InlineData(new[] { "sla", "--level", "1", "--registered", "2026-02-30T10:00" }, "is not an ISO instant")]
    [InlineData(new[] { "sla", "--registration" }, "--received: the instant is empty")]
    [InlineData(new[] { "sla", "--level", "2", "--registered", "9999-12-31T12:00:00Z" }, "outside the dates the calendar can count")]
    [InlineData(new[] { "sla", "--frobnicate" }, "Unrecognized command or argument '--frobnicate'")]
    [InlineData(new[] { "sla", "--lang", "de", "--level", "1", "--registered", "2026-11-25T18:30:00+03:00" }, "'de'")]
    public void Sla_BadArguments_ExitWith2AndSayWhy(string[] args, string message)
    {
        var run = Run(args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public void Sla_BadConfiguration_ExitsWith1AndOneLine()
    {
        var settings = new Dictionary<string, string?> { ["Support:Calendar:Mode"] = "Schedule", ["Support:Calendar:Week:Monday"] = "18:00-09:00" };

        var run = Run(["sla", "--level", "1", "--registered", "2026-11-25T18:30:00+03:00"], settings);

        Assert.Equal(ExitCodes.BadConfiguration, run.ExitCode);
        Assert.Equal("Configuration error: Support:Calendar:Week:Monday = \"18:00-09:00\": the range 18:00-09:00 ends before it starts; ranges may not cross midnight (use 24:00 as an end)", run.Error.TrimEnd());
    }

    [Fact]
    public void Sla_BatchOfTenThousandLines_AllAnswered()
    {
        var input = new StringBuilder();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(3));
        for (var i = 0; i < 10_000; i++)
        {
            input.Append((i % 3) + 1).Append('\t').Append(start.AddMinutes(i * 37).ToString("yyyy-MM-ddTHH:mm:sszzz", null)).Append('\n');
        }

        var run = Run(["sla", "--batch"], input: input.ToString());

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(10_000, run.Lines.Length);
    }

    [Fact]
    public void Process_BadCalendarFromEnvironment_StopsWithOneLine()
    {
        // The real program, as an operator starts it: environment variables override appsettings.json.
        var bot = Path.Combine(AppContext.BaseDirectory, "ChatSupport.Bot.dll");
        var info = new ProcessStartInfo("dotnet", [bot])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.Environment["Support__Calendar__Mode"] = "Schedule";
        info.Environment["Support__Calendar__Week__Monday"] = "09:00-13:00,12:00-18:00";

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000));

        Assert.Equal(ExitCodes.BadConfiguration, process.ExitCode);
        Assert.Equal("Configuration error: Support:Calendar:Week:Monday = \"09:00-13:00,12:00-18:00\": the ranges 09:00-13:00 and 12:00-18:00 overlap", stderr.TrimEnd());
    }

    private static CliRun Run(string[] args, Dictionary<string, string?>? settings = null, string input = "")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = ChatSupportCli.Run(args, configuration, new StringReader(input), output, error);

        return new CliRun(code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
    }

    private sealed record CliRun(int ExitCode, string[] Lines, string Error);
}
