using ChatSupport.Domain.Channels;

namespace ChatSupport.Tests.Domain.Channels;

/// <summary>A file's name travels into another messenger's multipart upload: it must be safe there.</summary>
public sealed class AttachmentRefTests
{
    [Theory]
    [InlineData("отчёт \"итог\".pdf", AttachmentKind.Document, "отчёт _итог_.pdf")]
    [InlineData("..\\..\\boot.ini", AttachmentKind.Document, ".._.._boot.ini")]
    [InlineData("a\u0000b\r\n.txt", AttachmentKind.Document, "a_b__.txt")]
    [InlineData("\"\"\"", AttachmentKind.Document, "file")]
    [InlineData("   ", AttachmentKind.Photo, "photo.jpg")]
    [InlineData(null, AttachmentKind.Video, "video.mp4")]
    [InlineData("log.txt", AttachmentKind.Document, "log.txt")]
    public void DisplayName_IsSafeForAnUpload(string? name, AttachmentKind kind, string expected) =>
        Assert.Equal(expected, new AttachmentRef(kind, "id", name, null, null, ChannelKind.Telegram).DisplayName);

    [Fact]
    public void DisplayName_OfAVeryLongName_IsCut()
    {
        var name = new AttachmentRef(AttachmentKind.Document, "id", new string('я', 500) + ".pdf", null, null, ChannelKind.Telegram).DisplayName;
        Assert.Equal(200, name.Length);
    }
}
