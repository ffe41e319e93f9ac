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

    public async Task DownloadAsync(AttachmentRef file, Stream destination, CancellationToken cancellationToken)
    {
        if (file.FileId.Split(':') is not [var dayText, var langText] || LocalDatePattern.Iso.Parse(dayText) is not { Success: true } day)
        {
            throw new FileUnavailableException($"«{file.FileId}» names no chart");
        }

        byte[] png;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            png = await scope.ServiceProvider.GetRequiredService<DigestService>().ChartAsync(day.Value, langText == "en" ? Language.En : Language.Ru, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A picture that cannot be drawn must not hold the digest back: its text goes alone, saying so.
            throw new FileUnavailableException($"the chart could not be drawn: {ex.Message}");
        }

        await destination.WriteAsync(png, cancellationToken);
    }
}
