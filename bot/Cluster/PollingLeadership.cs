using ChatSupport.Bot.Persistence;
using Npgsql;

namespace ChatSupport.Bot.Cluster;

/// <summary>
/// Which replica polls the messengers. Telegram answers 409 to a second poller of one token (MAX's <c>/updates</c> is
/// no better), so exactly one replica polls and the others stand by.
/// </summary>
public interface IPollingLeadership
{
    /// <summary>Whether this replica polls now (for /health).</summary>
    bool IsPoller { get; }

    /// <summary>
    /// Waits until this replica may poll; returns a token cancelled when it no longer may (or when stopping). Null when
    /// stopping before that.
    /// </summary>
    Task<CancellationToken?> WaitForTurnAsync(CancellationToken stoppingToken);
}

/// <summary>One replica (SQLite): it always polls.</summary>
public sealed class SingleReplica : IPollingLeadership
{
    public bool IsPoller => true;

    public Task<CancellationToken?> WaitForTurnAsync(CancellationToken stoppingToken) =>
        Task.FromResult<CancellationToken?>(stoppingToken.IsCancellationRequested ? null : stoppingToken);
}

/// <summary>
/// Several replicas (PostgreSQL): the poller is the replica holding a session advisory lock on a connection of its own.
/// The others try every <see cref="ClusterOptions.PollingRetry"/>. A killed poller's connection closes and frees the lock
/// at once; for a host that vanishes, the server drops the session after its TCP keepalive gives up (set to 10 s idle,
/// 5 s between 3 probes on this session: about 25 s). The poller checks its connection every few seconds and stops
/// polling the moment it cannot (a poller cut off from the database must not go on beside its successor).
/// </summary>
public sealed partial class PostgresPollingLeadership(DatabaseSettings database, ClusterOptions options, ILogger<PostgresPollingLeadership> logger)
    : IPollingLeadership, IAsyncDisposable
{
    /// <summary>How often the poller checks that its lock's connection is alive.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private CancellationTokenSource? _turn;
    private Task? _heartbeat;
    private int _disposed;

    public bool IsPoller => _turn is { IsCancellationRequested: false };

    public async Task<CancellationToken?> WaitForTurnAsync(CancellationToken stoppingToken)
    {
        await _gate.WaitAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            if (_turn is { IsCancellationRequested: false } current)
            {
                return current.Token;
            }

            var told = false;
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TryTakeAsync(stoppingToken))
                {
                    _turn = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    _heartbeat = HeartbeatAsync(_connection!, _turn);
                    LogPoller(logger, options.InstanceName);
                    return _turn.Token;
                }

                if (!told)
                {
                    told = true;
                    LogStandby(logger, options.InstanceName, options.PollingRetry.TotalSeconds);
                }

                await Task.Delay(options.PollingRetry, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _gate.Release();
        }

        return null;
    }

    private async Task<bool> TryTakeAsync(CancellationToken cancellationToken)
    {
        await CloseAsync();
        var csb = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, ApplicationName = $"chatsupport poller {options.InstanceName}" };
        var connection = new NpgsqlConnection(csb.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", AdvisoryLocks.Polling);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                _connection = connection;
                return true;
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogCannotTry(logger, ex.Message);
        }

        await connection.DisposeAsync();
        return false;
    }

    private async Task HeartbeatAsync(NpgsqlConnection connection, CancellationTokenSource turn)
    {
        try
        {
            while (!turn.IsCancellationRequested)
            {
                await Task.Delay(Heartbeat, turn.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = 5 };
                await command.ExecuteScalarAsync(turn.Token);
            }
        }
        catch (OperationCanceledException) when (turn.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogLost(logger, options.InstanceName, ex.Message);
        }

        // The lock's connection is gone or stuck: stop polling at once; the next turn starts from a new connection.
        await turn.CancelAsync();
    }

    private async Task CloseAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>Ends the turn and frees the lock (its connection closes). Safe to call twice: the container disposes it under both its registrations.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_turn is { } turn)
        {
            await turn.CancelAsync();
            if (_heartbeat is { } heartbeat)
            {
                await heartbeat.ConfigureAwait(false);
            }

            turn.Dispose();
        }

        await CloseAsync();
        _gate.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "Replica {Replica} polls the messengers now (it holds the polling lock)")]
    private static partial void LogPoller(ILogger logger, string replica);

    [LoggerMessage(LogLevel.Information, "Replica {Replica} stands by: another replica polls the messengers; this one tries to take over every {Seconds} s")]
    private static partial void LogStandby(ILogger logger, string replica, double seconds);

    [LoggerMessage(LogLevel.Warning, "Replica {Replica} lost the polling lock's connection and stops polling: {Error}")]
    private static partial void LogLost(ILogger logger, string replica, string error);

    [LoggerMessage(LogLevel.Warning, "Could not try for the polling lock: {Error}")]
    private static partial void LogCannotTry(ILogger logger, string error);
}
