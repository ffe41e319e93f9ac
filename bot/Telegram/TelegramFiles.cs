using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Channels;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace ChatSupport.Bot.Telegram;

/// <summary>Downloads files customers and engineers sent in Telegram (getFile, then the file URL), for other messengers.</summary>
public sealed class TelegramFiles(ITelegramBotClient bot) : IChannelFiles
{
    public ChannelKind Channel => ChannelKind.Telegram;

    public async Task DownloadAsync(AttachmentRef file, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            var info = await bot.GetFile(file.FileId, cancellationToken);
            if (string.IsNullOrEmpty(info.FilePath))
            {
                throw new FileUnavailableException("Telegram gave no download path for the file");
            }

            await bot.DownloadFile(info.FilePath, destination, cancellationToken);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 404)
        {
            // "file is too big" (the Bot API hands out files up to 20 MB) or an unknown/expired file_id.
            throw new FileUnavailableException($"Telegram will not hand out the file: {ex.Message}", ex);
        }
    }
}
