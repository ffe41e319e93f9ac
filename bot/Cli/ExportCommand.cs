using System.CommandLine;
using ChatSupport.Bot.Export;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Localization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime.Extensions;
using NodaTime.Text;

namespace ChatSupport.Bot.Cli;

/// <summary>
/// <c>export --from 2026-11-01 --to 2026-11-30 [--format csv|json] [--lang ru|en] [--out FILE]</c>: the period's tickets from
/// the configured database (read-only), streamed to a file (owner-only) or to standard output.
/// </summary>
public static class ExportCommand
{
    public static Command Create(IConfiguration configuration, Func<SlaSetup> setup)
    {
        var from = new Option<string>("--from") { Description = "First day of the period (YYYY-MM-DD, provider's zone)", HelpName = "YYYY-MM-DD", Required = true };
        var to = new Option<string>("--to") { Description = "Last day of the period (YYYY-MM-DD), included", HelpName = "YYYY-MM-DD", Required = true };
        var format = new Option<string>("--format") { Description = "csv (UTF-8 with BOM, «;», for Excel) or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var lang = new Option<string>("--lang") { Description = "Language of the CSV's header and words", DefaultValueFactory = _ => "ru" };
        lang.AcceptOnlyFromAmong("ru", "en");
        var output = new Option<string?>("--out") { Description = "The file to write (standard output without it)", HelpName = "FILE" };
        var command = new Command("export", "Export the tickets registered in a period (CSV for Excel, or JSON)") { from, to, format, lang, output };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (Day(parse.GetValue(from)!, "--from", error) is not { } first || Day(parse.GetValue(to)!, "--to", error) is not { } last)
            {
                return ExitCodes.BadInput;
            }

            if (last < first)
            {
                error.WriteLine($"export: --to {last:yyyy-MM-dd} is before --from {first:yyyy-MM-dd}");
                return ExitCodes.BadInput;
            }

            var database = DatabaseSettings.FromConfiguration(configuration);
            var file = database.IsPostgres ? null : new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            if (file is not null && !File.Exists(file))
            {
                error.WriteLine($"export: no database at {Path.GetFullPath(file)} (ConnectionStrings:Support); run the bot once or point the setting at its file");
                return ExitCodes.BadInput;
            }

            var sla = setup();
            var export = new TicketExport(() => database.IsPostgres
                ? database.CreateContext()
                : new SupportDbContext(new DbContextOptionsBuilder<SupportDbContext>()
                    .UseSqlite(new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString()).Options), sla.Format);
            var path = parse.GetValue(output);
            await using var stream = path is null ? Console.OpenStandardOutput() : OwnerOnly(path);
            var rows = export.RowsAsync(first, last, ct);
            var now = TimeProvider.System.GetCurrentInstant();
            var count = parse.GetValue(format) == "json"
                ? await export.WriteJsonAsync(stream, rows, now, ct)
                : await export.WriteCsvAsync(stream, rows, now, parse.GetValue(lang) == "en" ? Language.En : Language.Ru, ct);
            if (path is not null)
            {
                error.WriteLine($"export: {count} tickets registered {first:yyyy-MM-dd} … {last:yyyy-MM-dd} written to {Path.GetFullPath(path)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static NodaTime.LocalDate? Day(string text, string option, TextWriter error)
    {
        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (parsed.Success)
        {
            return parsed.Value;
        }

        error.WriteLine($"export: {option} \"{text}\" is not a date like 2026-11-30");
        return null;
    }

    /// <summary>A new file only its owner may read (the export carries customers' names), replacing one that was there.</summary>
    private static FileStream OwnerOnly(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
