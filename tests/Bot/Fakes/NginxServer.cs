using System.Diagnostics;
using System.Globalization;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>
/// A real nginx (Debian's package) on 127.0.0.1 in front of the bot's replicas, configured as README's «Webhooks behind
/// nginx» says (passive health, a POST retried on the other replica): started for one test, stopped after. Without nginx
/// the test is skipped — never passed — unless <c>CHATSUPPORT_REQUIRE_NGINX=1</c> (CI), where it fails.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static string Require()
    {
        foreach (var candidate in new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (Environment.GetEnvironmentVariable("CHATSUPPORT_REQUIRE_NGINX") == "1")
        {
            throw new InvalidOperationException("CHATSUPPORT_REQUIRE_NGINX=1 but nginx is not installed: .ci/run installs Debian's nginx.");
        }

        Skip.If(true, "nginx is not installed (apt-get install nginx); .ci/run installs it.");
        return string.Empty;
    }

    /// <summary>nginx on <paramref name="port"/>, balancing the path prefix <c>/hooks/</c> over the replicas' ports.</summary>
    public static async Task<NginxServer> StartAsync(int port, IReadOnlyList<int> replicas)
    {
        var binary = Require();
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var root = Environment.UserName == "root";
        var upstream = string.Join("\n", replicas.Select(p => $"    server 127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=5s;"));
        var config = $$"""
            {{(root ? "user root;" : string.Empty)}}
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 512; }
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
        var process = Process.Start(new ProcessStartInfo(binary, ["-c", file, "-p", directory, "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var server = new NginxServer(process, directory, port);
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("nginx did not start: " + await process.StandardError.ReadToEndAsync());
            }

            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, "nginx listens", TimeSpan.FromSeconds(10));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
