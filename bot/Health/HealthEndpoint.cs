using System.Globalization;
using System.Net;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Configuration;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Health;

/// <summary>
/// <c>GET /health</c> on 127.0.0.1 (or <c>Health:Host</c>):<c>Health:Port</c> (off when the port is 0, the default): the database
/// reachable, the age of the last successful getUpdates, the outbox backlog, and staff whose private chats the
/// messenger refuses. 200 when healthy, 503 when the
/// database is unreachable or the updates loop has not succeeded for too long.
/// </summary>
public static class HealthEndpoint
{
    public const string PortKey = "Health:Port";

    /// <summary>How long the updates loop may go without a successful poll before the bot counts as unhealthy.</summary>
    public static readonly TimeSpan StalePolling = TimeSpan.FromMinutes(2);

    public static int PortFrom(IConfiguration configuration)
    {
        var text = configuration[PortKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new SupportConfigurationException(PortKey, text, "expected a TCP port from 1 to 65535, or 0 for no health endpoint");
    }

    public const string HostKey = "Health:Host";

    /// <summary>
    /// <c>Health:Host</c>: the address /health and /metrics listen on — 127.0.0.1 unless set (e.g. <c>0.0.0.0</c> for a
    /// Prometheus on another machine; put a firewall or a proxy with authentication in front then).
    /// </summary>
    public static IPAddress HostFrom(IConfiguration configuration)
    {
        var text = configuration[HostKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(text.Trim(), out var address)
            ? address
            : throw new SupportConfigurationException(HostKey, text, "expected an IP address to listen on, e.g. 127.0.0.1 (the default) or 0.0.0.0 for every interface");
    }

    public static void Listen(WebApplicationBuilder builder, IPAddress host, int port) =>
        builder.WebHost.ConfigureKestrel(k => k.Listen(host, port));

    public static void Map(WebApplication app)
    {
        var started = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        app.MapGet("/health", async (IServiceProvider services, CancellationToken cancellationToken) =>
        {
            var time = services.GetRequiredService<TimeProvider>();
            var now = time.GetUtcNow();
            bool database;
            long pending = 0;
            long held = 0;
            IReadOnlyList<object> unreachable = [];
            double? oldestPendingSeconds = null;
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
                (pending, var oldest) = await OutboxMessage.BacklogAsync(db, cancellationToken);
                oldestPendingSeconds = oldest is { } o ? (time.GetCurrentInstant() - o).TotalSeconds : null;
                held = await db.Outbox.LongCountAsync(o => o.Status == OutboxStatus.Held, cancellationToken);
                var format = services.GetRequiredService<Sla.SlaSetup>().Format;
                unreachable = [.. (await scope.ServiceProvider.GetRequiredService<Staff.StaffReachability>().ListUnreachableAsync(cancellationToken))
                    .Select(u => new { name = u.Member.Name, since = format.Machine(u.Since) })];
                database = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                database = false;
            }

            // Every channel's updates loop must be alive; the worst one speaks for all.
            var loops = services.GetServices<Channels.IPollingState>().Select(state =>
            {
                var last = state.LastSuccessfulPoll;
                var age = last is { } at ? (now - at).TotalSeconds : (double?)null;
                // A standby replica (another one polls) is alive by waiting for its turn.
                var alive = !state.IsPoller || (last is { } l ? now - l < StalePolling : now - started < StalePolling);
                return (state.Channel, Age: age, Alive: alive);
            }).ToList();
            var pollingOk = loops.All(l => l.Alive);
            var pollAge = loops.Max(l => l.Age);
            var healthy = database && pollingOk;
            var body = new
            {
                status = healthy ? "Healthy" : "Unhealthy",
                database = database ? "reachable" : "unreachable",
                updatesLoop = new { lastSuccessfulPollAgeSeconds = pollAge, alive = pollingOk },
                channels = loops.ToDictionary(l => l.Channel.ToString(), l => new { lastSuccessfulPollAgeSeconds = l.Age, alive = l.Alive }),
                outbox = new { pending, oldestPendingAgeSeconds = oldestPendingSeconds, heldForStaff = held },
                // Staff whose private chat the messenger refuses: a warning for the operator, not a failure of the bot.
                unreachableStaff = unreachable,
                cluster = await ClusterAsync(services, cancellationToken),
                // Schedule mode: whether next year's holidays are known (else deadlines past New Year ignore them).
                calendar = services.GetRequiredService<Sla.SlaSetup>() is var sla && sla.MissingCalendarYear(sla.Policy.Calendar.DateOf(time.GetCurrentInstant())) is { } missing
                    ? new { missingYear = (int?)missing, warning = (string?)Domain.Localization.CalendarTexts.Missing(missing, Domain.Localization.Language.En) }
                    : new { missingYear = (int?)null, warning = (string?)null },
                // Whether tickets get their own topic in the duty chat, and why not when they do not.
                forumTopics = services.GetRequiredService<Channels.TopicSupport>() is var topics
                    ? new { available = topics.Available, status = topics.Status, relay = topics.RelayToTopic ? (topics.RelayPrivately ? "Both" : "Topic") : "Private" }
                    : null,
            };
            return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }

    /// <summary>Several replicas (PostgreSQL): this replica's name, whether it polls, and how many replicas Quartz sees alive.</summary>
    private static async Task<object?> ClusterAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<Cluster.ClusterView>() is not { } view)
        {
            return null;
        }

        int? replicas;
        try
        {
            replicas = await view.LiveSchedulersAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            replicas = null;
        }

        return new { replica = view.Replica, poller = services.GetRequiredService<Cluster.IPollingLeadership>().IsPoller, replicasSeenByQuartz = replicas };
    }
}
