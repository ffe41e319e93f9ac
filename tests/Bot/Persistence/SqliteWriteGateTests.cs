using ChatSupport.Bot.Persistence;
using Microsoft.Data.Sqlite;

namespace ChatSupport.Tests.Bot.Persistence;

/// <summary>Writers in one process queue for the file instead of meeting SQLite's busy handler.</summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gate-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "gate.db")}";

    [Fact]
    public async Task SecondWriter_WaitsForTheFirstsCommit_ThenGoesAtOnce()
    {
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        var firstTransaction = await first.BeginTransactionAsync();
        await Execute(first, "INSERT INTO T VALUES (1)");
        var waiting = second.BeginTransactionAsync().AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "the second writer began while the first was still writing");

        await firstTransaction.CommitAsync();
        var secondTransaction = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        await Execute(second, "INSERT INTO T VALUES (2)");
        await secondTransaction.CommitAsync();
        Assert.Equal(2L, await Scalar(first, "SELECT COUNT(*) FROM T"));
    }

    [Theory]
    [InlineData("rollback")]
    [InlineData("dispose")]
    [InlineData("close")]
    public async Task Gate_IsLeft_HoweverTheTransactionEnds(string end)
    {
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        var transaction = await first.BeginTransactionAsync();
        await Execute(first, "INSERT INTO T VALUES (1)");
        switch (end)
        {
            case "rollback":
                await transaction.RollbackAsync();
                break;
            case "dispose":
                await transaction.DisposeAsync();
                break;
            default:
                await first.CloseAsync();
                break;
        }

        var next = await second.BeginTransactionAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0L, await Scalar(second, "SELECT COUNT(*) FROM T"));
        await next.CommitAsync();
    }

    [Fact]
    public async Task Writer_GivesUpAfterTheBusyTimeout_WithSqlitesOwnError()
    {
        var cs = ConnectionString + ";Default Timeout=1";
        await using var first = new GatedSqliteConnection(cs);
        await first.OpenAsync();
        await using var second = new GatedSqliteConnection(cs);
        await second.OpenAsync();
        await using var held = await first.BeginTransactionAsync();
        var error = await Assert.ThrowsAsync<SqliteException>(() => second.BeginTransactionAsync().AsTask());
        Assert.Equal(5, error.SqliteErrorCode);
    }

    [Fact]
    public async Task SecondTransactionOnOneConnection_IsRefused_AndTheFirstKeepsTheGate()
    {
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        await using var held = await first.BeginTransactionAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => first.BeginTransactionAsync().AsTask());
        Assert.Throws<InvalidOperationException>(() => first.BeginTransaction());

        var waiting = second.BeginTransactionAsync().AsTask();
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted, "the refused second transaction let the gate go while the first still held it");
        await held.CommitAsync();
        await (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).CommitAsync();
    }

    public void Dispose() => Fakes.TempDirectories.DeleteWithDatabases(_directory);

    private async Task<GatedSqliteConnection> OpenAsync()
    {
        var connection = new GatedSqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await Execute(connection, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS T (Id INTEGER)");
        return connection;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
