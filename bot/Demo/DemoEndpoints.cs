using System.Globalization;
using System.Text.Json;
using ChatSupport.Bot.Pipeline;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Demo;

public sealed record DemoSendRequest(string? Pane, string? Text, string? Lang = null);

public sealed record DemoLetterRequest(string? Pane, string? Subject, string? Text, string? Lang = null);

public sealed record DemoPressRequest(string? Pane, long MessageId, string? Data, string? Lang = null);

public sealed record DemoTravelRequest(int Hours);

/// <summary>
/// The demo page and its API on 127.0.0.1: <c>GET /</c> the page, <c>GET /api/state</c> every chat,
/// <c>GET /api/events</c> a server-sent event at each change, <c>POST /api/send</c> and <c>/api/press</c> what a
/// person does, <c>POST /api/travel</c> the clock. Typed and pressed things go through the same pipeline as
/// Telegram's updates.
/// </summary>
public static class DemoEndpoints
{
    public const int MaxTextLength = 4096;

    public static void Map(WebApplication app)
    {
        // Loopback only, and only under a loopback name: a web page elsewhere cannot reach the demo through
        // DNS rebinding (JSON bodies already keep cross-site forms out: they need a CORS preflight nobody answers).
        app.Use(async (context, next) =>
        {
            if (context.Request.Host.Host is not ("127.0.0.1" or "localhost" or "[::1]" or "::1"))
            {
                context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                return;
            }

            await next(context);
        });
        app.MapGet("/", () => Results.Content(Page.Value, "text/html; charset=utf-8"));
        app.MapGet("/api/state", (DemoHub hub, DemoClock clock, SlaSetup sla) => Results.Json(State(hub, clock, sla)));
        app.MapGet("/api/events", EventsAsync);
        app.MapPost("/api/send", SendAsync);
        app.MapPost("/api/press", PressAsync);
        app.MapPost("/api/letter", LetterAsync);
        app.MapPost("/api/travel", TravelAsync);
    }

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DemoEndpoints).Assembly.GetManifestResourceStream("ChatSupport.Bot.Demo.demo.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static object State(DemoHub hub, DemoClock clock, SlaSetup sla)
    {
        var (messages, notices) = hub.Snapshot();
        var now = clock.Now.ToInstant();
        return new
        {
            version = hub.Version,
            now = sla.Format.Human(now),
            travelledHours = (int)clock.Travelled.TotalHours,
            panes = hub.Panes.Select(p => new
            {
                id = p.Id,
                title = p.Title,
                titleEn = p.TitleEn,
                messages = messages.Where(m => p.Shows.Contains(m.Chat)).Select(m => new
                {
                    id = m.Id,
                    text = m.Text,
                    fromBot = m.FromBot,
                    author = m.Author,
                    file = m.File,
                    edited = m.Edited,
                    at = sla.Format.Human(m.At.ToInstant()),
                    buttons = m.Buttons.Select(r => r.Select(b => new { text = b.Text, data = b.Data })),
                }),
            }),
            notices = notices.Select(n => new { id = n.Id, text = n.Text }),
        };
    }

    private static async Task EventsAsync(HttpContext context, DemoHub hub)
    {
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var token = context.RequestAborted;
        try
        {
            var seen = -1L;
            while (!token.IsCancellationRequested)
            {
                // Take the signal first, then compare: a change between the two is never missed.
                var change = hub.NextChangeAsync();
                if (hub.Version != seen)
                {
                    seen = hub.Version;
                    await context.Response.WriteAsync($"data: {seen}\n\n", token);
                    await context.Response.Body.FlushAsync(token);
                    continue;
                }

                // A comment every 15 s keeps proxies and the browser from closing an idle stream.
                if (await Task.WhenAny(change, Task.Delay(TimeSpan.FromSeconds(15), token)) != change)
                {
                    await context.Response.WriteAsync(": idle\n\n", token);
                    await context.Response.Body.FlushAsync(token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private static async Task<IResult> SendAsync(HttpContext context, DemoHub hub, UpdatePipeline pipeline, TimeProvider time)
    {
        var request = await ReadAsync<DemoSendRequest>(context);
        if (request is null || hub.Pane(request.Pane) is not { } pane)
        {
            return Problem(DemoTexts.UnknownPane);
        }

        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Problem(DemoTexts.EmptyMessage);
        }

        if (text.Length > MaxTextLength)
        {
            return Problem(DemoTexts.TooLong(MaxTextLength));
        }

        var typed = hub.Add(pane.ChatId, text, null, null, time.GetUtcNow(), fromBot: false, author: pane.UserName);
        await pipeline.ProcessAsync(Update(pane, "msg-" + typed.Id.ToString(CultureInfo.InvariantCulture), request.Lang) with { Text = text, MessageId = typed.Id.ToString(CultureInfo.InvariantCulture) }, CancellationToken.None);
        return Results.Json(new { ok = true, id = typed.Id });
    }

    /// <summary>
    /// A letter to the support address, from the customer's pane: handled by the e-mail channel's own handler, so the
    /// channel can be tried without a mail server (its acknowledgement appears in the customer's chat).
    /// </summary>
    private static async Task<IResult> LetterAsync(HttpContext context, DemoHub hub, UpdatePipeline pipeline, TimeProvider time)
    {
        var request = await ReadAsync<DemoLetterRequest>(context);
        if (request is null || hub.Pane(request.Pane) is not { Kind: ChatKind.Private, UserId: DemoHub.CustomerId } pane)
        {
            return Problem(DemoTexts.UnknownPane);
        }

        var subject = request.Subject?.Trim() ?? string.Empty;
        var text = request.Text?.Trim() ?? string.Empty;
        if (subject.Length == 0 && text.Length == 0)
        {
            return Problem(DemoTexts.EmptyMessage);
        }

        if (subject.Length + text.Length > MaxTextLength)
        {
            return Problem(DemoTexts.TooLong(MaxTextLength));
        }

        var now = time.GetUtcNow();
        var shown = hub.Add(pane.ChatId, DemoTexts.Letter(subject, text), null, null, now, fromBot: false, author: pane.UserName);
        var id = "letter-" + shown.Id.ToString(CultureInfo.InvariantCulture);
        await pipeline.ProcessAsync(Update(pane, id, request.Lang) with
        {
            Text = Domain.Mail.QuotedHistory.Trim(text),
            Letter = new Domain.Mail.IncomingLetter(subject, NodaTime.Instant.FromDateTimeOffset(now)) { MessageId = id + "@demo" },
        }, CancellationToken.None);
        return Results.Json(new { ok = true, id = shown.Id });
    }

    private static async Task<IResult> PressAsync(HttpContext context, DemoHub hub, UpdatePipeline pipeline)
    {
        var request = await ReadAsync<DemoPressRequest>(context);
        if (request is null || hub.Pane(request.Pane) is not { } pane)
        {
            return Problem(DemoTexts.UnknownPane);
        }

        if (hub.Find(request.MessageId) is not { } message || !pane.Shows.Contains(message.Chat)
            || !message.Buttons.SelectMany(r => r).Any(b => b.Data == request.Data))
        {
            return Problem(DemoTexts.NoSuchButton);
        }

        var id = message.Id.ToString(CultureInfo.InvariantCulture);
        var callback = "press-" + Guid.NewGuid().ToString("N");
        await pipeline.ProcessAsync(Update(pane, callback, request.Lang) with { ChatId = message.Chat, MessageId = id, Button = new ButtonPress(callback, request.Data!, id) }, CancellationToken.None);
        return Results.Json(new { ok = true });
    }

    private static async Task<IResult> TravelAsync(HttpContext context, DemoClock clock, Quartz.ISchedulerFactory schedulers)
    {
        var request = await ReadAsync<DemoTravelRequest>(context);
        if (request is null || request.Hours is < 1 or > 168)
        {
            return Problem(DemoTexts.TravelRange);
        }

        await clock.TravelAsync(TimeSpan.FromHours(request.Hours), await schedulers.GetScheduler(context.RequestAborted), context.RequestAborted);
        return Results.Json(new { ok = true, hours = request.Hours });
    }

    /// <summary>The page's language stands for the messenger's: the bot answers in English when the page is in English.</summary>
    private static IncomingUpdate Update(DemoPane pane, string key, string? lang) => new()
    {
        UpdateKey = key,
        Channel = DemoSender.Kind,
        ChatId = pane.ChatId,
        ChatKind = pane.Kind,
        From = new Sender(pane.UserId, pane.UserName, null, lang == "en" ? "en" : "ru"),
    };

    private static async Task<T?> ReadAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(context.RequestAborted);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static IResult Problem(string message) => Results.Json(new { ok = false, error = message }, statusCode: StatusCodes.Status400BadRequest);
}
