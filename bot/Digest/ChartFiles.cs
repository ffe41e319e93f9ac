using System.Globalization;
using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using NodaTime;
using NodaTime.Text;

namespace ChatSupport.Bot.Digest;

/// <summary>
/// The digest's chart as a file in the outbox: the attachment names the day and language, and the PNG is drawn when the
/// outbox sends it (through <see cref="FileTransfer"/>, like any file crossing into a messenger).
/// </summary>
public sealed class ChartFiles(IServiceScopeFactory scopes) : IChannelFiles
{
    /// <summary>The pseudo-messenger drawn pictures come from.</summary>
    public static readonly ChannelKind Kind = new("Chart");

    public ChannelKind Channel => Kind;

    /// <summary>The chart of the 14 days ending on <paramref name="day"/>, as an attachment.</summary>
    public static AttachmentRef Png(LocalDate day, Language lang) => new(
        AttachmentKind.Photo,
        string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd}:{(lang == Language.En ? "en" : "ru")}"),
        string.Create(CultureInfo.InvariantCulture, $"digest-{day:yyyy-MM-dd}.png"),
        "image/png",
        null,
        Kind);

    /// <summary>The chart of every day of <paramref name="month"/>, as an attachment.</summary>
    public static AttachmentRef MonthPng(YearMonth month, Language lang) => new(
        AttachmentKind.Photo,
        string.Create(CultureInfo.InvariantCulture, $"month:{YearMonthPattern.Iso.Format(month)}:{(lang == Language.En ? "en" : "ru")}"),
        string.Create(CultureInfo.InvariantCulture, $"report-{YearMonthPattern.Iso.Format(month)}.png"),
        "image/png",
        null,
        Kind);

    public async Task DownloadAsync(AttachmentRef file, Stream destination, CancellationToken cancellationToken)
    {
        var parts = file.FileId.Split(':');
        var lang = parts[^1] == "en" ? Language.En : Language.Ru;
        byte[] png;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var digests = scope.ServiceProvider.GetRequiredService<DigestService>();
            png = parts switch
            {
                ["month", var monthText, _] when YearMonthPattern.Iso.Parse(monthText) is { Success: true } month => await digests.MonthChartAsync(month.Value, lang, cancellationToken),
                [var dayText, _] when LocalDatePattern.Iso.Parse(dayText) is { Success: true } day => await digests.ChartAsync(day.Value, lang, cancellationToken),
                _ => throw new FileUnavailableException($"«{file.FileId}» names no chart"),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A picture that cannot be drawn must not hold the digest back: its text goes alone, saying so.
            throw new FileUnavailableException($"the chart could not be drawn: {ex.Message}");
        }

        await destination.WriteAsync(png, cancellationToken);
    }
}
