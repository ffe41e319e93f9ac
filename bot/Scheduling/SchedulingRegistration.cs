using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Sla;
using Quartz;

namespace ChatSupport.Bot.Scheduling;

public static class SchedulingRegistration
{
    public const string SweepTriggerName = "sweep-every-minute";

    /// <summary>
    /// Quartz.NET in the host, with its persistent job store in the bot's SQLite file (tables from an EF
    /// migration), driven by the host's <see cref="TimeProvider"/>: escalation pings per ticket, the
    /// every-minute sweep (registration hour, auto-close), and the daily digest at <c>Support:Digest:Time</c>.
    /// </summary>
    public static IHostApplicationBuilder AddSlaScheduling(this IHostApplicationBuilder builder, TimeProvider time, SlaSetup sla)
    {
        var options = SchedulingOptions.FromConfiguration(builder.Configuration);
        var database = DatabaseSettings.FromConfiguration(builder.Configuration);
        var cluster = Cluster.ClusterOptions.FromConfiguration(builder.Configuration);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ScheduleSignal>();
        builder.Services.AddScoped<IEscalationScheduler, EscalationScheduler>();
        builder.Services.AddScoped<DigestService>();
        builder.Services.AddScoped<EscalationPingJob>();
        builder.Services.AddScoped<SweepJob>();
        builder.Services.AddScoped<DailyDigestJob>();
        builder.Services.AddQuartz(q =>
        {
            q.UseTimeProvider(time);
            q.UseDefaultThreadPool(tp => tp.MaxConcurrency = JobClock.Threads);
            q.ConfigureScheduler(o =>
            {
                o.MaxBatchSize = JobClock.BatchSize;
                o.BatchTriggerAcquisitionFireAheadTimeWindow = JobClock.FireAhead;
            });
            q.UsePersistentStore(store =>
            {
                if (database.IsPostgres)
                {
                    // Quartz's own clustered store: every replica runs a scheduler, each trigger fires on one of them, and
                    // a replica silent for CheckinMisfireThreshold is dead — its triggers and interrupted jobs move on.
                    // Instance id AUTO (host name and start time), so replicas never need to be told apart by hand.
                    store.UsePostgres(Npgsql.NpgsqlFactory.Instance, database.ConnectionString);
                    store.ConfigureStore(o =>
                    {
                        o.TablePrefix = QuartzSchema.PostgresTablePrefix;
                        o.MisfireThreshold = cluster.MisfireThreshold;
                    });
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = cluster.CheckinInterval;
                        c.CheckinMisfireThreshold = cluster.CheckinMisfireThreshold;
                    });
                }
                else
                {
                    // One scheduler per file (SQLite cannot cluster), through the bot's gated connections: it queues
                    // for the file with the bot's own writers.
                    store.UseSqlite(GatedSqliteFactory.Instance, database.ConnectionString);
                }

                store.UseSystemTextJsonSerializer();
            });

            q.AddJob<EscalationPingJob>(j => j.WithIdentity(EscalationPingJob.Key).StoreDurably().RequestRecovery());
            q.AddJob<SweepJob>(j => j.WithIdentity(SweepJob.Key).StoreDurably().RequestRecovery());
            q.AddTrigger(t => t.ForJob(SweepJob.Key).WithIdentity(SweepTriggerName, "maintenance")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(1)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
            // Armed by DigestArming at start and by the job itself for the next morning, from TZDB like every deadline
            // (a cron trigger would take the machine's own time-zone rules instead).
            q.AddJob<DailyDigestJob>(j => j.WithIdentity(DailyDigestJob.Key).StoreDurably().RequestRecovery());
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<EscalationPlanner>();
        builder.Services.AddHostedService<DigestArming>();
        return builder;
    }
}
