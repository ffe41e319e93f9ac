using OpenTelemetry.Metrics;

namespace ChatSupport.Bot.Health;

/// <summary>
/// <c>GET /metrics</c> on the health port: the «ChatSupport» meter in Prometheus' text format, through OpenTelemetry's
/// Prometheus exporter — chosen over prometheus-net because OpenTelemetry .NET is the maintained, Microsoft-documented
/// way to export <see cref="System.Diagnostics.Metrics"/> instruments (monthly releases; prometheus-net's last release,
/// 8.2.1, is from early 2024), and the same instruments can later go over OTLP without touching the code that records
/// them. Before each scrape the desk's figures are read from the database (<see cref="DeskGauges"/>).
/// </summary>
public static partial class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Register(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeskGauges>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SupportMetrics.MeterName)
            .AddView("chatsupport_update_lag", new ExplicitBucketHistogramConfiguration { Boundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900] })
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    public static void Map(WebApplication app)
    {
        var gauges = app.Services.GetRequiredService<DeskGauges>();
        var logger = app.Services.GetRequiredService<ILogger<DeskGauges>>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == Path)
            {
                try
                {
                    await gauges.RefreshAsync(context.RequestAborted);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The process's own counters still answer; the desk's figures stay at their last reading.
                    LogReadFailed(logger, ex.Message);
                }
            }

            await next(context);
        });
        app.MapPrometheusScrapingEndpoint(Path);
    }

    [LoggerMessage(LogLevel.Warning, "/metrics: the desk's figures could not be read from the database ({Problem}); the last reading is reported")]
    private static partial void LogReadFailed(ILogger logger, string problem);
}
