using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// A real nginx (Debian's package) on 127.0.0.1 in front of the bot's replicas, configured as README's «Webhooks behind
/// nginx» says — passive health, a POST tried on the other replica (<c>non_idempotent</c>), TLS left out — in a
/// directory of its own, stopped and deleted on dispose. <c>bench intake --mode webhook</c> and the tests' kill run use it.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"];

    private readonly Process _process;
    private readonly string _directory;

    private NginxProxy(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The nginx binary, or null when it is not installed (<c>apt-get install nginx</c>).</summary>
    public static string? Find() => Candidates.FirstOrDefault(File.Exists);

    /// <summary>nginx on <paramref name="port"/>, balancing the path prefix <c>/hooks/</c> over the replicas' ports.</summary>
    public static async Task<NginxProxy> StartAsync(string binary, int port, IReadOnlyList<int> replicas)
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var root = Environment.UserName == "root";
        var upstream = string.Join("\n", replicas.Select(p => $"    server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=5s;"));
        var config = $$"""
            {{(root ? "user root;" : string.Empty)}}
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{directory}}/body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              upstream chatsupport {
            {{upstream}}
                keepalive 16;
              }
              server {
                listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                client_max_body_size 1m;
                location /hooks/ {
                  proxy_pass http://chatsupport;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_next_upstream error timeout http_502 http_503 non_idempotent;
                  proxy_next_upstream_tries 2;
                  proxy_connect_timeout 2s;
                  proxy_read_timeout 30s;
                }
              }
            }
            """;
        var file = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(file, config);
        // nginx writes to error.log once running; what it says on its own output before that (a bad config, a taken
        // port) is read as it comes, so a full pipe can never stall it, and kept for the failure message.
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(binary, ["-c", file, "-p", directory, "-g", "daemon off;"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            },
        };
        process.ErrorDataReceived += (_, e) => Keep(said, e.Data);
        process.OutputDataReceived += (_, e) => Keep(said, e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var proxy = new NginxProxy(process, directory, port);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                await proxy.DisposeAsync();
                throw new InvalidOperationException($"nginx did not start on 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}: {string.Join(" ", said)}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> said, string? line)
    {
        if (line is not null && said.Count < 50)
        {
            said.Enqueue(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker still closing a temp file: the directory is in /tmp.
        }
    }
}
