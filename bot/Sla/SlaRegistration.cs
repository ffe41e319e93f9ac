using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Sla;

public static class SlaRegistration
{
    /// <summary>Registers the configured SLA policy and its time format. (The one clock is the host's <see cref="TimeProvider"/>.)</summary>
    public static IHostApplicationBuilder AddSupportSla(this IHostApplicationBuilder builder, SlaSetup sla)
    {
        builder.Services.AddSingleton(sla);
        builder.Services.AddSingleton(sla.Policy);
        builder.Services.AddSingleton(sla.Format);
        builder.Services.AddHostedService<SlaBanner>();
        return builder;
    }

    /// <summary>Says at start-up which calendar is in force, and what in the configuration was ignored.</summary>
    private sealed class SlaBanner(SlaSetup sla, ILogger<SlaBanner> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Support calendar: {Calendar}; terms: {Terms}", sla.Policy.Calendar.Describe(), sla.Policy.Terms);

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
