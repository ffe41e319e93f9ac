using System.Text.RegularExpressions;

namespace ChatSupport.Bot.Scheduling;

/// <summary>
/// Quartz.NET's own SQLite schema script (embedded in Quartz.dll), run by an EF migration so the job
/// store's tables arrive with the rest of the schema and stay in step with the Quartz version.
/// </summary>
public static partial class QuartzSchema
{
    public const string TablePrefix = "QRTZ_";

    public const string ResourceName = "Quartz.Impl.AdoJobStore.Schema.create_sqlite.sql";

    /// <summary>PostgreSQL's script (creates only what is missing); its tables in lower case, as PostgreSQL folds unquoted names.</summary>
    public const string PostgresResourceName = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    public const string PostgresTablePrefix = "qrtz_";

    /// <summary>The tables the script creates (15 in Quartz 4.7), children first so they drop in order.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_PAUSED_JOB_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS",
        "QRTZ_SIMPROP_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_TRIGGERS",
        "QRTZ_JOB_STATUS", "QRTZ_EXECUTION_HISTORY", "QRTZ_MISFIRE_HISTORY", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS",
    ];

    /// <summary>The script's statements: it separates them with lines that are exactly <c>--;;</c>.</summary>
    public static IReadOnlyList<string> CreateStatements() => CreateStatements(ResourceName, TablePrefix);

    /// <summary>PostgreSQL's statements, for its first migration.</summary>
    public static IReadOnlyList<string> CreatePostgresStatements() => CreateStatements(PostgresResourceName, PostgresTablePrefix);

    private static IReadOnlyList<string> CreateStatements(string resource, string prefix)
    {
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Quartz.dll has no embedded {resource}; the Quartz package changed.");
        using var reader = new StreamReader(stream);
        // The script leaves the table prefix as {0} and the index-name prefix as {1}; Quartz's default for both is QRTZ_
        // (indexes IDX_QRTZ_…, as in Quartz's published scripts).
        var script = reader.ReadToEnd()
            .Replace("{0}", prefix, StringComparison.Ordinal)
            .Replace("{1}", prefix, StringComparison.Ordinal);
        if (script.Contains('{', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{resource} has a placeholder this version does not know; check the Quartz upgrade.");
        }

        return [.. Separator().Split(script).Select(s => s.Trim()).Where(s => s.Length > 0 && !IsOnlyComments(s))];
    }

    private static bool IsOnlyComments(string statement) =>
        statement.Split('\n').All(line => line.Trim().Length == 0 || line.TrimStart().StartsWith("--", StringComparison.Ordinal));

    [GeneratedRegex(@"^--;;\s*$", RegexOptions.Multiline)]
    private static partial Regex Separator();
}
