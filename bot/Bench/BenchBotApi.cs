using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// A Bot API on 127.0.0.1 for the benches. Long polling as Telegram does it: a batch is handed out again until the
/// bot confirms it with a higher offset, so the bench sees when the last update was confirmed (after its commit).
/// Sends are answered after <see cref="ReplyDelay"/> and, with <see cref="EnforceLimits"/>, checked against Telegram's
/// limits where they arrive (30 a second in all, 1 a second per private chat, 20 a minute per group), a send over a
/// limit answered 429 as Telegram would. Not a test double with fault injection (that lives in tests/): only enough
/// Telegram to drive and time the real host.
/// </summary>
public sealed class BenchBotApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<JsonObject> _updates = [];
    private readonly List<Delivery> _deliveries = [];
    private readonly Dictionary<long, Queue<long>> _perChat = [];
    private readonly Queue<long> _all = new();
    private int _messageId;
    private int _slowDone;
    private int _lastUpdateId;
    private long _firstHandedOut;
    private long _lastConfirmed;

    private BenchBotApi(WebApplication app) => _app = app;

    /// <summary>One message that reached a chat: when it arrived (a <see cref="Stopwatch"/> timestamp).</summary>
    public readonly record struct Delivery(long ChatId, long At);

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>How long every send takes to answer (a real Bot API round trip is 50–150 ms).</summary>
    public TimeSpan ReplyDelay { get; init; }

    /// <summary>Answer sends over Telegram's limits with 429 instead of accepting them.</summary>
    public bool EnforceLimits { get; init; }

    /// <summary>A chat whose first send takes <see cref="SlowSend"/> (an upload the messenger holds), or none.</summary>
    public long? SlowChat { get; init; }

    /// <summary>How long the slow chat's first send takes.</summary>
    public TimeSpan SlowSend { get; init; } = TimeSpan.FromSeconds(15);

    public int Sent
    {
        get
        {
            lock (_gate)
            {
                return _deliveries.Count;
            }
        }
    }

    public int TooManyRequests => TooManyForChat + TooManyOverall;

    /// <summary>Sends refused because their chat's limit was reached (1/s private, 20/min group).</summary>
    public int TooManyForChat { get; private set; }

    /// <summary>Sends refused because 30 had already arrived within the last second.</summary>
    public int TooManyOverall { get; private set; }

    public IReadOnlyList<Delivery> Deliveries()
    {
        lock (_gate)
        {
            return [.. _deliveries];
        }
    }

    /// <summary>From the first update handed out to the confirmation of the last one, once both happened.</summary>
    public TimeSpan? IntakeTime
    {
        get
        {
            lock (_gate)
            {
                return _firstHandedOut == 0 || _lastConfirmed == 0 ? null : Stopwatch.GetElapsedTime(_firstHandedOut, _lastConfirmed);
            }
        }
    }

    public static async Task<BenchBotApi> StartAsync(TimeSpan replyDelay = default, bool enforceLimits = false, long? slowChat = null, TimeSpan? slowSend = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new BenchBotApi(app) { ReplyDelay = replyDelay, EnforceLimits = enforceLimits, SlowChat = slowChat, SlowSend = slowSend ?? TimeSpan.FromSeconds(15) };
        app.MapPost("/bot{token}/{method}", api.HandleAsync);
        await app.StartAsync();
        api.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return api;
    }

    public void Enqueue(IEnumerable<JsonObject> updates)
    {
        lock (_gate)
        {
            foreach (var update in updates)
            {
                _updates.Add(update);
                _lastUpdateId = Math.Max(_lastUpdateId, (int)update["update_id"]!);
            }

            _lastConfirmed = 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context, string token, string method)
    {
        var body = context.Request.ContentLength is 0 or null && !context.Request.HasJsonContentType()
            ? []
            : await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        switch (method)
        {
            case "getUpdates":
                var batch = TakeUpdates(body["offset"]?.GetValue<int>() ?? 0);
                if (batch.Count == 0)
                {
                    // Nothing to hand out: hold the call a while, as Telegram does, instead of spinning.
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, (body["timeout"]?.GetValue<int>() ?? 0) * 1000)), context.RequestAborted);
                    batch = TakeUpdates(body["offset"]?.GetValue<int>() ?? 0);
                }

                return Ok(batch);
            case "getWebhookInfo":
                return Ok(new JsonObject { ["url"] = string.Empty, ["has_custom_certificate"] = false, ["pending_update_count"] = 0 });
            case "getMe":
                return Ok(new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "Bench", ["username"] = "bench_bot" });
            case "getChat":
                // A plain group (no forum): the desk runs without topics, as most do.
                return Ok(new JsonObject
                {
                    ["id"] = body["chat_id"]?.DeepClone(),
                    ["type"] = "supergroup",
                    ["title"] = "Bench",
                    ["accent_color_id"] = 0,
                    ["max_reaction_count"] = 11,
                    ["accepted_gift_types"] = new JsonObject { ["unlimited_gifts"] = false, ["limited_gifts"] = false, ["unique_gifts"] = false, ["premium_subscription"] = false },
                });
            case "sendMessage" or "sendPhoto" or "sendDocument":
                var chat = body["chat_id"]?.GetValue<long>() ?? 0;
                if (!Admit(chat))
                {
                    return Results.Json(new JsonObject
                    {
                        ["ok"] = false,
                        ["error_code"] = 429,
                        ["description"] = "Too Many Requests: retry after 1",
                        ["parameters"] = new JsonObject { ["retry_after"] = 1 },
                    }, statusCode: 429);
                }

                var delay = chat == SlowChat && Interlocked.Exchange(ref _slowDone, 1) == 0 ? SlowSend : ReplyDelay;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, context.RequestAborted);
                }

                return Ok(new JsonObject
                {
                    ["message_id"] = Interlocked.Increment(ref _messageId),
                    ["date"] = 1_764_000_000,
                    ["chat"] = new JsonObject { ["id"] = chat, ["type"] = chat < 0 ? "supergroup" : "private" },
                    ["text"] = "ok",
                });
            default:
                return Ok(true);
        }
    }

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    /// <summary>Counts a send where it arrives; false when it breaks one of Telegram's limits.</summary>
    private bool Admit(long chat)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (EnforceLimits)
            {
                var (limit, period) = chat < 0 ? (20, TimeSpan.FromMinutes(1)) : (1, TimeSpan.FromSeconds(1));
                var log = _perChat.TryGetValue(chat, out var l) ? l : _perChat[chat] = new Queue<long>();
                if (Full(log, limit, period, now))
                {
                    TooManyForChat++;
                    return false;
                }

                if (Full(_all, 30, TimeSpan.FromSeconds(1), now))
                {
                    TooManyOverall++;
                    return false;
                }

                log.Enqueue(now);
                _all.Enqueue(now);
            }

            _deliveries.Add(new Delivery(chat, now));
            return true;
        }
    }

    private static bool Full(Queue<long> log, int limit, TimeSpan period, long now)
    {
        while (log.Count > 0 && Stopwatch.GetElapsedTime(log.Peek(), now) >= period)
        {
            log.Dequeue();
        }

        return log.Count >= limit;
    }

    private JsonArray TakeUpdates(int offset)
    {
        lock (_gate)
        {
            // A higher offset confirms everything below it: those are forgotten, as Telegram forgets them.
            _updates.RemoveAll(u => (int)u["update_id"]! < offset);
            if (_updates.Count == 0 && offset > _lastUpdateId && _lastUpdateId > 0 && _lastConfirmed == 0)
            {
                _lastConfirmed = Stopwatch.GetTimestamp();
            }

            var batch = new JsonArray();
            foreach (var update in _updates.Take(100))
            {
                batch.Add(update.DeepClone());
            }

            if (batch.Count > 0 && _firstHandedOut == 0)
            {
                _firstHandedOut = Stopwatch.GetTimestamp();
            }

            return batch;
        }
    }
}
