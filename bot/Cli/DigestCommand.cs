using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace ChatSupport.Bot.Cli;

/// <summary><c>digest --date 2026-11-24 [--format json]</c>: the managers' SLA digest from the configured database.</summary>
public static class DigestCommand
{
    public static Command Create(IConfiguration configuration, Func<SlaSetup> setup)
    {
        var date = new Option<string?>("--date") { Description = "The day (YYYY-MM-DD, provider's zone); default yesterday", HelpName = "YYYY-MM-DD" };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var lang = new Option<string>("--lang") { Description = "Language of the text form", DefaultValueFactory = _ => "ru" };
        lang.AcceptOnlyFromAmong("ru", "en");
        var chart = new Option<string?>("--chart") { Description = "Also draw the 14 days' chart ending on the day into this PNG file", HelpName = "FILE" };
        var command = new Command("digest", "Print the SLA digest of a day from the configured database") { date, format, lang, chart };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var sla = setup();
            var database = DatabaseSettings.FromConfiguration(configuration);
            var connection = database.ConnectionString;
            var file = database.IsPostgres ? null : new SqliteConnectionStringBuilder(connection).DataSource;
            if (file is not null && !File.Exists(file))
            {
                error.WriteLine($"digest: no database at {Path.GetFullPath(file)} (ConnectionStrings:Support); run the bot once or point the setting at its file");
                return ExitCodes.BadInput;
            }

            var time = TimeProvider.System;
            LocalDate day;
            if (parse.GetValue(date) is { } text)
            {
                var parsed = LocalDatePattern.Iso.Parse(text.Trim());
                if (!parsed.Success)
                {
                    error.WriteLine($"digest: --date \"{text}\" is not a date like 2026-11-24");
                    return ExitCodes.BadInput;
                }

                day = parsed.Value;
            }
            else
            {
                day = sla.Policy.Calendar.DateOf(NodaTime.Extensions.TimeProviderExtensions.GetCurrentInstant(time)).PlusDays(-1);
            }

            await using var db = database.IsPostgres
                ? database.CreateContext()
                : new SupportDbContext(new DbContextOptionsBuilder<SupportDbContext>()
                    .UseSqlite(new SqliteConnectionStringBuilder(connection) { Mode = SqliteOpenMode.ReadOnly }.ToString()).Options);
            var service = new DigestService(db, sla, time);
            var digest = await service.ComputeAsync(day, ct);
            if (parse.GetValue(chart) is { } png)
            {
                await File.WriteAllBytesAsync(png, await service.ChartAsync(day, parse.GetValue(lang) == "en" ? Domain.Localization.Language.En : Domain.Localization.Language.Ru, ct), ct);
            }

            output.WriteLine(parse.GetValue(format) == "json"
                ? Json(digest)
                : DigestTexts.Render(digest, sla.Format, parse.GetValue(lang) == "en" ? Domain.Localization.Language.En : Domain.Localization.Language.Ru));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The figures as JSON, for scripts: enums by name, instants and dates in ISO form, durations in seconds.</summary>
    public static string Json(SlaDigest d)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new JsonStringEnumConverter() } }
            .ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        var figures = new
        {
            day = d.Day,
            computedAt = d.ComputedAt,
            registered = new
            {
                total = d.RegisteredTotal,
                byLevel = d.RegisteredByLevel.ToDictionary(p => ((int)p.Key).ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value),
                byCategory = d.RegisteredByCategory.ToDictionary(p => p.Key.ToString(), p => p.Value),
            },
            registration = new { total = d.RegistrationTotal, met = d.RegistrationMet, percent = d.RegistrationPercent },
            reactions = new
            {
                overall = Reactions(d.ReactionsOverall),
                byLevel = d.Reactions.ToDictionary(r => ((int)r.Level).ToString(System.Globalization.CultureInfo.InvariantCulture), Reactions),
            },
            timeToClaimSeconds = d.TimeToClaim.ToDictionary(
                t => ((int)t.Level).ToString(System.Globalization.CultureInfo.InvariantCulture),
                t => new { count = t.Count, median = t.Median?.TotalSeconds, p90 = t.P90?.TotalSeconds }),
            atRisk = d.AtRisk.Select(i => new { number = i.Number, level = (int)i.Level, organisation = i.Organisation, holder = i.Holder, leftSeconds = i.Left.TotalSeconds }),
            breached = d.Breached.Select(i => new { number = i.Number, level = (int)i.Level, organisation = i.Organisation, holder = i.Holder, leftSeconds = i.Left.TotalSeconds }),
            engineers = d.Engineers,
            reopened = d.Reopened,
        };
        return JsonSerializer.Serialize(figures, options);
    }

    private static object Reactions(LevelReactions r) => new { due = r.Due, met = r.Met, breached = r.Breached, pending = r.Pending, metPercent = r.MetPercent };
}
