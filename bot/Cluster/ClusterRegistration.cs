using ChatSupport.Bot.Persistence;

namespace ChatSupport.Bot.Cluster;

public static class ClusterRegistration
{
    /// <summary>
    /// What replicas share: on PostgreSQL the outbox claims and the polling lock (Quartz clusters itself, see
    /// SchedulingRegistration); on SQLite one replica does everything.
    /// </summary>
    public static IHostApplicationBuilder AddCluster(this IHostApplicationBuilder builder)
    {
        var options = ClusterOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(options);
        if (DatabaseSettings.FromConfiguration(builder.Configuration).IsPostgres)
        {
            builder.Services.AddSingleton<OutboxClaims>();
            builder.Services.AddSingleton<PostgresPollingLeadership>();
            builder.Services.AddSingleton<IPollingLeadership>(sp => sp.GetRequiredService<PostgresPollingLeadership>());
            builder.Services.AddSingleton<ClusterView>();
        }
        else
        {
            builder.Services.AddSingleton<IPollingLeadership, SingleReplica>();
        }

        return builder;
    }
}

/// <summary>For /health: this replica's name and the replicas Quartz sees checking in.</summary>
public sealed class ClusterView(ClusterOptions options, DatabaseSettings database, TimeProvider time)
{
    public string Replica => options.InstanceName;

    /// <summary>Scheduler instances whose last check-in is recent (within the dead-replica threshold).</summary>
    public async Task<int> LiveSchedulersAsync(CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM qrtz_scheduler_state WHERE last_checkin_time + (checkin_interval + @grace) * 10000 >= @now", connection);
        // Quartz keeps check-in times in .NET ticks (UTC, on the clock it was given) and the interval in milliseconds.
        command.Parameters.AddWithValue("grace", (long)options.CheckinMisfireThreshold.TotalMilliseconds);
        command.Parameters.AddWithValue("now", time.GetUtcNow().UtcTicks);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
