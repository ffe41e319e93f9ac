using System.Security.Cryptography;
using System.Text;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Channels;

/// <summary>
/// Webhook mode, at start: a messenger's webhook registered once per deployment, not once per replica and start. What
/// was registered is kept in the database as a hash of the URL, the secret and the settings (<see cref="ChannelState"/>),
/// so every replica sees it: a replica starting beside a running one changes nothing; a rotated secret or a new URL is
/// registered again. A failed registration is not fatal (a webhook registered before keeps delivering) and is tried
/// again with back-off.
/// </summary>
public abstract partial class WebhookSetup(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    /// <summary>The messenger, as the log names it.</summary>
    protected abstract string Messenger { get; }

    protected abstract ChannelKind Channel { get; }

    /// <summary>Registers the webhook when the messenger or the stored fingerprint says it is not (or not like this).</summary>
    public abstract Task RegisterAsync(CancellationToken cancellationToken);

    /// <summary>
    /// How often a registration is looked at again after it succeeded, for a messenger that may drop it by itself (MAX
    /// unsubscribes a webhook that failed for 8 hours); null: once per start.
    /// </summary>
    protected virtual TimeSpan? RecheckEvery => null;

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await RegisterAsync(stoppingToken);
                if (RecheckEvery is not { } recheck)
                {
                    return;
                }

                attempt = 0;
                await Task.Delay(recheck, stoppingToken);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSetupFailed(logger, Messenger, attempt, $"{ex.GetType().Name}: {Domain.Localization.Texts.SafeCut(ex.Message, 300)}");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempt, 6)))), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>A hash of what is registered (never the secret in clear): 64 hex digits.</summary>
    public static string Fingerprint(params string[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))));

    /// <summary>The fingerprint stored by the last registration, on any replica.</summary>
    protected async Task<string?> StoredFingerprintAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        return await db.ChannelStates.Where(s => s.Channel == Channel && s.Key == ChannelState.Webhook).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>What a polling replica stores instead of a fingerprint: webhook replicas' re-checks then leave the messenger alone.</summary>
    public const string Polling = "polling";

    /// <summary>
    /// Keeps what was just registered, for the other replicas and the next start: one upsert, so two replicas registering
    /// at the same moment (both saw nothing registered) both succeed, the later one's fingerprint kept.
    /// </summary>
    protected Task StoreFingerprintAsync(string fingerprint, CancellationToken cancellationToken) => StoreAsync(scopes, Channel, fingerprint, cancellationToken);

    /// <summary>Stores a messenger's registration state (a fingerprint, or <see cref="Polling"/>) by one upsert.</summary>
    public static async Task StoreAsync(IServiceScopeFactory scopes, ChannelKind channel, string value, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""INSERT INTO "ChannelStates" ("Channel", "Key", "Value") VALUES ({channel.Name}, {ChannelState.Webhook}, {value}) ON CONFLICT ("Channel", "Key") DO UPDATE SET "Value" = excluded."Value" """,
            cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Registering the {Messenger} webhook failed (attempt {Attempt}); trying again: {Error}")]
    private static partial void LogSetupFailed(ILogger logger, string messenger, int attempt, string error);
}
