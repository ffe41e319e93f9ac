using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Max;

/// <summary>Downloads files MAX customers sent (from the address in the attachment), for engineers in Telegram.</summary>
public sealed class MaxFiles(MaxApiClient api) : IChannelFiles
{
    public ChannelKind Channel => ChannelKind.Max;

    public async Task DownloadAsync(AttachmentRef file, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            // A video's address is a player; its direct links come from GET /videos/{token}.
            var url = file.Kind == AttachmentKind.Video ? await api.GetVideoUrlAsync(file.FileId, cancellationToken) ?? file.Url : file.Url;
            if (url is null)
            {
                throw new FileUnavailableException("MAX gave no download address for the file");
            }

            await api.DownloadAsync(url, destination, cancellationToken);
        }
        catch (MaxApiException ex) when (ex.Status is 400 or 403 or 404 or 410)
        {
            throw new FileUnavailableException($"MAX will not hand out the file: {ex.Message}", ex);
        }
    }
}
