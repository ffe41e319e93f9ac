using System.Text.Json;
using System.Text.Json.Serialization;
using ChatSupport.Domain.Channels;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ChatSupport.Bot.Persistence;

/// <summary>A channel is stored by its name, in columns and in JSON alike.</summary>
internal sealed class ChannelKindConverter() : ValueConverter<ChannelKind, string>(c => c.Name, s => new ChannelKind(s));

internal sealed class ChannelKindJson : JsonConverter<ChannelKind>
{
    public override ChannelKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { Length: > 0 } name ? new ChannelKind(name) : default;

    public override void Write(Utf8JsonWriter writer, ChannelKind value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}

/// <summary>
/// A file reference in JSON (dialogues, messages, the outbox). One written before files could cross messengers has no
/// channel: every file then was Telegram's — said here, at the storage boundary, not as a default of the domain.
/// </summary>
internal sealed class AttachmentRefJson : JsonConverter<AttachmentRef>
{
    public override AttachmentRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var stored = JsonSerializer.Deserialize<Stored>(ref reader, options) ?? throw new JsonException("A file reference is null.");
        return new AttachmentRef(stored.Kind, stored.FileId, stored.FileName, stored.MimeType, stored.Size, stored.Channel == default ? ChannelKind.Telegram : stored.Channel) { Url = stored.Url };
    }

    public override void Write(Utf8JsonWriter writer, AttachmentRef value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new Stored(value.Kind, value.FileId, value.FileName, value.MimeType, value.Size, value.Channel, value.Url), options);

    private sealed record Stored(AttachmentKind Kind, string FileId, string? FileName, string? MimeType, long? Size, ChannelKind Channel, string? Url);
}
