using System.Security.Cryptography;
using System.Text;
using ChatSupport.Bot.Pipeline;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Channels;

/// <summary>
/// What a messenger's webhook does with each POST, whichever messenger it is: the secret header compared in constant
/// time (401, and nothing read, otherwise), the body at most <see cref="MaxBody"/> (400 beyond, or when the messenger's
/// parser says it is not an update), mapped as a polled update is and handled through the same pipeline, batched with
/// the requests that arrived meanwhile (<see cref="PushedUpdates"/>). 200 only once that transaction committed — so the
/// messenger sends again what a dying replica did not finish — and 503 when not even the update could be recorded (the
/// database is away; nginx then tries another replica). A re-delivered update is recognised by its key, on whichever
/// replica it lands. Refusals are logged at most once a minute per messenger and kind, never with the secret.
/// </summary>
public static partial class WebhookEndpoint
{
    /// <summary>The largest update body taken (updates are a few kilobytes; files come by reference).</summary>
    public const int MaxBody = 1024 * 1024;

    /// <summary>
    /// One messenger's reading of a body: false when it is not an update at all (400); true with null for an update of
    /// a kind the desk does not handle (taken, 200, nothing to do).
    /// </summary>
    public delegate bool Parse(byte[] body, out IncomingUpdate? update);

    public static void Map(WebApplication app, string messenger, string path, string secretHeader, string secret, Parse parse)
    {
        // Compared as SHA-256 hashes: equal lengths always, so not even the secret's length shows in the timing.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        app.MapPost(path, async (HttpContext http, PushedUpdates pushed, FaultLog faults, ILoggerFactory loggers) =>
        {
            var given = SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.Headers[secretHeader].ToString()));
            if (!CryptographicOperations.FixedTimeEquals(given, expected))
            {
                if (faults.ShouldLog(messenger + " webhook secret", out var held))
                {
                    LogBadSecret(Logger(loggers), messenger, http.Connection.RemoteIpAddress?.ToString() ?? "?", held);
                }

                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            var body = await ReadAsync(http.Request, MaxBody, http.RequestAborted);
            IncomingUpdate? incoming = null;
            if (body is null || !parse(body, out incoming))
            {
                if (faults.ShouldLog(messenger + " webhook body", out var held))
                {
                    LogBadBody(Logger(loggers), messenger, body is null ? "over 1 MB" : "not an update", held);
                }

                return Results.BadRequest();
            }

            if (incoming is null)
            {
                // A kind the bot does not handle: taken, nothing to do.
                return Results.Ok();
            }

            try
            {
                // Handled with the others that arrived meanwhile, in one transaction; answered once it committed.
                await pushed.ProcessAsync(incoming);
                return Results.Ok();
            }
            catch (UpdateNotRecordedException)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
        });
    }

    /// <summary>
    /// One messenger's JSON update read by its own serializer settings and mapped by its own mapper — the same two a
    /// polled update goes through: false when the body is no update at all.
    /// </summary>
    public static bool TryParse<T>(byte[] body, System.Text.Json.JsonSerializerOptions json, Func<T, IncomingUpdate?> map, out IncomingUpdate? update)
        where T : class
    {
        update = null;
        T? parsed;
        try
        {
            parsed = System.Text.Json.JsonSerializer.Deserialize<T>(body, json);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            return false;
        }

        if (parsed is null)
        {
            return false;
        }

        update = map(parsed);
        return true;
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(WebhookEndpoint).FullName!);

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(LogLevel.Warning, "{Messenger} webhook: a request from {Remote} without the right secret was refused with 401 ({Held} more since the last line)")]
    private static partial void LogBadSecret(ILogger logger, string messenger, string remote, int held);

    [LoggerMessage(LogLevel.Warning, "{Messenger} webhook: a request whose body is {Problem} was refused with 400 ({Held} more since the last line)")]
    private static partial void LogBadBody(ILogger logger, string messenger, string problem, int held);
}
