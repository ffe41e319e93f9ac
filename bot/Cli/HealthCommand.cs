using System.CommandLine;
using ChatSupport.Bot.Health;

namespace ChatSupport.Bot.Cli;

/// <summary><c>health</c>: asks the running bot's /health (for Docker's HEALTHCHECK, which has no curl); exit 0 when healthy.</summary>
public static class HealthCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var command = new Command("health", "Ask the running bot's health endpoint (Health:Port); exit 0 when healthy");
        command.SetAction(async (parse, ct) =>
        {
            var port = HealthEndpoint.PortFrom(configuration);
            if (port == 0)
            {
                parse.InvocationConfiguration.Error.WriteLine("health: Health:Port is not set, so the bot has no health endpoint");
                return 1;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"), ct);
                parse.InvocationConfiguration.Output.WriteLine(await response.Content.ReadAsStringAsync(ct));
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"health: the bot does not answer on 127.0.0.1:{port} ({ex.Message})");
                return 1;
            }
        });
        return command;
    }
}
