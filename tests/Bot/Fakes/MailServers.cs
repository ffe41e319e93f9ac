using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>
/// Real mail servers on 127.0.0.1 for one test: Debian's Dovecot (IMAP with IDLE, MOVE, UIDPLUS and folders) from a
/// private configuration — its own base_dir, state, logs, users and maildirs in a directory of its own, nothing read
/// from /etc/dovecot — and an SMTP server (aiosmtpd, tests/Bot/Fakes/smtp-dovecot.py) that delivers every letter into
/// those mailboxes through Dovecot's own LDA. Stopped, and the directory deleted, on dispose. Without the packages
/// (dovecot-imapd, python3-aiosmtpd) or root the test is skipped — never passed — unless <c>CHATSUPPORT_REQUIRE_MAIL=1</c>
/// (CI), where it fails.
/// </summary>
public sealed class MailServers : IAsyncDisposable
{
    public const string Dovecot = "/usr/sbin/dovecot";
    public const string Lda = "/usr/lib/dovecot/dovecot-lda";
    public const string Python = "/usr/bin/python3";

    /// <summary>The support mailbox, and customers' mailboxes, with their passwords.</summary>
    public static readonly IReadOnlyList<(string Address, string Password)> DefaultUsers =
    [
        ("support@desk.test", "support-pass"),
        ("anna@client.test", "anna-pass"),
        ("boris@client.test", "boris-pass"),
        ("duty@desk.test", "duty-pass"),
    ];

    private readonly Process _dovecot;
    private readonly Process _smtp;

    private MailServers(string directory, int imapPort, int smtpPort, Process dovecot, Process smtp)
    {
        Directory = directory;
        ImapPort = imapPort;
        SmtpPort = smtpPort;
        _dovecot = dovecot;
        _smtp = smtp;
    }

    public string Directory { get; }

    public int ImapPort { get; }

    public int SmtpPort { get; }

    /// <summary>Skips the calling test when the servers cannot run here (fails in CI instead).</summary>
    public static void Require()
    {
        var missing = new List<string>();
        if (!File.Exists(Dovecot) || !File.Exists(Lda))
        {
            missing.Add("dovecot-imapd");
        }

        if (!File.Exists(Python) || !System.IO.Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"))
        {
            missing.Add("python3-aiosmtpd");
        }

        if (Environment.UserName != "root")
        {
            missing.Add("root (Dovecot's master process)");
        }

        if (missing.Count == 0)
        {
            return;
        }

        var what = "the mail servers cannot run here: " + string.Join(", ", missing) + " missing (.ci/run installs the packages)";
        if (Environment.GetEnvironmentVariable("CHATSUPPORT_REQUIRE_MAIL") == "1")
        {
            throw new InvalidOperationException("CHATSUPPORT_REQUIRE_MAIL=1 but " + what);
        }

        Skip.If(true, what);
    }

    public static async Task<MailServers> StartAsync(IReadOnlyList<(string Address, string Password)>? users = null)
    {
        Require();
        users ??= DefaultUsers;

        // Dovecot's unix sockets live under the directory and a socket path holds 107 bytes: keep it short. Mail
        // processes run as nobody, which must be able to walk into it (mktemp -d would make it 0700).
        var directory = "/tmp/cs-mail-" + Guid.NewGuid().ToString("N")[..10];
        foreach (var sub in new[] { "", "run", "state", "log", "mail" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(directory, sub));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(directory, sub), (UnixFileMode)Convert.ToInt32("755", 8));
            }
        }

        await RunAsync("chown", "nobody:nogroup", Path.Combine(directory, "mail"));
        var ldaLog = Path.Combine(directory, "log", "lda.log");
        await File.WriteAllTextAsync(ldaLog, string.Empty);
        await RunAsync("chown", "nobody:nogroup", ldaLog);
        var usersFile = Path.Combine(directory, "users");
        await File.WriteAllLinesAsync(usersFile, users.Select(u => $"{u.Address}:{{PLAIN}}{u.Password}::::::"));

        var imapPort = FreePort();
        var smtpPort = FreePort();
        while (smtpPort == imapPort)
        {
            smtpPort = FreePort();
        }

