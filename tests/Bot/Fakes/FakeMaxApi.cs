using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>A call the bot made to the fake MAX API: method, path, query and JSON body.</summary>
public sealed record MaxCall(string Method, string Path, IReadOnlyDictionary<string, string> Query, JsonObject Body, string? MessageId)
{
    public string Text => Body["text"]?.GetValue<string>() ?? string.Empty;

    public long ChatId => Query.TryGetValue("chat_id", out var c) ? long.Parse(c, CultureInfo.InvariantCulture)
        : Query.TryGetValue("user_id", out var u) ? FakeMaxApi.DialogOf(long.Parse(u, CultureInfo.InvariantCulture)) : 0;

    /// <summary>The inline keyboard's buttons: label → payload.</summary>
    public IReadOnlyDictionary<string, string> Buttons =>
        (Body["attachments"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(a => a["type"]?.GetValue<string>() == "inline_keyboard")
            .SelectMany(a => (a["payload"]?["buttons"] as JsonArray ?? []).OfType<JsonArray>().SelectMany(r => r.OfType<JsonObject>()))
            .ToDictionary(b => b["text"]!.GetValue<string>(), b => b["payload"]!.GetValue<string>());

    /// <summary>The file attachments (type, token).</summary>
    public IReadOnlyList<(string Type, string Token)> Files =>
        [.. (Body["attachments"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(a => a["type"]?.GetValue<string>() is "image" or "file" or "video" or "audio")
            .Select(a => (a["type"]!.GetValue<string>(), a["payload"]?["token"]?.GetValue<string>() ?? string.Empty))];
}

/// <summary>
/// A MAX Bot API stand-in on 127.0.0.1 that follows the public schema: the raw <c>Authorization</c> token,
/// <c>GET /updates</c> with markers (a batch is confirmed by asking with its marker), messages, edits, callback
/// answers, two-step uploads whose token is «not ready» for the first sends, file downloads, and injected
/// 429 / 503 answers.
/// </summary>
public sealed class FakeMaxApi : IAsyncDisposable
{
    public const string Token = "max-test-token-0123456789abcdef";

    /// <summary>A user's private dialog with the bot has its own chat id (never equal to the user id).</summary>
    public static long DialogOf(long userId) => 9_000_000 + userId;

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<(long Seq, JsonObject Update)> _updates = [];
    private readonly ConcurrentQueue<MaxCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, int RetryAfter)>> _faults = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, int> _notReady = new();
    private readonly ConcurrentDictionary<string, string> _videos = new();
    private readonly ConcurrentDictionary<long, bool> _blocked = new();
    private TaskCompletionSource _updatesArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _callMade = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextSeq;
    private long _confirmed;
    private int _nextMessage;
    private int _nextUpload;

    private FakeMaxApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<MaxCall> Calls => [.. _calls];

    /// <summary>Bytes uploaded by the bot, by token.</summary>
    public ConcurrentDictionary<string, (string Type, string Name, byte[] Content)> Uploads { get; } = new();

    /// <summary>How many sends with a fresh upload's token answer «attachment.not.ready» first.</summary>
    public int NotReadyTimes { get; set; } = 2;

    /// <summary>Every update up to this marker was confirmed by the bot.</summary>
    public long ConfirmedMarker => Interlocked.Read(ref _confirmed);

    public static async Task<FakeMaxApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeMaxApi(app);
        app.Map("/{**path}", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>The next <paramref name="count"/> calls to <paramref name="path"/> answer with this status (429 with Retry-After).</summary>
    public void FailNext(string path, int status, int count = 1, int retryAfter = 1)
    {
        var queue = _faults.GetOrAdd(path, _ => new ConcurrentQueue<(int, int)>());
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue((status, retryAfter));
        }
    }

    /// <summary>The user blocked the bot (or never started it): messages to their dialog answer 403.</summary>
    public void Block(long userId) => _blocked[DialogOf(userId)] = true;

    // ----- what users do -----

    public long Enqueue(JsonObject update)
    {
        lock (_gate)
        {
            var seq = ++_nextSeq;
            _updates.Add((seq, update));
            _updatesArrived.TrySetResult();
            return seq;
        }
    }

    public long UserStarts(long userId, string name = "Борис") => Enqueue(new JsonObject
    {
        ["update_type"] = "bot_started",
        ["timestamp"] = NowMs(),
        ["chat_id"] = DialogOf(userId),
        ["user"] = User(userId, name),
        ["user_locale"] = "ru",
    });

    public long UserSends(long userId, string? text, string name = "Борис", JsonArray? attachments = null, string locale = "ru", string chatType = "dialog", long? chatId = null)
    {
        var mid = "mid.in." + Interlocked.Increment(ref _nextMessage).ToString(CultureInfo.InvariantCulture);
        return Enqueue(new JsonObject
        {
            ["update_type"] = "message_created",
            ["timestamp"] = NowMs(),
            ["message"] = new JsonObject
            {
                ["sender"] = User(userId, name),
                ["recipient"] = new JsonObject { ["chat_id"] = chatId ?? DialogOf(userId), ["chat_type"] = chatType, ["user_id"] = 1 },
                ["timestamp"] = NowMs(),
                ["body"] = new JsonObject { ["mid"] = mid, ["seq"] = 1, ["text"] = text, ["attachments"] = attachments ?? [] },
            },
            ["user_locale"] = locale,
        });
    }

    /// <summary>The user sends a video: its own address is a player page; the bytes come from GET /videos/{token}'s links.</summary>
    public long UserSendsVideo(long userId, byte[] content, string name = "Борис")
    {
        var key = "in-" + Guid.NewGuid().ToString("N");
        _files[key] = content;
        _videos["tok-" + key] = $"{BaseUrl}/files/{key}";
        return UserSends(userId, null, name, [new JsonObject
        {
            ["type"] = "video",
            ["payload"] = new JsonObject { ["url"] = $"{BaseUrl}/player/{key}", ["token"] = "tok-" + key },
            ["width"] = 640,
            ["height"] = 360,
            ["duration"] = 12,
        }]);
    }

    /// <summary>The user sends a file (an image or a document) that the bot can download from this fake.</summary>
    public long UserSendsFile(long userId, byte[] content, string fileName, bool image, string? caption = null, string name = "Борис")
    {
        var key = "in-" + Guid.NewGuid().ToString("N");
        _files[key] = content;
        var payload = new JsonObject { ["url"] = $"{BaseUrl}/files/{key}", ["token"] = "tok-" + key };
        var attachment = image
            ? new JsonObject { ["type"] = "image", ["payload"] = payload.DeepClone() }
            : new JsonObject { ["type"] = "file", ["payload"] = payload.DeepClone(), ["filename"] = fileName, ["size"] = content.Length };
        if (image)
        {
            attachment["payload"]!["photo_id"] = 77;
        }

        return UserSends(userId, caption, name, [attachment]);
    }

    public long UserPresses(long userId, string messageId, string payload, string name = "Борис") => Enqueue(new JsonObject
    {
        ["update_type"] = "message_callback",
        ["timestamp"] = NowMs(),
        ["callback"] = new JsonObject
        {
            ["timestamp"] = NowMs(),
            ["callback_id"] = "cb." + Guid.NewGuid().ToString("N"),
            ["payload"] = payload,
            ["user"] = User(userId, name),
        },
        ["message"] = new JsonObject
        {
            ["sender"] = User(1, "ChatSupport", isBot: true),
            ["recipient"] = new JsonObject { ["chat_id"] = DialogOf(userId), ["chat_type"] = "dialog", ["user_id"] = userId },
            ["timestamp"] = NowMs(),
            ["body"] = new JsonObject { ["mid"] = messageId, ["seq"] = 1, ["text"] = "…" },
        },
        ["user_locale"] = "ru",
    });

    // ----- what the bot did -----

    /// <summary>Messages (POST /messages) the bot sent to a user's dialog, in order.</summary>
    public IReadOnlyList<MaxCall> SentTo(long userId) =>
        [.. Calls.Where(c => c.Method == "POST" && c.Path == "messages" && c.MessageId is not null && c.ChatId == DialogOf(userId))];

    public async Task<MaxCall> WaitForAsync(Func<MaxCall, bool> match, string what, TimeSpan? timeout = null, int after = 0)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _callMade.Task;
            }

            if (Calls.Skip(after).FirstOrDefault(match) is { } call)
            {
                return call;
            }

            var left = deadline - TimeProvider.System.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The bot did not {what} on MAX. Calls: {string.Join(" | ", Calls.TakeLast(15).Select(c => $"{c.Method} {c.Path} {c.Body.ToJsonString()}"))}");
            }

            await Task.WhenAny(changed, Task.Delay(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200)));
        }
    }

    public async Task<MaxCall> WaitForMessageAsync(long userId, int count, TimeSpan? timeout = null)
    {
        await WaitForAsync(_ => SentTo(userId).Count >= count, $"send message {count} to MAX user {userId}", timeout);
        return SentTo(userId)[count - 1];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var url in SubscribedUrls)
        {
            Unsubscribe(url);
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ----- the server -----

    private async Task HandleAsync(HttpContext context, string path)
    {
        var request = context.Request;
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        if (path.StartsWith("files/", StringComparison.Ordinal))
        {
            // Downloads: signed addresses, no token needed.
            if (_files.TryGetValue(path["files/".Length..], out var bytes))
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(bytes);
            }
            else
            {
                await Error(context, 404, "not.found", "File not found");
            }

            return;
        }

        if (path.StartsWith("upload/", StringComparison.Ordinal))
        {
            await ReceiveUploadAsync(context, path["upload/".Length..], query);
            return;
        }

        if (request.Headers.Authorization.ToString() != Token || request.Query.ContainsKey("access_token"))
        {
            await Error(context, 401, "verify.token", "Invalid access_token");
            return;
        }

        var body = await ReadJsonAsync(request);
        if (_faults.TryGetValue(path, out var queue) && queue.TryDequeue(out var fault))
        {
            Record(request.Method, path, query, body, null);
            if (fault.Status == 429)
            {
                context.Response.Headers.RetryAfter = fault.RetryAfter.ToString(CultureInfo.InvariantCulture);
                await Error(context, 429, "too.many.requests", "Too many requests");
            }
            else
            {
                await Error(context, fault.Status, "internal.error", "Service unavailable");
            }

            return;
        }

        switch (request.Method, path)
        {
            case ("GET", _) when path.StartsWith("videos/", StringComparison.Ordinal):
                Record("GET", path, query, body, null);
                if (_videos.TryGetValue(path["videos/".Length..], out var direct))
                {
                    await Write(context, 200, new JsonObject { ["token"] = path["videos/".Length..], ["urls"] = new JsonObject { ["mp4_720"] = direct }, ["width"] = 640, ["height"] = 360, ["duration"] = 12 });
                }
                else
                {
                    await Error(context, 404, "not.found", "Video not found");
                }

                return;
            case ("GET", "me"):
                await Write(context, 200, User(1, "ChatSupport", isBot: true));
                return;
            case ("GET", "updates"):
                await UpdatesAsync(context, query);
                return;
            case ("GET", "subscriptions"):
                Record("GET", path, query, body, null);
                JsonArray list;
                lock (_gate)
                {
                    list = new JsonArray([.. _subscriptions.Values.Select(s => (JsonNode)new JsonObject
                    {
                        ["url"] = s.Url,
                        ["time"] = s.Time,
                        ["update_types"] = new JsonArray([.. s.Types.Select(t => (JsonNode)t)]),
                    })]);
                }

                await Write(context, 200, new JsonObject { ["subscriptions"] = list });
                return;
            case ("POST", "subscriptions"):
                // Recorded once done, so a test that saw the call sees its effect too.
                await SubscribeAsync(context, body);
                Record("POST", path, query, body, null);
                return;
            case ("DELETE", "subscriptions"):
                Unsubscribe(query.GetValueOrDefault("url", string.Empty));
                Record("DELETE", path, query, body, null);
                await Write(context, 200, new JsonObject { ["success"] = true });
                return;
            case ("POST", "messages"):
                await SendMessageAsync(context, query, body);
                return;
            case ("PUT", "messages"):
                Record("PUT", path, query, body, query.GetValueOrDefault("message_id"));
                await Write(context, 200, query.GetValueOrDefault("message_id", string.Empty).StartsWith("mid.", StringComparison.Ordinal)
                    ? new JsonObject { ["success"] = true }
                    : new JsonObject { ["success"] = false, ["message"] = "Message not found" });
                return;
            case ("POST", "answers"):
                Record("POST", path, query, body, null);
                await Write(context, 200, new JsonObject { ["success"] = true });
                return;
            case ("POST", "uploads"):
                Record("POST", path, query, body, null);
                var n = Interlocked.Increment(ref _nextUpload);
                var type = query.GetValueOrDefault("type", "file");
                var answer = new JsonObject { ["url"] = $"{BaseUrl}/upload/{n}?type={type}" };
                if (type is "video" or "audio")
                {
                    answer["token"] = $"tok-up-{n}";
                }

                await Write(context, 200, answer);
                return;
            default:
                await Error(context, 404, "not.found", $"{request.Method} /{path} is not a method");
                return;
        }
    }

    private async Task SendMessageAsync(HttpContext context, Dictionary<string, string> query, JsonObject body)
    {
        var chatText = query.GetValueOrDefault("chat_id") ?? (query.TryGetValue("user_id", out var u) ? DialogOf(long.Parse(u, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture) : null);
        if (!long.TryParse(chatText, CultureInfo.InvariantCulture, out var chatId))
        {
            Record("POST", "messages", query, body, null);
            await Error(context, 400, "proto.payload", "chat_id or user_id is required");
            return;
        }

        if (_blocked.ContainsKey(chatId))
        {
            Record("POST", "messages", query, body, null);
            await Error(context, 403, "chat.denied", "dialog.suspended: the user has not started the bot or blocked it");
            return;
        }

        var text = body["text"]?.GetValue<string>();
        if (text is { Length: > 4000 })
        {
            Record("POST", "messages", query, body, null);
            await Error(context, 400, "proto.payload", "text: size must be between 0 and 4000");
            return;
        }

        foreach (var (_, token) in new MaxCall("POST", "messages", query, body, null).Files)
        {
            if (!Uploads.ContainsKey(token) && !token.StartsWith("tok-in-", StringComparison.Ordinal))
            {
                Record("POST", "messages", query, body, null);
                await Error(context, 400, "proto.payload", "unknown attachment token");
                return;
            }

            if (_notReady.TryGetValue(token, out var left) && left > 0)
            {
                _notReady[token] = left - 1;
                Record("POST", "messages", query, body, null);
                await Error(context, 400, "attachment.not.ready", "Key: errors.process.attachment.file.not.processed");
                return;
            }
        }

        var mid = "mid.out." + Interlocked.Increment(ref _nextMessage).ToString(CultureInfo.InvariantCulture);
        Record("POST", "messages", query, body, mid);
        await Write(context, 200, new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["sender"] = User(1, "ChatSupport", isBot: true),
                ["recipient"] = new JsonObject { ["chat_id"] = chatId, ["chat_type"] = "dialog" },
                ["timestamp"] = NowMs(),
                ["body"] = new JsonObject { ["mid"] = mid, ["seq"] = 1, ["text"] = text },
            },
        });
    }

    private async Task ReceiveUploadAsync(HttpContext context, string id, Dictionary<string, string> query)
    {
        if (!context.Request.HasFormContentType)
        {
            await Error(context, 400, "proto.payload", "multipart/form-data expected");
            return;
        }

        var form = await context.Request.ReadFormAsync();
        if (form.Files.GetFile("data") is not { } file)
        {
            await Error(context, 400, "proto.payload", "the file goes in the «data» field");
            return;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var type = query.GetValueOrDefault("type", "file");
        var token = type is "video" or "audio" ? $"tok-up-{id}" : $"tok-{type}-{id}";
        Uploads[token] = (type, file.FileName, buffer.ToArray());
        _notReady[token] = NotReadyTimes;
        Record("POST", "upload/" + id, query, new JsonObject { ["name"] = file.FileName, ["bytes"] = buffer.Length }, null);
        await Write(context, 200, type == "image"
            ? new JsonObject { ["photos"] = new JsonObject { ["p" + id] = new JsonObject { ["token"] = token } } }
            : new JsonObject { ["token"] = token });
    }

    private async Task UpdatesAsync(HttpContext context, Dictionary<string, string> query)
    {
        if (SubscribedUrls.Count > 0)
        {
            // «При активной подписке Long Polling не работает»: the updates go to the webhook.
            Record("GET", "updates", query, [], null);
            await Write(context, 200, new JsonObject { ["updates"] = new JsonArray(), ["marker"] = Interlocked.Read(ref _confirmed) });
            return;
        }

        if (query.TryGetValue("marker", out var markerText) && long.TryParse(markerText, CultureInfo.InvariantCulture, out var marker))
        {
            // Asking with a marker confirms everything up to it.
            lock (_gate)
            {
                _confirmed = Math.Max(_confirmed, marker);
            }
        }

        var limit = Math.Clamp(int.TryParse(query.GetValueOrDefault("limit"), CultureInfo.InvariantCulture, out var l) ? l : 100, 1, 1000);
        var timeout = Math.Clamp(int.TryParse(query.GetValueOrDefault("timeout"), CultureInfo.InvariantCulture, out var t) ? t : 30, 0, 90);
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(timeout, 2));
        while (true)
        {
            List<(long Seq, JsonObject Update)> batch;
            Task arrived;
            lock (_gate)
            {
                batch = [.. _updates.Where(u => u.Seq > _confirmed).Take(limit)];
                arrived = _updatesArrived.Task;
                if (batch.Count == 0 && arrived.IsCompleted)
                {
                    _updatesArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    arrived = _updatesArrived.Task;
                }
            }

            var left = deadline - TimeProvider.System.GetUtcNow();
            if (batch.Count > 0 || left <= TimeSpan.Zero || context.RequestAborted.IsCancellationRequested)
            {
                Record("GET", "updates", query, [], null);
                var updates = new JsonArray([.. batch.Select(b => (JsonNode)b.Update.DeepClone())]);
                await Write(context, 200, new JsonObject { ["updates"] = updates, ["marker"] = batch.Count > 0 ? batch[^1].Seq : Interlocked.Read(ref _confirmed) });
                return;
            }

            try
            {
                await Task.WhenAny(arrived, Task.Delay(left, context.RequestAborted));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // ----- webhook mode: updates pushed to each subscription, as MAX does -----

    private sealed record Subscription(string Url, string? Secret, IReadOnlyList<string> Types, long Time, CancellationTokenSource Stop);

    private readonly Dictionary<string, Subscription> _subscriptions = [];

    /// <summary>The URLs MAX delivers to now (MAX keeps several side by side and delivers every update to each).</summary>
    public IReadOnlyList<string> SubscribedUrls
    {
        get
        {
            lock (_gate)
            {
                return [.. _subscriptions.Keys];
            }
        }
    }

    /// <summary>Every push: the URL, the update's sequence number and the status the bot answered (0: no answer in time).</summary>
    public ConcurrentQueue<(string Url, long Seq, int Status)> Pushes { get; } = new();

    /// <summary>How long a push waits for the bot's answer before it counts as failed and is sent again.</summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    private async Task SubscribeAsync(HttpContext context, JsonObject body)
    {
        var url = body["url"]?.GetValue<string>();
        var secret = body["secret"]?.GetValue<string>();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !(uri.Scheme == "https" || (uri.Scheme == "http" && uri.IsLoopback)))
        {
            await Error(context, 400, "proto.payload", "url: must start with https://");
            return;
        }

        if (secret is not null && !System.Text.RegularExpressions.Regex.IsMatch(secret, "^[a-zA-Z0-9_-]{5,256}$"))
        {
            await Error(context, 400, "proto.payload", "secret: must match ^[a-zA-Z0-9_-]{5,256}$");
            return;
        }

        var types = (body["update_types"] as JsonArray ?? []).Select(t => t!.GetValue<string>()).ToList();
        Unsubscribe(url!);
        lock (_gate)
        {
            var subscription = new Subscription(url!, secret, types, NowMs(), new CancellationTokenSource());
            _subscriptions[url!] = subscription;
            _ = Task.Run(() => PushAsync(subscription, Interlocked.Read(ref _confirmed)));
        }

        await Write(context, 200, new JsonObject { ["success"] = true });
    }

    /// <summary>Ends a subscription as MAX does by itself after 8 hours of failed deliveries (or as DELETE /subscriptions does).</summary>
    public void Unsubscribe(string url)
    {
        Subscription? ended;
        lock (_gate)
        {
            _subscriptions.Remove(url, out ended);
        }

        ended?.Stop.Cancel();
    }

    /// <summary>
    /// Pushes one subscription's updates one at a time, in order: an update counts as delivered only when the bot answered
    /// exactly 200 (MAX takes any other answer as a failure); otherwise, or with no answer within <see cref="PushTimeout"/>,
    /// it is sent again after a short pause. Kinds the subscription did not ask for are skipped.
    /// </summary>
    private async Task PushAsync(Subscription subscription, long delivered)
    {
        using var http = new HttpClient { Timeout = PushTimeout };
        var stop = subscription.Stop.Token;
        while (!stop.IsCancellationRequested)
        {
            (long Seq, JsonObject Update) next;
            Task arrived;
            lock (_gate)
            {
                next = _updates.FirstOrDefault(u => u.Seq > delivered);
                arrived = _updatesArrived.Task;
                if (next.Update is null && arrived.IsCompleted)
                {
                    _updatesArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    arrived = _updatesArrived.Task;
                }
            }

            if (next.Update is null)
            {
                await Task.WhenAny(arrived, Task.Delay(Timeout.Infinite, stop)).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            if (subscription.Types.Count > 0 && !subscription.Types.Contains(next.Update["update_type"]!.GetValue<string>()))
            {
                delivered = next.Seq;
                continue;
            }

            var status = 0;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new StringContent(next.Update.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
                if (subscription.Secret is not null)
                {
                    request.Headers.Add("X-Max-Bot-Api-Secret", subscription.Secret);
                }

                using var response = await http.SendAsync(request, stop);
                status = (int)response.StatusCode;
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // No answer in time, or the connection failed: sent again.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Pushes.Enqueue((subscription.Url, next.Seq, status));
            if (status == 200)
            {
                delivered = next.Seq;
                lock (_gate)
                {
                    _confirmed = Math.Max(_confirmed, delivered);
                }
            }
            else
            {
                await Task.Delay(200, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Record(string method, string path, Dictionary<string, string> query, JsonObject body, string? messageId)
    {
        _calls.Enqueue(new MaxCall(method, path, query, body, messageId));
        lock (_gate)
        {
            _callMade.TrySetResult();
            _callMade = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static JsonObject User(long id, string name, bool isBot = false) => new()
    {
        ["user_id"] = id,
        ["first_name"] = name,
        ["name"] = name,
        ["username"] = isBot ? "chatsupport_bot" : $"max{id}",
        ["is_bot"] = isBot,
        ["last_activity_time"] = NowMs(),
    };

    private static long NowMs() => TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

    private static async Task<JsonObject> ReadJsonAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        try
        {
            return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static Task Error(HttpContext context, int status, string code, string message) =>
        Write(context, status, new JsonObject { ["code"] = code, ["message"] = message });

    private static async Task Write(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
