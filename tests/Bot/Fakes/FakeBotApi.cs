using System.Collections.Concurrent;
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

/// <summary>A call the bot made to the fake Bot API, and the HTTP status it got (0: the connection was cut or left hanging).</summary>
public sealed record ApiCall(string Method, JsonObject Body, DateTimeOffset At, int? MessageId, int Status = 200)
{
    /// <summary>The bot's own (fake) clock when the call arrived, when the test gave the fake that clock.</summary>
    public DateTimeOffset? BotAt { get; init; }
}

/// <summary>How the fake should answer the next calls of a method.</summary>
public enum Fault
{
    TooManyRequests,
    ServerError,
    BadGateway,
    Forbidden,
    Hang,

    /// <summary>The connection is cut without an answer.</summary>
    Reset,
}

/// <summary>
/// A Telegram Bot API stand-in on 127.0.0.1 for end-to-end tests: records every call, serves queued
/// updates to long polling, answers like Telegram (message ids, ok/result envelopes), and can be told
/// to fail — 429 with retry_after, 500, 502, 403 — or to hang.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456:TEST_token-abcdefghijklmnopqrstuvwxyz0123";

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<JsonObject> _updates = [];
    private readonly Dictionary<int, JsonObject> _delivered = [];
    private readonly ConcurrentQueue<ApiCall> _calls = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(Fault Fault, int RetryAfter)>> _faults = new();
    private TaskCompletionSource _updatesArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _callMade = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextUpdateId = 1000;
    private int _nextMessageId = 1;
    private int _confirmedOffset;

    private FakeBotApi(WebApplication app) => _app = app;

    /// <summary>The fake stands for the outside world, which runs on real time (the bot's clock may be fake).</summary>
    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<ApiCall> Calls => [.. _calls];

    /// <summary>The highest offset the bot confirmed with getUpdates (all updates below it were taken).</summary>
    public int ConfirmedOffset => Volatile.Read(ref _confirmedOffset);

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.Map("/bot{token}/{method}", fake.HandleAsync);
        app.MapGet("/file/bot{token}/{**path}", fake.DownloadAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    private readonly object _chaosGate = new();
    private Random? _chaos;
    private int _chaosSeed;
    private readonly Dictionary<string, Random> _chaosPerMethod = [];
    private (Fault Fault, double Share)[] _chaosMix = [];
    private (int Min, int Max) _chaosRetryAfter = (1, 5);
    private DateTimeOffset _updatesDownUntil;

    /// <summary>From now on a share of every call except getUpdates fails with a random fault (429 with retry_after 1–5 s, 500, 502, reset, hang).</summary>
    public void StartChaos(double share, int seed)
    {
        Fault[] kinds = [Fault.TooManyRequests, Fault.ServerError, Fault.BadGateway, Fault.Reset, Fault.Hang];
        StartChaos(kinds.ToDictionary(k => k, _ => share / kinds.Length), seed, (1, 5));
    }

    /// <summary>From now on each call except getUpdates fails with a fault of this mix (shares of all calls), 429s asking to wait <paramref name="retryAfter"/> seconds.</summary>
    public void StartChaos(IReadOnlyDictionary<Fault, double> mix, int seed, (int Min, int Max) retryAfter)
    {
        lock (_chaosGate)
        {
            _chaos = new Random(seed);
            _chaosSeed = seed;
            _chaosPerMethod.Clear();
            _chaosMix = [.. mix.Select(p => (p.Key, p.Value))];
            _chaosRetryAfter = retryAfter;
        }
    }

    public void StopChaos()
    {
        lock (_chaosGate)
        {
            _chaos = null;
        }
    }

    /// <summary>getUpdates answers 502 for this long (real time).</summary>
    public void TakeUpdatesDown(TimeSpan howLong) => _updatesDownUntil = Now + howLong;

    public Dictionary<Fault, int> Injected { get; } = [];

    private bool TryChaos(string method, out (Fault Fault, int RetryAfter) fault)
    {
        fault = default;
        lock (_chaosGate)
        {
            if (_chaos is null || method == "getUpdates")
            {
                return false;
            }

            // One stream per method: the n-th call of a method meets the same fault in every run, however the
            // calls of different methods interleave (one shared stream made which method met faults a matter of timing).
            if (!_chaosPerMethod.TryGetValue(method, out var random))
            {
                random = _chaosPerMethod[method] = new Random(_chaosSeed + method.Sum(c => (int)c));
            }

            var roll = random.NextDouble();
            foreach (var (kind, share) in _chaosMix)
            {
                if (roll < share)
                {
                    fault = (kind, random.Next(_chaosRetryAfter.Min, _chaosRetryAfter.Max + 1));
                    Injected[kind] = Injected.GetValueOrDefault(kind) + 1;
                    return true;
                }

                roll -= share;
            }

            return false;
        }
    }

    /// <summary>Makes the next <paramref name="count"/> calls of <paramref name="method"/> fail.</summary>
    public void FailNext(string method, Fault fault, int count = 1, int retryAfter = 1)
    {
        var queue = _faults.GetOrAdd(method, _ => new ConcurrentQueue<(Fault, int)>());
        for (var i = 0; i < count; i++)
        {
            queue.Enqueue((fault, retryAfter));
        }
    }

    // ----- updates the "users" send -----

    /// <summary>Any update as Telegram would send it (fuzzing): <paramref name="kind"/> is its field, e.g. "channel_post".</summary>
    public int EnqueueRaw(string kind, JsonObject payload) => Enqueue(kind, payload);

    /// <summary>A message object from a user in a chat, to be filled in by the caller.</summary>
    public JsonObject RawMessage(long userId, long chatId, string chatType, string? languageCode = "ru") =>
        Message(userId, "Fuzz", languageCode, chatId, chatType, _ => { });

    public int UserSends(long userId, string text, string firstName = "Анна", string? languageCode = "ru", long? chatId = null, string chatType = "private") =>
        Enqueue("message", Message(userId, firstName, languageCode, chatId, chatType, m => m["text"] = text));

    public int UserSendsPhoto(long userId, string fileId, string? caption = null, string firstName = "Анна") =>
        Enqueue("message", Message(userId, firstName, "ru", null, "private", m =>
        {
            m["photo"] = new JsonArray(
                new JsonObject { ["file_id"] = fileId + "-small", ["file_unique_id"] = fileId + "s", ["width"] = 90, ["height"] = 60, ["file_size"] = 1000 },
                new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = fileId + "u", ["width"] = 1280, ["height"] = 800, ["file_size"] = 120_000 });
            if (caption is not null)
            {
                m["caption"] = caption;
            }
        }));

    public int UserSendsDocument(long userId, string fileId, string fileName, string? caption = null) =>
        Enqueue("message", Message(userId, "Анна", "ru", null, "private", m =>
        {
            m["document"] = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = fileId + "u", ["file_name"] = fileName, ["mime_type"] = "application/pdf", ["file_size"] = 52_000 };
            if (caption is not null)
            {
                m["caption"] = caption;
            }
        }));

    /// <summary>A Telegram reply (reply_to_message) to one of the bot's messages, optionally with a photo.</summary>
    public int UserReplies(long userId, int replyToMessageId, string? text, string? photoFileId = null, string firstName = "Иван") =>
        Enqueue("message", Message(userId, firstName, "ru", null, "private", m =>
        {
            m["reply_to_message"] = new JsonObject
            {
                ["message_id"] = replyToMessageId,
                ["date"] = Now.ToUnixTimeSeconds(),
                ["chat"] = Chat(userId, "private", firstName),
                ["from"] = User(123456, "ChatSupport", null, isBot: true),
                ["text"] = "…",
            };
            if (photoFileId is null)
            {
                m["text"] = text;
            }
            else
            {
                m["photo"] = new JsonArray(new JsonObject { ["file_id"] = photoFileId, ["file_unique_id"] = photoFileId + "u", ["width"] = 800, ["height"] = 600, ["file_size"] = 50_000 });
                if (text is not null)
                {
                    m["caption"] = text;
                }
            }
        }));

    /// <summary>
    /// A reply to a message the user forwarded to the bot from <paramref name="forwardedFrom"/> (null: a sender who hides
    /// their account — Telegram's «hidden_user» origin).
    /// </summary>
    public int UserRepliesToForward(long userId, string text, long? forwardedFrom, string firstName = "Ольга") =>
        Enqueue("message", Message(userId, firstName, "ru", null, "private", m =>
        {
            m["reply_to_message"] = new JsonObject
            {
                ["message_id"] = 7_000_000 + (int)(userId % 1000),
                ["date"] = Now.ToUnixTimeSeconds(),
                ["chat"] = Chat(userId, "private", firstName),
                ["from"] = User(userId, firstName, null),
                ["text"] = "Привет, это я",
                ["forward_origin"] = forwardedFrom is { } from
                    ? new JsonObject { ["type"] = "user", ["date"] = Now.ToUnixTimeSeconds() - 60, ["sender_user"] = User(from, "Семён", null) }
                    : new JsonObject { ["type"] = "hidden_user", ["date"] = Now.ToUnixTimeSeconds() - 60, ["sender_user_name"] = "Семён" },
            };
            m["text"] = text;
        }));

    public int UserSendsSticker(long userId) =>
        Enqueue("message", Message(userId, "Анна", "ru", null, "private", m =>
            m["sticker"] = new JsonObject { ["file_id"] = "stk", ["file_unique_id"] = "stku", ["type"] = "regular", ["width"] = 512, ["height"] = 512, ["is_animated"] = false, ["is_video"] = false }));

    public int UserEdits(long userId, string text) =>
        Enqueue("edited_message", Message(userId, "Анна", "ru", null, "private", m =>
        {
            m["text"] = text;
            m["edit_date"] = Now.ToUnixTimeSeconds();
        }));

    /// <summary>The user presses a button under the bot's message.</summary>
    public int UserPresses(long userId, int messageId, string data, string firstName = "Анна", long? chatId = null, string? languageCode = "ru", int? threadId = null)
    {
        var chat = chatId ?? userId;
        var callbackId = $"cb{Interlocked.Increment(ref _nextMessageId)}";
        if (chat > 0)
        {
            _started[userId] = true;
        }

        Presses.Enqueue((callbackId, Now));
        var press = new JsonObject
        {
            ["id"] = callbackId,
            ["from"] = User(userId, firstName, languageCode),
            ["chat_instance"] = "ci",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["date"] = Now.ToUnixTimeSeconds(),
                ["chat"] = Chat(chat, chat < 0 ? "supergroup" : "private", firstName),
                ["text"] = "…",
            },
        };
        if (threadId is { } thread)
        {
            // A button under a message in a forum topic.
            press["message"]!["message_thread_id"] = thread;
            press["message"]!["is_topic_message"] = true;
        }

        return Enqueue("callback_query", press);
    }

    /// <summary>
    /// As Telegram does: a bot may not write first to a user who never opened its private chat — sending there
    /// answers 403 «bot can't initiate conversation with a user» until that user writes to the bot.
    /// </summary>
    public bool RequireStartForPrivateChats { get; set; }

    private readonly ConcurrentDictionary<long, bool> _started = new();

    /// <summary>Every button press users made: its callback id and when (real time).</summary>
    public ConcurrentQueue<(string CallbackId, DateTimeOffset At)> Presses { get; } = new();

    /// <summary>Delivers the same update again (as Telegram does after an unconfirmed poll).</summary>
    public void Redeliver(int updateId)
    {
        lock (_gate)
        {
            var original = _delivered[updateId];
            _updates.Add((JsonObject)original.DeepClone());
            _confirmedOffset = 0;
            Signal(ref _updatesArrived);
        }
    }

    // ----- what the bot sent -----

    /// <summary>Messages sent to a chat (text messages and files), in order.</summary>
    public IReadOnlyList<ApiCall> SentTo(long chatId) =>
        [.. Calls.Where(c => c.Method is "sendMessage" or "sendPhoto" or "sendDocument" or "sendVideo" or "sendAudio" && ChatIdOf(c) == chatId)];

    public static long ChatIdOf(ApiCall call) => call.Body["chat_id"] is { } id ? long.Parse(id.ToString(), System.Globalization.CultureInfo.InvariantCulture) : 0;

    public static string TextOf(ApiCall call) => (call.Body["text"] ?? call.Body["caption"])?.GetValue<string>() ?? string.Empty;

    /// <summary>The callback data of every button under a sent message, by label.</summary>
    public static IReadOnlyDictionary<string, string> ButtonsOf(ApiCall call)
    {
        var result = new Dictionary<string, string>();
        var markup = call.Body["reply_markup"] switch
        {
            JsonObject o => o,
            JsonValue v when v.TryGetValue<string>(out var s) => JsonNode.Parse(s) as JsonObject,
            _ => null,
        };
        if (markup?["inline_keyboard"] is JsonArray rows)
        {
            foreach (var row in rows.OfType<JsonArray>())
            {
                foreach (var button in row.OfType<JsonObject>())
                {
                    result[button["text"]!.GetValue<string>()] = button["callback_data"]!.GetValue<string>();
                }
            }
        }

        return result;
    }

    /// <summary>Waits until a call matching <paramref name="match"/> exists (and returns the first such).</summary>
    public async Task<ApiCall> WaitForAsync(Func<ApiCall, bool> match, TimeSpan? timeout = null, string? what = null, int after = 0)
    {
        var deadline = Now + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _callMade.Task;
            }

            var found = Calls.Skip(after).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            var left = deadline - Now;
            if (left <= TimeSpan.Zero)
            {
                var recent = string.Join("\n", Calls.TakeLast(12).Select(c => $"  {c.Method} {Truncate(c.Body.ToJsonString(), 300)}"));
                throw new TimeoutException($"The bot did not {what ?? "make the expected call"} in time. Last calls:\n{recent}");
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    /// <summary>Waits for the n-th (1-based) message to a chat and returns it.</summary>
    public Task<ApiCall> WaitForMessageAsync(long chatId, int count, TimeSpan? timeout = null) =>
        WaitForNthAsync(c => c.Method is "sendMessage" or "sendPhoto" or "sendDocument" or "sendVideo" or "sendAudio" && ChatIdOf(c) == chatId, count, timeout, $"send message #{count} to chat {chatId}");

    public async Task<ApiCall> WaitForNthAsync(Func<ApiCall, bool> match, int count, TimeSpan? timeout = null, string? what = null, int after = 0)
    {
        await WaitForAsync(_ => Calls.Skip(after).Count(match) >= count, timeout, what);
        return Calls.Skip(after).Where(match).ElementAt(count - 1);
    }

    public async ValueTask DisposeAsync()
    {
        SetWebhook(null, null, 0);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A file users sent, that getFile and the file URL hand out (above 20 MB getFile refuses, as Telegram does).</summary>
    public void AddFile(string fileId, byte[] content) => _files[fileId] = content;

    /// <summary>Files the bot uploaded (multipart), by the form field's file name, in order.</summary>
    public ConcurrentQueue<(string Method, string Field, string FileName, byte[] Content)> Uploads { get; } = new();

    // ----- the server -----

    private async Task DownloadAsync(HttpContext context, string token, string path)
    {
        if (token != Token || !path.StartsWith("files/", StringComparison.Ordinal) || !_files.TryGetValue(path["files/".Length..], out var bytes))
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(bytes);
    }

    private async Task HandleAsync(HttpContext context, string token, string method)
    {
        var body = await ReadBodyAsync(context.Request, Uploads);
        if (token != Token)
        {
            await Error(context, 401, "Unauthorized");
            return;
        }

        if (method == "getUpdates")
        {
            if (WebhookUrl is not null)
            {
                Record("getUpdates", body, null, 409);
                await Error(context, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
                return;
            }

            await GetUpdatesAsync(context, body);
            return;
        }

        if ((_faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var fault)) || TryChaos(method, out fault))
        {
            Record(method, body, null, fault.Fault switch
            {
                Fault.TooManyRequests => 429,
                Fault.ServerError => 500,
                Fault.BadGateway => 502,
                Fault.Forbidden => 403,
                _ => 0,
            });
            switch (fault.Fault)
            {
                case Fault.TooManyRequests:
                    await Error(context, 429, $"Too Many Requests: retry after {fault.RetryAfter}", fault.RetryAfter);
                    return;
                case Fault.ServerError:
                    await Error(context, 500, "Internal Server Error");
                    return;
                case Fault.BadGateway:
                    await Error(context, 502, "Bad Gateway");
                    return;
                case Fault.Forbidden:
                    await Error(context, 403, "Forbidden: bot was blocked by the user");
                    return;
                case Fault.Reset:
                    context.Abort();
                    return;
                case Fault.Hang:
                    try
                    {
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    return;
            }
        }

        if (RequireStartForPrivateChats && method is "sendMessage" or "sendPhoto" or "sendDocument" or "sendVideo" or "sendAudio"
            && body["chat_id"] is { } target && long.TryParse(target.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var privateChat)
            && privateChat > 0 && !_started.ContainsKey(privateChat))
        {
            Record(method, body, null, 403);
            await Error(context, 403, "Forbidden: bot can't initiate conversation with a user");
            return;
        }

        if (ForumRefusal(method, body) is { } refusal)
        {
            Record(method, body, null, 400);
            await Error(context, 400, refusal);
            return;
        }

        JsonNode result;
        int? messageId = null;
        if (ForumCall(method, body, ref messageId) is { } forumResult)
        {
            Record(method, body, messageId);
            await Ok(context, forumResult);
            return;
        }

        switch (method)
        {
            case "getMe":
                result = User(123456, "ChatSupport", null, isBot: true);
                break;
            case "setWebhook":
                SetWebhook(body["url"]!.ToString(), body["secret_token"]?.ToString(), body["max_connections"]?.GetValue<int>() ?? 40);
                result = true;
                break;
            case "deleteWebhook":
                SetWebhook(null, null, 0);
                result = true;
                break;
            case "getWebhookInfo":
                lock (_gate)
                {
                    result = new JsonObject
                    {
                        ["url"] = WebhookUrl ?? string.Empty,
                        ["has_custom_certificate"] = false,
                        ["pending_update_count"] = _updates.Count,
                        ["max_connections"] = _webhookConnections,
                    };
                }

                break;
            case "getFile":
                var fileId = body["file_id"]?.ToString() ?? string.Empty;
                if (!_files.TryGetValue(fileId, out var content))
                {
                    Record(method, body, null, 400);
                    await Error(context, 400, "Bad Request: invalid file_id");
                    return;
                }

                if (content.Length > 20 * 1024 * 1024)
                {
                    Record(method, body, null, 400);
                    await Error(context, 400, "Bad Request: file is too big");
                    return;
                }

                result = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["file_size"] = content.Length, ["file_path"] = "files/" + fileId };
                break;
            case "sendMessage" or "sendPhoto" or "sendDocument" or "sendVideo" or "sendAudio":
                messageId = Interlocked.Increment(ref _nextMessageId);
                result = new JsonObject
                {
                    ["message_id"] = messageId,
                    ["date"] = Now.ToUnixTimeSeconds(),
                    ["chat"] = Chat(long.Parse(body["chat_id"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture), "private", "x"),
                    ["text"] = body["text"]?.DeepClone() ?? body["caption"]?.DeepClone(),
                };
                break;
            case "editMessageText":
                messageId = int.Parse(body["message_id"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
                result = new JsonObject
                {
                    ["message_id"] = messageId,
                    ["date"] = Now.ToUnixTimeSeconds(),
                    ["chat"] = Chat(long.Parse(body["chat_id"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture), "private", "x"),
                    ["text"] = body["text"]?.DeepClone(),
                };
                break;
            default:
                result = true;
                break;
        }

        Record(method, body, messageId);
        await Ok(context, result);
    }

    private async Task GetUpdatesAsync(HttpContext context, JsonObject body)
    {
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var timeout = body["timeout"]?.GetValue<int>() ?? 0;
        if (Now < _updatesDownUntil)
        {
            Record("getUpdates", body, null);
            await Error(context, 502, "Bad Gateway");
            return;
        }

        if (_faults.TryGetValue("getUpdates", out var queue) && queue.TryDequeue(out var fault))
        {
            Record("getUpdates", body, null);
            await Error(context, fault.Fault == Fault.TooManyRequests ? 429 : 502, fault.Fault == Fault.TooManyRequests ? "Too Many Requests" : "Bad Gateway", fault.RetryAfter);
            return;
        }

        // As Telegram does with two pollers of one token: a new getUpdates ends the one still waiting with 409.
        var mine = new CancellationTokenSource();
        lock (_gate)
        {
            _activePoll?.Cancel();
            _activePoll = mine;
        }

        try
        {
            await LongPollAsync(context, body, offset, timeout, mine.Token);
        }
        finally
        {
            lock (_gate)
            {
                if (_activePoll == mine)
                {
                    _activePoll = null;
                }
            }

            mine.Dispose();
        }
    }

    private CancellationTokenSource? _activePoll;

    // ----- webhook mode: updates pushed to the bot, as Telegram does -----

    private string? _webhookSecret;
    private int _webhookConnections;
    private CancellationTokenSource? _pushing;

    /// <summary>The URL updates are pushed to (set by the bot's setWebhook), or null while the bot polls.</summary>
    public string? WebhookUrl { get; private set; }

    /// <summary>Every push: the update id and the status the bot answered (0: no answer in time).</summary>
    public ConcurrentQueue<(int UpdateId, int Status)> Pushes { get; } = new();

    /// <summary>How long a push waits for the bot's answer before it counts as failed and is sent again.</summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    private void SetWebhook(string? url, string? secret, int connections)
    {
        CancellationTokenSource? stop;
        lock (_gate)
        {
            stop = _pushing;
            WebhookUrl = string.IsNullOrEmpty(url) ? null : url;
            _webhookSecret = secret;
            _webhookConnections = connections;
            _pushing = WebhookUrl is null ? null : new CancellationTokenSource();
            if (_pushing is { } pushing)
            {
                _ = Task.Run(() => PushAsync(WebhookUrl!, secret, pushing.Token));
            }
        }

        stop?.Cancel();
    }

    /// <summary>
    /// Pushes waiting updates one at a time, in order: an update leaves the queue only when the bot answered 2xx;
    /// any other answer, or none within <see cref="PushTimeout"/>, and it is sent again after a short pause.
    /// </summary>
    private async Task PushAsync(string url, string? secret, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = PushTimeout };
        while (!stop.IsCancellationRequested)
        {
            JsonObject? next;
            Task arrived;
            lock (_gate)
            {
                next = _updates.OrderBy(u => (int)u["update_id"]!).FirstOrDefault();
                arrived = _updatesArrived.Task;
            }

            if (next is null)
            {
                await Task.WhenAny(arrived, Task.Delay(Timeout.Infinite, stop)).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            var id = (int)next["update_id"]!;
            var status = 0;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(next.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
                if (secret is not null)
                {
                    request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
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

            Pushes.Enqueue((id, status));
            if (status is >= 200 and < 300)
            {
                lock (_gate)
                {
                    _updates.RemoveAll(u => (int)u["update_id"]! == id);
                }
            }
            else
            {
                await Task.Delay(200, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>getUpdates answered 409 because another poller came (two replicas polling at once).</summary>
    public int Conflicts => _calls.Count(c => c.Method == "getUpdates" && c.Status == 409);

    private async Task LongPollAsync(HttpContext context, JsonObject body, int offset, int timeout, CancellationToken terminated)
    {
        var until = Now + TimeSpan.FromSeconds(timeout);
        while (true)
        {
            if (terminated.IsCancellationRequested)
            {
                Record("getUpdates", body, null, 409);
                await Error(context, 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
                return;
            }

            Task arrived;
            JsonObject[] ready;
            lock (_gate)
            {
                if (offset > 0)
                {
                    _updates.RemoveAll(u => (int)u["update_id"]! < offset);
                    _confirmedOffset = Math.Max(_confirmedOffset, offset);
                }

                // Telegram hands each update once per offset; a redelivered copy shares its id.
                ready = [.. _updates.Where(u => (int)u["update_id"]! >= offset).Take(100).Select(u => (JsonObject)u.DeepClone())];
                foreach (var u in ready)
                {
                    _delivered[(int)u["update_id"]!] = u;
                }
                arrived = _updatesArrived.Task;
            }

            var left = until - Now;
            if (ready.Length > 0 || left <= TimeSpan.Zero || context.RequestAborted.IsCancellationRequested)
            {
                Record("getUpdates", body, null);
                await Ok(context, new JsonArray(ready));
                return;
            }

            using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, terminated);
            await Task.WhenAny(arrived, Task.Delay(left, either.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        }
    }

    private int Enqueue(string kind, JsonObject payload)
    {
        lock (_gate)
        {
            var id = ++_nextUpdateId;
            _updates.Add(new JsonObject { ["update_id"] = id, [kind] = payload });
            Signal(ref _updatesArrived);
            return id;
        }
    }

    /// <summary>The bot's clock, to stamp each call with (what the bot waited is measured on its clock).</summary>
    public TimeProvider? BotClock { get; set; }

    private void Record(string method, JsonObject body, int? messageId, int status = 200)
    {
        _calls.Enqueue(new ApiCall(method, body, Now, messageId, status) { BotAt = BotClock?.GetUtcNow() });
        lock (_gate)
        {
            Signal(ref _callMade);
        }
    }

    private static void Signal(ref TaskCompletionSource source)
    {
        var old = source;
        source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private JsonObject Message(long userId, string firstName, string? languageCode, long? chatId, string chatType, Action<JsonObject> fill)
    {
        var chat = chatId ?? userId;
        if (chatType == "private")
        {
            _started[userId] = true;
        }

        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["date"] = Now.ToUnixTimeSeconds(),
            ["chat"] = Chat(chat, chatType, firstName),
            ["from"] = User(userId, firstName, languageCode),
        };
        fill(message);
        return message;
    }

    private static JsonObject Chat(long id, string type, string title) => type == "private"
        ? new JsonObject { ["id"] = id, ["type"] = type, ["first_name"] = title }
        : new JsonObject { ["id"] = id, ["type"] = type, ["title"] = title };

    private static JsonObject User(long id, string firstName, string? languageCode, bool isBot = false)
    {
        var user = new JsonObject { ["id"] = id, ["is_bot"] = isBot, ["first_name"] = firstName, ["username"] = $"user{id}" };
        if (languageCode is not null)
        {
            user["language_code"] = languageCode;
        }

        return user;
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request, ConcurrentQueue<(string, string, string, byte[])>? uploads = null)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            var fromForm = new JsonObject();
            foreach (var (key, value) in form)
            {
                fromForm[key] = value.ToString();
            }

            foreach (var file in form.Files)
            {
                // An uploaded file (not a file_id): the field says "upload:<name>", the bytes are kept.
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer);
                fromForm[file.Name] = "upload:" + file.FileName;
                foreach (var field in fromForm.Where(f => f.Value?.ToString() == "attach://" + file.Name).Select(f => f.Key).ToList())
                {
                    // Telegram.Bot names the part and points to it: photo=attach://0.
                    fromForm[field] = "upload:" + file.FileName;
                }
                uploads?.Enqueue((request.RouteValues["method"]?.ToString() ?? string.Empty, file.Name, file.FileName, buffer.ToArray()));
            }

            return fromForm;
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static Task Ok(HttpContext context, JsonNode result) =>
        Write(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static Task Error(HttpContext context, int code, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is { } seconds && code == 429)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return Write(context, code, body);
    }

    private static async Task Write(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}
