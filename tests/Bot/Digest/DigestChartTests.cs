using ChatSupport.Bot.Digest;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using NodaTime;
using SkiaSharp;

namespace ChatSupport.Tests.Bot.Digest;

/// <summary>The digest's chart: a PNG of the promised size with something drawn on it (no golden pixels).</summary>
public sealed class DigestChartTests
{
    private static readonly SlaPolicy Policy = new(new AlwaysOpenCalendar(DateTimeZoneProviders.Tzdb["Europe/Moscow"]));
    private static readonly SupportTimeFormat Format = new(DateTimeZoneProviders.Tzdb["Europe/Moscow"]);

    [Theory]
    [InlineData(Language.Ru)]
    [InlineData(Language.En)]
    public void Render_IsAPngOfTheSize_WithBarsInTheirColours(Language lang)
    {
        var days = Enumerable.Range(0, 14).Select(i => Day(new LocalDate(2026, 11, 12).PlusDays(i), met: i % 4, breached: i % 3)).ToList();

        var png = DigestChart.Render(days, lang);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((DigestChart.Width, DigestChart.Height), (bitmap.Width, bitmap.Height));
        var colours = new HashSet<SKColor>();
        var red = 0;
        for (var y = 0; y < bitmap.Height; y += 2)
        {
            for (var x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                colours.Add(c);
                if (c.Red > 200 && c.Green < 80 && c.Blue < 80)
                {
                    red++;
                }
            }
        }

        Assert.True(colours.Count > 20, $"{colours.Count} colours: the picture looks blank");
        Assert.True(red > 50, "no breached (red) bars drawn");
    }

    [Fact]
    public void Labels_AreDrawnWithTheBundledFont_WhichHasCyrillic()
    {
        var typeface = DigestChart.LabelTypeface();
        using var font = new SKFont(typeface);

        Assert.Equal("DejaVu Sans", typeface.FamilyName);
        Assert.True(font.ContainsGlyphs("Реакция по уровням: в срок, просрочено, медиана до взятия"));
    }

    [Fact]
    public void Render_AnEmptyFortnight_StillDraws()
    {
        var days = Enumerable.Range(0, 14).Select(i => Day(new LocalDate(2026, 11, 12).PlusDays(i), 0, 0)).ToList();

        using var bitmap = SKBitmap.Decode(DigestChart.Render(days, Language.Ru));

        Assert.Equal(DigestChart.Width, bitmap.Width);
    }

    /// <summary>A day whose level-2 reactions were <paramref name="met"/> met and <paramref name="breached"/> breached.</summary>
    private static SlaDigest Day(LocalDate day, int met, int breached)
    {
        var start = day.AtStartOfDayInZone(Format.Zone).ToInstant();
        var windows = Enumerable.Range(0, met + breached).Select(i =>
        {
            var deadline = Deadline.Exact(start + Duration.FromHours(12));
            var claimed = i < met ? start + Duration.FromHours(2) : start + Duration.FromHours(20);
            return new WindowFact(i + 1, 1, PriorityLevel.Medium, start, deadline, claimed, "Иван Петров");
        }).ToList();
        return DigestCalculator.Compute(day, start + Duration.FromDays(1), Policy, [], windows, windows, [], []);
    }
}
