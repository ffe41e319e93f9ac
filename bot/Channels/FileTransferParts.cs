using System.Globalization;
using ChatSupport.Bot.Configuration;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Channels;

/// <summary>The inbound half of a messenger adapter for files: downloads a file the messenger holds.</summary>
public interface IChannelFiles
{
    ChannelKind Channel { get; }

    /// <summary>
    /// Writes the file's bytes to <paramref name="destination"/>. Throws <see cref="FileUnavailableException"/>
    /// when the messenger will never give it (gone, too big for its download API); anything else may pass.
    /// </summary>
    Task DownloadAsync(AttachmentRef file, Stream destination, CancellationToken cancellationToken);
}

/// <summary>The <c>Files</c> configuration section: how big a file may be to cross from one messenger to another.</summary>
public sealed class FileTransferOptions
{
    public const string Section = "Files";

    /// <summary>Telegram's Bot API hands out files up to 20 MB.</summary>
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary><c>Files:MaxFileSize</c> (<c>20MB</c>, <c>512KB</c>); the older <c>Files:MaxSizeMegabytes</c> still works, with a note.</summary>
    public static FileTransferOptions FromConfiguration(IConfiguration configuration, ConfigurationNotes notes)
    {
        var size = configuration.GetByteSize($"{Section}:MaxFileSize", 1024, 2000L * 1024 * 1024);
        if (size is null && configuration.GetInt($"{Section}:MaxSizeMegabytes", 1, 2000) is { } megabytes)
        {
            size = megabytes * 1024L * 1024L;
            notes.Renamed($"{Section}:MaxSizeMegabytes", $"{Section}:MaxFileSize", $"{megabytes}MB");
        }

        return new() { MaxBytes = size ?? DefaultMaxBytes };
    }
}

/// <summary>A file the messenger will never hand over (deleted, expired, larger than its download API allows).</summary>
public sealed class FileUnavailableException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>A file larger than <c>Files:MaxFileSize</c>.</summary>
public sealed class FileTooLargeException(long limit) : IOException($"the file is larger than {limit / (1024 * 1024)} MB")
{
    public long Limit { get; } = limit;
}

/// <summary>A downloaded file spooled to a private temporary file (deleted when disposed), ready to upload.</summary>
public sealed class SpooledFile(FileStream content, AttachmentRef file) : IAsyncDisposable
{
    public Stream Content => content;

    public AttachmentRef File => file;

    public string FileName => file.DisplayName;

    public long Length => content.Length;

    public ValueTask DisposeAsync() => content.DisposeAsync();
}
