using System.Globalization;
using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using NodaTime;
using NodaTime.Extensions;
using NodaTime.Text;

namespace ChatSupport.Bot.Export;

/// <summary>
/// A manager's /export as a file in the outbox: the attachment names the period and language, and the CSV is written when
/// the outbox sends it — by the same way any file crosses into a messenger (<see cref="FileTransfer"/>: spooled, within
/// <c>Files:MaxFileSize</c>, then uploaded), so an export waits out 429s and restarts like every other message.
/// </summary>
public sealed class ExportFiles(IServiceScopeFactory scopes, SlaSetup sla, TimeProvider time) : IChannelFiles
{
    /// <summary>The pseudo-messenger generated files come from.</summary>
    public static readonly ChannelKind Kind = new("Export");

    public ChannelKind Channel => Kind;

    /// <summary>The CSV of tickets registered from <paramref name="from"/> to <paramref name="to"/>, as an attachment.</summary>
    public static AttachmentRef Csv(LocalDate from, LocalDate to, Language lang) => new(
        AttachmentKind.Document,
        string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd}:{to:yyyy-MM-dd}:{(lang == Language.En ? "en" : "ru")}"),
        string.Create(CultureInfo.InvariantCulture, $"tickets-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv"),
        "text/csv",
        null,
        Kind);

    public async Task DownloadAsync(AttachmentRef file, Stream destination, CancellationToken cancellationToken)
    {
        var parts = file.FileId.Split(':');
        if (parts is not [var fromText, var toText, var langText]
            || LocalDatePattern.Iso.Parse(fromText) is not { Success: true } from || LocalDatePattern.Iso.Parse(toText) is not { Success: true } to)
        {
            throw new FileUnavailableException($"«{file.FileId}» names no export");
        }

        var opened = new List<AsyncServiceScope>();
        try
        {
            var export = new TicketExport(() =>
            {
                var scope = scopes.CreateAsyncScope();
                opened.Add(scope);
                return scope.ServiceProvider.GetRequiredService<SupportDbContext>();
            }, sla.Format);
            await export.WriteCsvAsync(destination, export.RowsAsync(from.Value, to.Value, cancellationToken), time.GetCurrentInstant(), langText == "en" ? Language.En : Language.Ru, cancellationToken);
        }
        catch (Exception ex) when (ex is not FileTooLargeException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            // An export that cannot be written must not hold the chat's queue: the manager is told instead, once.
            throw new FileUnavailableException($"the export could not be written: {ex.Message}");
        }
        finally
        {
            foreach (var scope in opened)
            {
                await scope.DisposeAsync();
            }
        }
    }
}
