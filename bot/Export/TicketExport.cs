using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Export;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Bot.Export;

/// <summary>
/// The tickets registered in a period, for managers: streamed from the database in three ordered reads (tickets, their
/// first reaction windows, their level changes) merged by ticket, so 100,000 tickets cost the memory of one. Written as
/// CSV the way Excel in a Russian locale opens as columns — CsvHelper, UTF-8 with a BOM, «;» between cells, a cell that
/// would start a formula escaped — or as JSON lines of the same fields.
/// </summary>
public sealed class TicketExport(Func<SupportDbContext> open, SupportTimeFormat format)
{
    /// <summary>The rows of tickets registered from the start of <paramref name="from"/> to the end of <paramref name="to"/> (provider's zone), by number.</summary>
    public async IAsyncEnumerable<TicketExportRow> RowsAsync(LocalDate from, LocalDate to, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (start, end) = Domain.Digest.DigestCalculator.Bounds(from, to, format.Zone);
        await using var ticketsDb = open();
        await using var windowsDb = open();
        await using var eventsDb = open();
        var tickets = ticketsDb.Tickets.AsNoTracking().Where(t => t.Registered >= start && t.Registered < end).OrderBy(t => t.Id)
            .Select(t => new
            {
                t.Id, t.Number, t.Customer.Channel, t.Customer.Organisation, t.Customer.Name, t.Category, t.Level, t.Status, t.Received, t.Registered,
                t.HolderName, t.ResolvedAt, t.ClosedAt, t.ReopenCount, t.SatisfactionScore, t.SatisfactionComment,
            })
            .AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken);
        var windows = (from w in windowsDb.Set<ReactionWindow>().AsNoTracking()
                       join t in windowsDb.Tickets on w.TicketId equals t.Id
                       where t.Registered >= start && t.Registered < end && w.Sequence == 1
                       orderby w.TicketId
                       select new { w.TicketId, w.Deadline.At, w.Deadline.EndOfDay, w.ClaimedAt })
            .AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken);
        var changes = (from e in eventsDb.Set<TicketEvent>().AsNoTracking()
                       join t in eventsDb.Tickets on e.TicketId equals t.Id
                       where t.Registered >= start && t.Registered < end && e.Kind == TicketEventKind.LevelChanged
                       orderby e.TicketId, e.Id
                       select new { e.TicketId, e.At, e.Data })
            .AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasWindow = await windows.MoveNextAsync();
            var hasChange = await changes.MoveNextAsync();
            while (await tickets.MoveNextAsync())
            {
                var t = tickets.Current;
                while (hasWindow && windows.Current.TicketId < t.Id)
                {
                    hasWindow = await windows.MoveNextAsync();
                }

                var window = hasWindow && windows.Current.TicketId == t.Id ? windows.Current : null;
                var levels = new List<LevelChange>();
                while (hasChange && changes.Current.TicketId <= t.Id)
                {
                    if (changes.Current is { } c && c.TicketId == t.Id && c.Data.PreviousLevel is { } before && c.Data.Level is { } after)
                    {
                        levels.Add(new LevelChange(before, after, c.At));
                    }

                    hasChange = await changes.MoveNextAsync();
                }

                yield return new TicketExportRow(
                    t.Number, t.Channel, t.Organisation, t.Name, t.Category, t.Level, levels, t.Status, t.Received, t.Registered,
                    window is null ? null : Deadline.Restore(window.At, window.EndOfDay), window?.ClaimedAt, t.HolderName, t.ResolvedAt, t.ClosedAt,
                    t.ReopenCount, t.SatisfactionScore, t.SatisfactionComment);
            }
        }
        finally
        {
            await tickets.DisposeAsync();
            await windows.DisposeAsync();
            await changes.DisposeAsync();
        }
    }

    /// <summary>CSV for Excel: UTF-8 with a BOM, «;», a header row even with no tickets. Returns the number of rows.</summary>
    public async Task<int> WriteCsvAsync(Stream output, IAsyncEnumerable<TicketExportRow> rows, Instant now, Language lang, CancellationToken cancellationToken = default)
    {
        var options = new CsvWriterOptions
        {
            Separator = ';',
            WriteByteOrderMark = true,
            // «=HYPERLINK(…)» as an organisation's name must stay text in Excel.
            Injection = CsvInjection.Escape,
        };
        await using var csv = CsvWriter.Create(output, options, leaveOpen: true);
        foreach (var name in ExportTexts.Header(lang))
        {
            csv.WriteField(name);
        }

        csv.EndRecord();
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            foreach (var cell in ExportTexts.Cells(row, format, now, lang))
            {
                csv.WriteField(cell);
            }

            csv.EndRecord();
            if (++count % 1000 == 0)
            {
                await csv.FlushAsync(cancellationToken);
            }
        }

        await csv.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>JSON: an array of objects keyed by the header's English names in camel case. Returns the number of rows.</summary>
    public async Task<int> WriteJsonAsync(Stream output, IAsyncEnumerable<TicketExportRow> rows, Instant now, CancellationToken cancellationToken = default)
    {
        var keys = ExportTexts.Header(Language.En).Select(JsonKey).ToList();
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        var count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            var cells = ExportTexts.Cells(row, format, now, Language.En);
            for (var i = 0; i < keys.Count; i++)
            {
                json.WriteString(keys[i], cells[i]);
            }

            json.WriteEndObject();
            if (++count % 1000 == 0)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>«Reaction deadline» → «reactionDeadline», «Reopened, times» → «reopenedTimes».</summary>
    private static string JsonKey(string header)
    {
        var words = header.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return string.Concat(words.Select((w, i) => i == 0 ? w.ToLowerInvariant() : char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant()));
    }
}
