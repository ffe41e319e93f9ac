using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ChatSupport.Bot.Persistence;

/// <summary>
/// SQLite takes one writer at a time. When a second transaction meets the first, Microsoft.Data.Sqlite does not wait
/// for it: it sleeps 150 ms, blocking its thread, and tries again — so writers that meet (the updates loop, the outbox,
/// Quartz's job store) lose a sixth of a second each time, and throughput falls with every writer added. This gate makes
/// the bot's own writers queue instead, each woken the moment the one before it ends. One gate per database file in
/// the process; every connection the bot opens to the file is a <see cref="GatedSqliteConnection"/>, and every
/// transaction on it passes the gate. A lone statement outside a transaction (a save of one row, which EF Core sends
/// without one) and another process on the same file still meet the sleep.
/// </summary>
public sealed class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteWriteGate(TimeSpan wait) => Wait = wait;

    /// <summary>How long a writer waits for the gate before it gives up, as SQLite's busy timeout would.</summary>
    public TimeSpan Wait { get; }

    /// <summary>The gate of the file a connection string names (shared by everything in this process that opens it).</summary>
    public static SqliteWriteGate For(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        var file = csb.DataSource is ":memory:" or "" ? connectionString : Path.GetFullPath(csb.DataSource);
        return Gates.GetOrAdd(file, _ => new SqliteWriteGate(TimeSpan.FromSeconds(Math.Max(5, csb.DefaultTimeout))));
    }

    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(Wait, cancellationToken))
        {
            throw Busy();
        }
    }

    public void Enter()
    {
        if (!_gate.Wait(Wait))
        {
            throw Busy();
        }
    }

    public void Exit() => _gate.Release();

    // The error SQLite itself would have given after its busy timeout.
    private SqliteException Busy() => new($"database is locked: another writer held it for more than {Wait.TotalSeconds:0} s", 5);
}

/// <summary>
/// A SQLite connection whose transactions pass its file's <see cref="SqliteWriteGate"/>: the gate is taken when a
/// transaction begins and left when it ends, however it ends — commit, rollback, or the connection closed under it
/// (SQLite reports each end by clearing the connection's transaction).
/// </summary>
public sealed class GatedSqliteConnection : SqliteConnection
{
    private SqliteWriteGate? _gate;
    private bool _entered;

    public GatedSqliteConnection(string connectionString)
        : base(connectionString) => _gate = SqliteWriteGate.For(connectionString);

    /// <summary>For factories that set the connection string afterwards (Quartz's).</summary>
    public GatedSqliteConnection()
    {
    }

    private SqliteWriteGate Gate => _gate ??= SqliteWriteGate.For(ConnectionString);

    /// <summary>
    /// Every connection of the bot deletes securely: SQLite zeroes what a change frees (a shortened text, a deleted row,
    /// a freed page) instead of leaving it in the file — so an erased customer's words are not still readable in the
    /// database's free space (152-ФЗ; see PersonalDataEraser).
    /// </summary>
    public override void Open()
    {
        base.Open();
        using var command = CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON";
        command.ExecuteNonQuery();
    }

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken)
    {
        if (base.Transaction is not null)
        {
            // A second transaction on this connection: SQLite's own refusal, without touching the gate it holds.
            return base.BeginTransaction(isolationLevel, deferred: false);
        }

        await Gate.EnterAsync(cancellationToken);
        _entered = true;
        try
        {
            return BeginTransaction(isolationLevel);
        }
        catch
        {
            Leave();
            throw;
        }
    }

    public override SqliteTransaction BeginTransaction(IsolationLevel isolationLevel, bool deferred)
    {
        if (base.Transaction is not null)
        {
            return base.BeginTransaction(isolationLevel, deferred);
        }

        if (!_entered)
        {
            Gate.Enter();
            _entered = true;
        }

        try
        {
            return base.BeginTransaction(isolationLevel, deferred);
        }
        catch
        {
            Leave();
            throw;
        }
    }

    protected override SqliteTransaction? Transaction
    {
        get => base.Transaction;
        set
        {
            base.Transaction = value;
            if (value is null)
            {
                Leave();
            }
        }
    }

    private void Leave()
    {
        if (_entered)
        {
            _entered = false;
            Gate.Exit();
        }
    }
}

/// <summary>Microsoft.Data.Sqlite's factory with <see cref="GatedSqliteConnection"/>s: how Quartz's job store opens the file.</summary>
public sealed class GatedSqliteFactory : DbProviderFactory
{
    public static readonly GatedSqliteFactory Instance = new();

    public override DbConnection CreateConnection() => new GatedSqliteConnection();

    public override DbCommand CreateCommand() => new SqliteCommand();

    public override DbParameter CreateParameter() => new SqliteParameter();

    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new SqliteConnectionStringBuilder();
}
