using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.RateLimiting;

namespace ChatSupport.Bot.Max;

/// <summary>An error answer of MAX's Bot API: HTTP status with the API's <c>{code, message}</c>.</summary>
public sealed class MaxApiException(int status, string? code, string message, TimeSpan? retryAfter = null)
    : Exception($"MAX answered {status}{(code is null ? string.Empty : " " + code)}: {message}")
{
    public int Status { get; } = status;

    public string? Code { get; } = code;

    public string ApiMessage { get; } = message;

    /// <summary>From the Retry-After header of a 429, when MAX sends one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsAttachmentNotReady => string.Equals(Code, "attachment.not.ready", StringComparison.OrdinalIgnoreCase)
        || ApiMessage.Contains("not.processed", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A thin typed client for the MAX Bot API calls the desk needs. The token travels only in the raw
/// <c>Authorization</c> header (never in a URL, so never in a log line); every request waits for the
/// client-wide rate limiter first.
/// </summary>
public sealed class MaxApiClient(HttpClient http, MaxOptions options, RateLimiter limiter)
{
    public const string HttpClientName = "max";

    /// <summary>The update kinds the bot asks MAX for.</summary>
    public static readonly IReadOnlyList<string> UpdateKinds = ["message_created", "message_edited", "message_callback", "bot_started"];

    private static readonly string UpdateTypes = string.Join(',', UpdateKinds);

    public Task<MaxBotInfo> GetMeAsync(CancellationToken cancellationToken) =>
        SendAsync<MaxBotInfo>(HttpMethod.Get, "me", null, cancellationToken);

    public Task<MaxUpdateList> GetUpdatesAsync(long? marker, int timeoutSeconds, int limit, CancellationToken cancellationToken)
    {
        var query = $"updates?limit={limit}&timeout={timeoutSeconds}&types={UpdateTypes}"
            + (marker is { } m ? "&marker=" + m.ToString(CultureInfo.InvariantCulture) : string.Empty);
        return SendAsync<MaxUpdateList>(HttpMethod.Get, query, null, cancellationToken);
    }

    /// <summary>The webhook subscriptions MAX delivers to (<c>GET /subscriptions</c>); MAX keeps several side by side.</summary>
    public async Task<IReadOnlyList<MaxSubscription>> GetSubscriptionsAsync(CancellationToken cancellationToken) =>
        (await SendAsync<MaxSubscriptionList>(HttpMethod.Get, "subscriptions", null, cancellationToken)).Subscriptions ?? [];

    /// <summary>Subscribes the bot's webhook (<c>POST /subscriptions</c>); while any subscription is active, long polling gets nothing.</summary>
    public async Task SubscribeAsync(string url, string secret, CancellationToken cancellationToken) =>
        EnsureSuccess(await SendAsync<MaxSimpleResult>(HttpMethod.Post, "subscriptions", new MaxSubscriptionRequest(url, UpdateKinds, secret), cancellationToken));

    /// <summary>Ends the subscription of one URL (<c>DELETE /subscriptions?url=…</c>).</summary>
    public async Task UnsubscribeAsync(string url, CancellationToken cancellationToken) =>
        EnsureSuccess(await SendAsync<MaxSimpleResult>(HttpMethod.Delete, "subscriptions?url=" + Uri.EscapeDataString(url), null, cancellationToken));

    /// <summary>Sends to a user (private dialog) or a chat; returns the new message's id (<c>body.mid</c>).</summary>
    public async Task<string?> SendMessageAsync(MaxRecipientRef to, MaxNewMessage message, CancellationToken cancellationToken)
    {
        var result = await SendAsync<MaxSendResult>(HttpMethod.Post, "messages?" + to.Query, message, cancellationToken);
        return result.Message?.Body?.Mid;
    }

    public async Task EditMessageAsync(string messageId, MaxNewMessage message, CancellationToken cancellationToken)
    {
        var result = await SendAsync<MaxSimpleResult>(HttpMethod.Put, "messages?message_id=" + Uri.EscapeDataString(messageId), message, cancellationToken);
        EnsureSuccess(result);
    }

    public async Task AnswerCallbackAsync(string callbackId, string? notification, CancellationToken cancellationToken)
    {
        var result = await SendAsync<MaxSimpleResult>(HttpMethod.Post, "answers?callback_id=" + Uri.EscapeDataString(callbackId),
            new MaxCallbackAnswer(string.IsNullOrEmpty(notification) ? null : notification), cancellationToken);
        EnsureSuccess(result);
    }

    /// <summary>
    /// Uploads a file (<c>POST /uploads?type=…</c>, then a multipart upload to the returned address) and
    /// returns the token to attach. Video and audio get their token from the first call; images and files
    /// from the upload's answer.
    /// </summary>
    public async Task<string> UploadAsync(string type, Stream content, string fileName, CancellationToken cancellationToken)
    {
        var endpoint = await SendAsync<MaxUploadEndpoint>(HttpMethod.Post, "uploads?type=" + type, null, cancellationToken);
        if (string.IsNullOrEmpty(endpoint.Url) || !Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uploadUri))
        {
            throw new MaxApiException(500, null, "the upload answer has no upload address");
        }

        await limiter.AcquireAsync(1, cancellationToken);
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "data", fileName);
        // The upload address is signed: the token is not sent there (as MAX's own clients do).
        using var request = new HttpRequestMessage(HttpMethod.Post, uploadUri) { Content = form };

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await ReadBodyAsync(response, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response, body);
        }

        return endpoint.Token ?? TokenFromUpload(body) ?? throw new MaxApiException(500, null, "the upload answer has no token");
    }

    /// <summary>A received video's direct links (<c>GET /videos/{token}</c>): the attachment's own address is a player page.</summary>
    public async Task<string?> GetVideoUrlAsync(string token, CancellationToken cancellationToken)
    {
        var details = await SendAsync<MaxVideoDetails>(HttpMethod.Get, "videos/" + Uri.EscapeDataString(token), null, cancellationToken);
        var urls = details.Urls;
        return urls is null ? null : urls.Mp4720 ?? urls.Mp4480 ?? urls.Mp4360 ?? urls.Mp41080 ?? urls.Mp4240 ?? urls.Mp4144;
    }

    /// <summary>Downloads a file from the address MAX gave in a received attachment (no token: it may be a CDN).</summary>
    public async Task DownloadAsync(string url, Stream destination, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new MaxApiException(400, null, "the attachment has no download address");
        }

        await limiter.AcquireAsync(1, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response, await ReadBodyAsync(response, cancellationToken));
        }

        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await source.CopyToAsync(destination, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.TryAddWithoutValidation("Authorization", options.BotToken!.Trim());
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: MaxJson.Options);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await ReadBodyAsync(response, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Error(response, text);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, MaxJson.Options) ?? throw new MaxApiException((int)response.StatusCode, null, "empty answer");
        }
        catch (JsonException ex)
        {
            // A proxy's HTML page or a truncated answer: worth another try later.
            throw new MaxApiException(502, null, $"unreadable answer ({ex.Message})");
        }
    }

    /// <summary>The body as UTF-8 whatever charset the answer claims (a proxy's odd header must not throw).</summary>
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        System.Text.Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cancellationToken));

    private static void EnsureSuccess(MaxSimpleResult result)
    {
        if (!result.Success)
        {
            // Some calls answer 200 with success: false; the message says why.
            throw new MaxApiException(400, null, result.Message ?? "success: false");
        }
    }

    private static string? TokenFromUpload(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String)
            {
                return token.GetString();
            }

            // Images: {"photos": {"<id>": {"token": "…"}}}.
            if (root.TryGetProperty("photos", out var photos) && photos.ValueKind == JsonValueKind.Object)
            {
                foreach (var photo in photos.EnumerateObject())
                {
                    if (photo.Value.ValueKind == JsonValueKind.Object && photo.Value.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String)
                    {
                        return t.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: no token.
        }

        return null;
    }

    private static MaxApiException Error(HttpResponseMessage response, string body)
    {
        MaxError? error = null;
        try
        {
            error = JsonSerializer.Deserialize<MaxError>(body, MaxJson.Options);
        }
        catch (JsonException)
        {
            // Not the API's error shape (a proxy's page): the status says enough.
        }

        var retryAfter = response.Headers.RetryAfter?.Delta;
        var message = error?.Message ?? (response.ReasonPhrase ?? "error");
        return new MaxApiException((int)response.StatusCode, error?.Code, Domain.Localization.Texts.SafeCut(message, 300),
            response.StatusCode == HttpStatusCode.TooManyRequests ? retryAfter ?? TimeSpan.FromSeconds(1) : null);
    }
}

/// <summary>Who a message goes to: a user (private dialog) or a chat.</summary>
public readonly record struct MaxRecipientRef(long? UserId, long? ChatId)
{
    /// <summary>The desk's chat id for MAX: the chat's id, or <c>u</c> + the user's id when only the user is known.</summary>
    public static MaxRecipientRef? Parse(string chatId)
    {
        if (chatId.StartsWith('u') && long.TryParse(chatId.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var user) && user > 0)
        {
            return new MaxRecipientRef(user, null);
        }

        return long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chat) && chat != 0 ? new MaxRecipientRef(null, chat) : null;
    }

    public string Query => UserId is { } user
        ? "user_id=" + user.ToString(CultureInfo.InvariantCulture)
        : "chat_id=" + ChatId!.Value.ToString(CultureInfo.InvariantCulture);
}
