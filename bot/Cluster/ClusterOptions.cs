using ChatSupport.Bot.Configuration;

namespace ChatSupport.Bot.Cluster;

/// <summary>
/// The <c>Cluster</c> section: how replicas on one PostgreSQL database share the work (read only with
/// <c>Database:Provider=Postgres</c>; SQLite runs one replica).
/// </summary>
/// <param name="InstanceName">This replica in logs, outbox claims and /health (default: host name and process id).</param>
/// <param name="CheckinInterval">How often Quartz writes "alive" for this replica.</param>
/// <param name="CheckinMisfireThreshold">How long past its check-in a replica counts as dead: its triggers and the jobs it was running are taken over.</param>
/// <param name="MisfireThreshold">A trigger later than this is "misfired" and handled by its misfire rule (pings fire at once).</param>
/// <param name="OutboxLease">How long a replica's claim on a chat's next message lasts; a dead replica's claims come back after it.</param>
/// <param name="PollingRetry">How often a replica that does not poll tries to take over polling (takeover within this after the poller died).</param>
public sealed record ClusterOptions(
    string InstanceName,
    TimeSpan CheckinInterval,
    TimeSpan CheckinMisfireThreshold,
    TimeSpan MisfireThreshold,
    TimeSpan OutboxLease,
    TimeSpan PollingRetry)
{
    public const string Section = "Cluster";

    public static ClusterOptions FromConfiguration(IConfiguration configuration)
    {
        var name = configuration[$"{Section}:InstanceName"];
        if (string.IsNullOrWhiteSpace(name))
        {
            name = $"{Environment.MachineName}-{Environment.ProcessId}";
        }

        name = name.Trim();
        if (name.Length > 80)
        {
            throw new Domain.Configuration.SupportConfigurationException($"{Section}:InstanceName", name, "at most 80 characters");
        }

        var checkin = configuration.GetTimeSpan($"{Section}:CheckinInterval", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)) ?? TimeSpan.FromSeconds(5);
        var dead = configuration.GetTimeSpan($"{Section}:CheckinMisfireThreshold", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)) ?? TimeSpan.FromSeconds(15);
        if (dead < checkin)
        {
            throw new Domain.Configuration.SupportConfigurationException($"{Section}:CheckinMisfireThreshold", dead.ToString(), $"must be at least Cluster:CheckinInterval ({checkin})");
        }

        return new ClusterOptions(
            name,
            checkin,
            dead,
            configuration.GetTimeSpan($"{Section}:MisfireThreshold", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) ?? TimeSpan.FromSeconds(60),
            configuration.GetTimeSpan($"{Section}:OutboxLease", TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)) ?? TimeSpan.FromSeconds(60),
            configuration.GetTimeSpan($"{Section}:PollingRetry", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)) ?? TimeSpan.FromSeconds(5));
    }
}
