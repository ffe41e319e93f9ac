using ChatSupport.Bot.Pipeline;

namespace ChatSupport.Bot.Max;

/// <summary>
/// Long polling of <c>GET /updates</c>: hands each update to the pipeline in order and moves the marker on
/// (which confirms the batch to MAX) only after the whole batch was processed. MAX updates have no ids, so
/// each kind's natural key (message id, callback id) makes a re-delivered batch harmless.
/// </summary>
public sealed partial class MaxPolling(
    MaxApiClient api,
    UpdatePipeline pipeline,
    MaxOptions options,
    TimeProvider time,
    Channels.FaultLog faults,
    Cluster.IPollingLeadership leadership,
    IServiceScopeFactory scopes,
    ILogger<MaxPolling> logger) : Channels.PollingLoop(time, faults, logger, leadership)
{
    public override Domain.Channels.ChannelKind Channel => Domain.Channels.ChannelKind.Max;

    protected override string PollName => "MAX GET /updates";

    protected override async Task PollTurnAsync(CancellationToken stoppingToken)
    {
        await IntroduceAsync(stoppingToken);
        await EndSubscriptionsAsync(stoppingToken);
        var checkedAt = Environment.TickCount64;
        long? marker = null;
        var timeout = (int)options.PollingTimeout.TotalSeconds;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Environment.TickCount64 - checkedAt > options.WebhookCheckInterval.TotalMilliseconds)
            {
                // A replica still on webhook settings may have subscribed again (its own start, mid-rollout).
                await EndSubscriptionsAsync(stoppingToken);
                checkedAt = Environment.TickCount64;
            }

            if (await PollAsync(ct => api.GetUpdatesAsync(marker, timeout, 100, ct), stoppingToken) is not { } batch)
            {
                continue;
            }

            var updates = batch.Parse(out var unreadable);
            if (unreadable > 0)
            {
                LogUnreadable(logger, unreadable);
            }

            var complete = true;
            try
            {
                // The batch in hand is finished even when stopping: it is one short transaction.
                await pipeline.ProcessBatchAsync([.. updates.Select(MaxUpdateMapper.Map).OfType<Domain.Channels.IncomingUpdate>()], CancellationToken.None);
            }
            catch (UpdateNotRecordedException)
            {
                // The marker confirms the whole batch, so it stays: the batch comes again and what was already
                // processed is recognised by its key.
                complete = false;
                await PauseAfterUnrecordedAsync(stoppingToken);
            }

            if (complete && batch.Marker is { } next)
            {
                marker = next;
            }
        }
    }

    /// <summary>Checks the token once at start (GET /me) so a wrong one is named in the log, not guessed at.</summary>
    private async Task IntroduceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await api.GetMeAsync(cancellationToken);
            LogConnected(logger, me.Username ?? me.Name ?? me.FirstName ?? me.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (MaxApiException ex) when (ex.Status == 401)
        {
            LogBadToken(logger);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogIntroduceFailed(logger, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Back from webhook mode: while MAX holds any webhook subscription, long polling gets nothing, so each is ended
    /// (<c>DELETE /subscriptions</c>) before the first poll and looked for again every <see cref="MaxOptions.WebhookCheckInterval"/>;
    /// the database says «polling», so webhook replicas of a rollout in progress stop renewing theirs.
    /// </summary>
    private async Task EndSubscriptionsAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; !cancellationToken.IsCancellationRequested; attempt++)
        {
            try
            {
                // Told first, so webhook replicas still running (a rollout) stop renewing what is ended here.
                await Channels.WebhookSetup.StoreAsync(scopes, Channel, Channels.WebhookSetup.Polling, cancellationToken);
                foreach (var subscription in await api.GetSubscriptionsAsync(cancellationToken))
                {
                    if (!string.IsNullOrEmpty(subscription.Url))
                    {
                        await api.UnsubscribeAsync(subscription.Url, cancellationToken);
                        LogSubscriptionEnded(logger, subscription.Url);
                    }
                }

                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogEndSubscriptionsFailed(logger, attempt, Describe(ex));
                if (attempt >= 3)
                {
                    // Polling starts anyway; the next turn (or start) tries again.
                    return;
                }

                await DelayAsync(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }

    protected override TimeSpan PauseAfter(Exception exception, int failures) => exception switch
    {
        MaxApiException { Status: 429 } api => api.RetryAfter is { } wait ? TimeSpan.FromSeconds(Math.Clamp(wait.TotalSeconds, 1, 300)) : TimeSpan.FromSeconds(5),
        // A wrong token does not fix itself within seconds.
        MaxApiException { Status: 401 } => MaxPause,
        _ => Exponential(failures),
    };

    protected override string Describe(Exception exception) => exception is MaxApiException api ? api.Message : $"{exception.GetType().Name}: {exception.Message}";

    protected override string FaultKind(Exception exception) =>
        exception is MaxApiException api ? api.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : exception.GetType().Name;

    [LoggerMessage(LogLevel.Information, "MAX channel connected as {Bot}")]
    private static partial void LogConnected(ILogger logger, string bot);

    [LoggerMessage(LogLevel.Error, "MAX rejects the bot token (401): check Max:BotToken (the token from MAX's partner platform, business.max.ru)")]
    private static partial void LogBadToken(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "MAX GET /me failed: {Error}; polling starts anyway")]
    private static partial void LogIntroduceFailed(ILogger logger, string error);

    [LoggerMessage(LogLevel.Information, "MAX webhook subscription {Url} ended: this desk polls (Max:Mode=Polling)")]
    private static partial void LogSubscriptionEnded(ILogger logger, string url);

    [LoggerMessage(LogLevel.Warning, "Ending MAX webhook subscriptions before polling failed, attempt {Attempt}: {Error}")]
    private static partial void LogEndSubscriptionsFailed(ILogger logger, int attempt, string error);

    [LoggerMessage(LogLevel.Warning, "Skipped {Count} MAX updates that do not match the schema")]
    private static partial void LogUnreadable(ILogger logger, int count);
}
