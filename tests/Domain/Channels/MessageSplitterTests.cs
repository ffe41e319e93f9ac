using ChatSupport.Domain.Channels;

namespace ChatSupport.Tests.Domain.Channels;

public sealed class MessageSplitterTests
{
    [Fact]
    public void Split_ShortText_IsOnePart()
    {
        Assert.Equal(["Привет"], MessageSplitter.Split("Привет", 4096));
    }

    [Fact]
    public void Split_AtLineBreaks_KeepsLinesWhole()
    {
        var lines = Enumerable.Range(1, 300).Select(i => $"Строка номер {i:000} с пояснением").ToList();
        var text = string.Join("\n", lines);

        var parts = MessageSplitter.Split(text, 4096);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 4096));
        Assert.Equal(lines, parts.SelectMany(p => p.Split('\n')));
    }

    [Fact]
    public void Split_OneHugeLine_CutsAtSpaces()
    {
        var words = Enumerable.Range(0, 2000).Select(i => $"слово{i}").ToList();

        var parts = MessageSplitter.Split(string.Join(' ', words), 1000);

        Assert.All(parts, p => Assert.InRange(p.Length, 1, 1000));
        Assert.Equal(words, parts.SelectMany(p => p.Split(' ')));
    }

    [Fact]
    public void Split_NoSpaces_NeverBreaksASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 3000));

        var parts = MessageSplitter.Split(text, 4095);

        Assert.All(parts, p =>
        {
            Assert.InRange(p.Length, 1, 4095);
            Assert.False(char.IsLowSurrogate(p[0]));
            Assert.False(char.IsHighSurrogate(p[^1]));
        });
        Assert.Equal(text, string.Concat(parts));
    }
}
