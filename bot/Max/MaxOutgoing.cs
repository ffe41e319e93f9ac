using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatSupport.Bot.Max;

/// <summary>What the bot sends: <c>POST /messages</c>, <c>PUT /messages</c>.</summary>
public sealed record MaxNewMessage
{
    public string? Text { get; init; }

    public IReadOnlyList<MaxOutgoingAttachment>? Attachments { get; init; }

    /// <summary><c>markdown</c> or <c>html</c>; null: plain text (nothing a customer typed can break markup).</summary>
    public string? Format { get; init; }

    public bool Notify { get; init; } = true;
}

/// <summary>An attachment of a sent message: an inline keyboard or an uploaded file by token.</summary>
public sealed record MaxOutgoingAttachment(string Type, JsonElement Payload)
{
    public static MaxOutgoingAttachment Keyboard(IEnumerable<IEnumerable<MaxButton>> rows) =>
        new("inline_keyboard", JsonSerializer.SerializeToElement(new { buttons = rows.Select(r => r.ToList()).ToList() }, MaxJson.Options));

    public static MaxOutgoingAttachment Uploaded(string type, string token) =>
        new(type, JsonSerializer.SerializeToElement(new { token }, MaxJson.Options));
}

public sealed record MaxButton(string Type, string Text, string Payload);

public sealed record MaxSendResult(MaxSentMessage? Message);

public sealed record MaxSentMessage
{
    public MaxMessageBody? Body { get; init; }
}

public sealed record MaxSimpleResult(bool Success, string? Message);

/// <summary>The answer of <c>POST /uploads</c>: where to upload, and (video, audio) the token at once.</summary>
public sealed record MaxUploadEndpoint(string? Url, string? Token);

public sealed record MaxCallbackAnswer(string? Notification);

public sealed record MaxVideoDetails(MaxVideoUrls? Urls);

public sealed record MaxVideoUrls
{
    [JsonPropertyName("mp4_1080")]
    public string? Mp41080 { get; init; }

    [JsonPropertyName("mp4_720")]
    public string? Mp4720 { get; init; }

    [JsonPropertyName("mp4_480")]
    public string? Mp4480 { get; init; }

    [JsonPropertyName("mp4_360")]
    public string? Mp4360 { get; init; }

    [JsonPropertyName("mp4_240")]
    public string? Mp4240 { get; init; }

    [JsonPropertyName("mp4_144")]
    public string? Mp4144 { get; init; }
}

/// <summary><c>POST /subscriptions</c>: deliver these update kinds to this URL, with the secret in <c>X-Max-Bot-Api-Secret</c>.</summary>
public sealed record MaxSubscriptionRequest(string Url, IReadOnlyList<string> UpdateTypes, string? Secret);

/// <summary>One webhook subscription, as <c>GET /subscriptions</c> lists it.</summary>
public sealed record MaxSubscription(string? Url, long Time, IReadOnlyList<string>? UpdateTypes);

/// <summary>The answer of <c>GET /subscriptions</c>.</summary>
public sealed record MaxSubscriptionList(IReadOnlyList<MaxSubscription>? Subscriptions);
