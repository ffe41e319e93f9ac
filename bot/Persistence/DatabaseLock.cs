namespace ChatSupport.Bot.Persistence;

/// <summary>
/// How a SQLite desk knows a bot is using its file: every running bot holds a shared advisory lock (<c>flock</c>) on
/// <c>&lt;database&gt;.lock</c> beside it for its whole life, and <c>restore</c> needs the exclusive one. The kernel drops
/// a lock when its process ends however it ends (a crash or <c>kill -9</c> included), so a stale lock file never blocks
/// anything — unlike a PID file or a row in the database.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    private readonly FileStream _stream;

    private DatabaseLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    public static string PathFor(string database) => System.IO.Path.GetFullPath(database) + ".lock";

    /// <summary>The bot's shared lock; throws <see cref="DatabaseBusyException"/> while a restore holds the file.</summary>
    public static DatabaseLock Shared(string database) =>
        Take(database, FileShare.ReadWrite) ?? throw new DatabaseBusyException(
            $"{System.IO.Path.GetFullPath(database)} is being restored (the restore command holds {PathFor(database)}); start the bot when it has finished");

    /// <summary>The exclusive lock for a restore, or null while any bot (or another restore) holds the file.</summary>
    public static DatabaseLock? Exclusive(string database) => Take(database, FileShare.None);

    private static DatabaseLock? Take(string database, FileShare share)
    {
        var path = PathFor(database);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new DatabaseLock(new FileStream(path, options), path);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            // EWOULDBLOCK from flock surfaces as a sharing violation: someone holds the other kind of lock.
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>The database file is held by a restore (or, for a restore, by a running bot).</summary>
public sealed class DatabaseBusyException(string message) : Exception(message);
