using ChatSupport.Bot.Bench;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>
/// The real nginx of <see cref="NginxProxy"/> (README's «Webhooks behind nginx» configuration), started for one test.
/// Without nginx the test is skipped — never passed — unless <c>CHATSUPPORT_REQUIRE_NGINX=1</c> (CI), where it fails.
/// </summary>
public static class NginxServer
{
    public static string Require()
    {
        if (NginxProxy.Find() is { } binary)
        {
            return binary;
        }

        if (Environment.GetEnvironmentVariable("CHATSUPPORT_REQUIRE_NGINX") == "1")
        {
            throw new InvalidOperationException("CHATSUPPORT_REQUIRE_NGINX=1 but nginx is not installed: .ci/run installs Debian's nginx.");
        }

        Skip.If(true, "nginx is not installed (apt-get install nginx); .ci/run installs it.");
        return string.Empty;
    }

    /// <summary>nginx on <paramref name="port"/>, balancing the path prefix <c>/hooks/</c> over the replicas' ports.</summary>
    public static Task<NginxProxy> StartAsync(int port, IReadOnlyList<int> replicas) => NginxProxy.StartAsync(Require(), port, replicas);
}
