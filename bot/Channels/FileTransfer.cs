using System.Globalization;
using ChatSupport.Bot.Configuration;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Channels;

/// <summary>
/// Moves a file from the messenger that holds it to another one: streams the download into a temporary
/// file (memory stays flat whatever the size; the upload can be repeated), stopping at the configured limit.
/// </summary>
public sealed class FileTransfer(IEnumerable<IChannelFiles> sources, FileTransferOptions options)
{
    private readonly Dictionary<ChannelKind, IChannelFiles> _sources = sources.ToDictionary(s => s.Channel);

    public long MaxBytes => options.MaxBytes;

    /// <summary>True when the messenger already told the file's size and it is over the limit.</summary>
    public bool IsKnownTooLarge(AttachmentRef file) => file.Size > MaxBytes;

    /// <summary>
    /// Splits files bound for <paramref name="to"/> into those that can go and those known to be over the limit
    /// (files staying in their own messenger are re-sent by reference: no limit applies).
    /// </summary>
    public (IReadOnlyList<AttachmentRef> Kept, IReadOnlyList<AttachmentRef> TooLarge) Split(IReadOnlyList<AttachmentRef> files, ChannelKind to)
    {
        if (files.All(f => f.Channel == to || !IsKnownTooLarge(f)))
        {
            return (files, []);
        }

        return ([.. files.Where(f => f.Channel == to || !IsKnownTooLarge(f))], [.. files.Where(f => f.Channel != to && IsKnownTooLarge(f))]);
    }

    /// <summary>
    /// Sends a file that lives in another messenger: fetches it and hands it to <paramref name="upload"/>.
    /// A file over the limit or gone for good is replaced by <paramref name="sendNotice"/> (the recipient learns
    /// a file was not forwarded); a failed download is transient, so the outbox tries again.
    /// </summary>
    public async Task<SendResult> SendForeignAsync(
        AttachmentRef file, Func<SpooledFile, Task<SendResult>> upload, Func<Task<SendResult>> sendNotice, CancellationToken cancellationToken)
    {
        SpooledFile spooled;
        try
        {
            spooled = await FetchAsync(file, cancellationToken);
        }
        catch (Exception ex) when (ex is FileTooLargeException or FileUnavailableException)
        {
            return await sendNotice();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"downloading the file from {file.Channel} failed: {ex.Message}");
        }

        await using (spooled)
        {
            return await upload(spooled);
        }
    }

    public async Task<SpooledFile> FetchAsync(AttachmentRef file, CancellationToken cancellationToken)
    {
        if (IsKnownTooLarge(file))
        {
            throw new FileTooLargeException(MaxBytes);
        }

        if (!_sources.TryGetValue(file.Channel, out var source))
        {
            throw new FileUnavailableException($"no {file.Channel} channel is configured to download the file from");
        }

        var stream = CreateSpool();
        try
        {
            await using (var limited = new LimitedWriteStream(stream, MaxBytes))
            {
                await source.DownloadAsync(file, limited, cancellationToken);
            }

            stream.Position = 0;
            return new SpooledFile(stream, file);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private static readonly Lock SpoolGate = new();
    private static bool _spoolSwept;

    /// <summary>
    /// The folder for files in transit (owner-only). Files are deleted when closed; what a crash left behind is
    /// swept once per process (anything older than a day: no transfer takes that long).
    /// </summary>
    /// <summary>
    /// A new temporary file in the bot's own spool directory, readable by this user only and gone when closed: where
    /// customers' files and letters wait on their way (memory stays flat whatever their size).
    /// </summary>
    public static FileStream CreateSpool()
    {
        var path = Path.Combine(SpoolDirectory(), Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture));
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            // Customers' files are nobody else's business on this machine.
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, create);
    }

    private static string SpoolDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-files");
        lock (SpoolGate)
        {
            if (!Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            if (!_spoolSwept)
            {
                _spoolSwept = true;
                // File times are real time, whatever clock the desk runs on (the demo travels).
                var old = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1);
                foreach (var file in new DirectoryInfo(directory).EnumerateFiles().Where(f => f.LastWriteTimeUtc < old))
                {
                    try
                    {
                        file.Delete();
                    }
                    catch (IOException)
                    {
                        // In use or gone: the next start tries again.
                    }
                }
            }
        }

        return directory;
    }

    /// <summary>Passes writes through until the limit, then throws <see cref="FileTooLargeException"/>.</summary>
    private sealed class LimitedWriteStream(Stream inner, long limit) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count(buffer.Length);
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        // The inner stream belongs to the caller.
        protected override void Dispose(bool disposing)
        {
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private void Count(int bytes)
        {
            _written += bytes;
            if (_written > limit)
            {
                throw new FileTooLargeException(limit);
            }
        }
    }
}
