using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatSupport.Bot.Max;

// The parts of MAX's Bot API schema (max-messenger/api-schema) the desk uses. Property names are the
// API's snake_case (the serializer options set the naming policy); unknown fields are ignored, unknown
// update and attachment types come through as the base type so a new kind never breaks polling.

/// <summary>The answer of <c>GET /updates</c>, each update still raw (one malformed update must not sink the batch).</summary>
public sealed record MaxUpdateList(IReadOnlyList<JsonElement>? Updates, long? Marker)
{
    /// <summary>The updates the desk can read; <paramref name="unreadable"/> counts the rest.</summary>
    public IReadOnlyList<MaxUpdate> Parse(out int unreadable)
    {
        var parsed = new List<MaxUpdate>();
        unreadable = 0;
        foreach (var raw in Updates ?? [])
        {
            try
            {
                if (raw.Deserialize<MaxUpdate>(MaxJson.Options) is { } update)
                {
                    parsed.Add(update);
                }
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
            {
                unreadable++;
            }
        }

        return parsed;
    }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "update_type", IgnoreUnrecognizedTypeDiscriminators = true)]
[JsonDerivedType(typeof(MaxMessageCreated), "message_created")]
[JsonDerivedType(typeof(MaxMessageEdited), "message_edited")]
[JsonDerivedType(typeof(MaxMessageCallback), "message_callback")]
[JsonDerivedType(typeof(MaxBotStarted), "bot_started")]
public record MaxUpdate
{
    /// <summary>Unix time in milliseconds.</summary>
    public long Timestamp { get; init; }

    public string? UserLocale { get; init; }
}

public sealed record MaxMessageCreated : MaxUpdate
{
    public MaxMessage? Message { get; init; }
}

public sealed record MaxMessageEdited : MaxUpdate
{
    public MaxMessage? Message { get; init; }
}

public sealed record MaxMessageCallback : MaxUpdate
{
    public MaxCallback? Callback { get; init; }

    public MaxMessage? Message { get; init; }
}

public sealed record MaxBotStarted : MaxUpdate
{
    public long ChatId { get; init; }

    public MaxUser? User { get; init; }

    public string? Payload { get; init; }
}

public sealed record MaxUser
{
    public long UserId { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    /// <summary>Older schema versions send one <c>name</c>.</summary>
    public string? Name { get; init; }

    public string? Username { get; init; }

    public bool IsBot { get; init; }
}

public sealed record MaxRecipient
{
    public long? ChatId { get; init; }

    /// <summary><c>dialog</c>, <c>chat</c> or <c>channel</c>.</summary>
    public string? ChatType { get; init; }

    public long? UserId { get; init; }
}

public sealed record MaxMessage
{
    public MaxUser? Sender { get; init; }

    public MaxRecipient? Recipient { get; init; }

    public long Timestamp { get; init; }

    public MaxMessageBody? Body { get; init; }

    /// <summary>A forwarded or replied-to message.</summary>
    public MaxLinkedMessage? Link { get; init; }
}

public sealed record MaxLinkedMessage
{
    /// <summary><c>forward</c> or <c>reply</c>.</summary>
    public string? Type { get; init; }

    public MaxMessageBody? Message { get; init; }
}

public sealed record MaxMessageBody
{
    public string? Mid { get; init; }

    public long Seq { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<MaxAttachment>? Attachments { get; init; }
}

public sealed record MaxCallback
{
    public long Timestamp { get; init; }

    public string? CallbackId { get; init; }

    public string? Payload { get; init; }

    public MaxUser? User { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", IgnoreUnrecognizedTypeDiscriminators = true)]
[JsonDerivedType(typeof(MaxImageAttachment), "image")]
[JsonDerivedType(typeof(MaxVideoAttachment), "video")]
[JsonDerivedType(typeof(MaxAudioAttachment), "audio")]
[JsonDerivedType(typeof(MaxFileAttachment), "file")]
[JsonDerivedType(typeof(MaxStickerAttachment), "sticker")]
[JsonDerivedType(typeof(MaxContactAttachment), "contact")]
[JsonDerivedType(typeof(MaxLocationAttachment), "location")]
[JsonDerivedType(typeof(MaxShareAttachment), "share")]
[JsonDerivedType(typeof(MaxInlineKeyboardAttachment), "inline_keyboard")]
public record MaxAttachment;

/// <summary>A file's payload in a received message: the address to download it and the token to send it again.</summary>
public sealed record MaxMediaPayload
{
    public string? Url { get; init; }

    public string? Token { get; init; }

    public long? PhotoId { get; init; }
}

public sealed record MaxImageAttachment : MaxAttachment
{
    public MaxMediaPayload? Payload { get; init; }
}

public sealed record MaxVideoAttachment : MaxAttachment
{
    public MaxMediaPayload? Payload { get; init; }
}

public sealed record MaxAudioAttachment : MaxAttachment
{
    public MaxMediaPayload? Payload { get; init; }
}

public sealed record MaxFileAttachment : MaxAttachment
{
    public MaxMediaPayload? Payload { get; init; }

    public string? Filename { get; init; }

    public long? Size { get; init; }
}

public sealed record MaxStickerAttachment : MaxAttachment;

public sealed record MaxContactAttachment : MaxAttachment;

public sealed record MaxLocationAttachment : MaxAttachment;

public sealed record MaxShareAttachment : MaxAttachment;

public sealed record MaxInlineKeyboardAttachment : MaxAttachment;

public sealed record MaxError(string? Code, string? Message);

public sealed record MaxBotInfo
{
    public long UserId { get; init; }

    public string? Name { get; init; }

    public string? FirstName { get; init; }

    public string? Username { get; init; }
}

public static class MaxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The discriminator need not come first in what the server sends.
        AllowOutOfOrderMetadataProperties = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
