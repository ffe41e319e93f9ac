using Microsoft.Data.Sqlite;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>Temp folders that hold a test's SQLite files.</summary>
public static class TempDirectories
{
    /// <summary>
    /// Closes the pooled connections that still hold the folder's files open, then deletes it — best effort: it is a
    /// temp folder, and a file a finishing process still holds must not fail the test.
    /// </summary>
    public static void DeleteWithDatabases(string directory)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
