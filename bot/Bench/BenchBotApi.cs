using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatSupport.Bot.Bench;

/// <summary>
/// A minimal Bot API on 127.0.0.1 for the bench: serves a prepared list of updates to long polling and
/// answers every other call at once, counting them. Not a test double with fault injection (that lives
/// in tests/); only enough Telegram to drive the real pipeline at full speed.
/// </summary>
public sealed class BenchBotApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _pending = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private int _messageId;

    private BenchBotApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    public int Sent => _calls.GetValueOrDefault("sendMessage");

    public static async Task<BenchBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new BenchBotApi(app);
        app.MapPost("/bot{token}/{method}", api.HandleAsync);
        await app.StartAsync();
        api.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return api;
    }

    public void Enqueue(IEnumerable<JsonObject> updates)
    {
        foreach (var update in updates)
        {
            _pending.Enqueue(update);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context, string token, string method)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        _calls.AddOrUpdate(method, 1, (_, n) => n + 1);
        if (method == "getUpdates" && _pending.IsEmpty)
        {
            // Long polling: with nothing to hand out, hold the call a while (as Telegram does) instead of spinning.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, (body["timeout"]?.GetValue<int>() ?? 0) * 1000)), context.RequestAborted);
        }

        JsonNode result = method switch
        {
            "getUpdates" => TakeUpdates(body["offset"]?.GetValue<int>() ?? 0),
            "sendMessage" => new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref _messageId),
                ["date"] = 1_764_000_000,
                ["chat"] = new JsonObject { ["id"] = body["chat_id"]!.DeepClone(), ["type"] = "private" },
                ["text"] = "ok",
            },
            _ => true,
        };
        return Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });
    }

    private JsonArray TakeUpdates(int offset)
    {
        var batch = new JsonArray();
        while (batch.Count < 100 && _pending.TryPeek(out var next))
        {
            if ((int)next["update_id"]! < offset)
            {
                _pending.TryDequeue(out _);
                continue;
            }

            // Hand out each update until the bot confirms it with a higher offset.
            batch.Add(next.DeepClone());
            _pending.TryDequeue(out _);
        }

        return batch;
    }
}
