using System.Diagnostics;
using System.Globalization;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>The built bot as a separate process (dotnet ChatSupport.Bot.dll), configured by environment variables.</summary>
public sealed class BotProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _workingDirectory;
    private Process? _process;

    public BotProcess(string workingDirectory, Dictionary<string, string> environment)
    {
        _workingDirectory = workingDirectory;
        _environment = environment;
    }

    public int Starts { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "ChatSupport.Bot.dll");

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet", [Assembly])
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Errors.Add(line);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;
    }

    public List<string> Errors { get; } = [];

    /// <summary>SIGKILL: no chance to finish anything.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM, as a container runtime stops it; returns the exit code and how long it took.</summary>
    public (int ExitCode, TimeSpan Took) Terminate(TimeSpan wait)
    {
        var p = _process ?? throw new InvalidOperationException("Not started.");
        var sw = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!p.WaitForExit(wait))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, sw.Elapsed);
        }

        return (p.ExitCode, sw.Elapsed);
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }
}