        var config = Path.Combine(directory, "dovecot.conf");
        await File.WriteAllTextAsync(config, DovecotConfig(directory, imapPort));
        var dovecot = Start(Dovecot, ["-F", "-c", config], Path.Combine(directory, "log", "dovecot.out"));
        var script = Path.Combine(AppContext.BaseDirectory, "smtp-dovecot.py");
        var smtp = Start(Python, [script, "--port", smtpPort.ToString(CultureInfo.InvariantCulture), "--dovecot-conf", config, "--users", usersFile, "--auth", "optional"],
            Path.Combine(directory, "log", "smtp.log"));
        var servers = new MailServers(directory, imapPort, smtpPort, dovecot, smtp);
        try
        {
            await WaitForPortAsync(imapPort, dovecot, "Dovecot", Path.Combine(directory, "log", "dovecot.log"));
            await WaitForPortAsync(smtpPort, smtp, "the SMTP server", Path.Combine(directory, "log", "smtp.log"));
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }

        return servers;
    }

    /// <summary>What the servers logged, for a failing test's message.</summary>
    public string Logs() => string.Join("\n", new[] { "dovecot.log", "lda.log", "smtp.log", "dovecot.out" }
        .Select(f => Path.Combine(Directory, "log", f)).Where(File.Exists).Select(f => $"--- {Path.GetFileName(f)}\n{Tail(f)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _smtp, _dovecot })
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // Never started.
            }

            process.Dispose();
        }

        if (Environment.GetEnvironmentVariable("CHATSUPPORT_KEEP_MAIL") == "1")
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing a file: the directory is in /tmp.
        }
    }

    private static string DovecotConfig(string directory, int imapPort) => $$"""
        # A private Dovecot for one test: nothing from /etc/dovecot.
        instance_name = chatsupport-{{imapPort}}
        base_dir = {{directory}}/run
        state_dir = {{directory}}/state
        log_path = {{directory}}/log/dovecot.log
        protocols = imap
        listen = 127.0.0.1
        ssl = no
        disable_plaintext_auth = no
        auth_mechanisms = plain login
        auth_failure_delay = 0
        # The master and internal processes as root; login and mail processes refuse root, so nobody.
        default_internal_user = root
        default_internal_group = root
        default_login_user = nobody
        first_valid_uid = 1
        first_valid_gid = 1
        passdb {
          driver = passwd-file
          args = scheme=PLAIN username_format=%u {{directory}}/users
        }
        userdb {
          driver = passwd-file
          args = username_format=%u {{directory}}/users
          default_fields = uid=nobody gid=nogroup home={{directory}}/mail/%d/%n
        }
        mail_location = maildir:~/Maildir
        # IDLE learns of new mail by inotify; with the machine's inotify instances used up (many hosts watching their
        # configuration in parallel tests) Dovecot falls back to looking every 30 s — look every second instead.
        mailbox_idle_check_interval = 1 secs
        mail_plugins =
        mail_fsync = never
        namespace inbox {
          inbox = yes
          separator = /
        }
        protocol imap {
          mail_max_userip_connections = 200
        }
        protocol lda {
          log_path = {{directory}}/log/lda.log
        }
        service imap-login {
          inet_listener imap {
            address = 127.0.0.1
            port = {{imapPort}}
          }
          inet_listener imaps {
            port = 0
          }
        }
        service anvil {
          unix_listener anvil-auth-penalty {
            mode = 0
          }
        }
        service stats {
          unix_listener stats-writer {
            mode = 0666
          }
        }
        """;

    private static Process Start(string file, IReadOnlyList<string> arguments, string output)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The servers are the world outside the bot: they keep real time even when a run fakes the clock (libfaketime's
        // LD_PRELOAD, inherited, broke Dovecot's own timers and dropped IMAP connections under `faketime`).
        foreach (var key in new[] { "LD_PRELOAD", "FAKETIME", "FAKETIME_TIMESTAMP_FILE", "FAKETIME_NO_CACHE", "DONT_FAKE_MONOTONIC" })
        {
            info.Environment.Remove(key);
        }

        var process = new Process { StartInfo = info };
        var log = new StreamWriter(output, append: true, Encoding.UTF8) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static async Task WaitForPortAsync(int port, Process process, string what, string log)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new InvalidOperationException($"{what} did not start on 127.0.0.1:{port}: {Tail(log)}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(file, arguments);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}");
        }
    }

    private static string Tail(string file)
    {
        try
        {
            var lines = File.ReadAllLines(file);
            return string.Join("\n", lines.TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static int FreePort() => ChatSupport.Bot.Bench.BenchHost.FreePort();
}
