using System.Globalization;
using System.Reflection;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ScottPlot;
using SkiaSharp;

namespace ChatSupport.Bot.Digest;

/// <summary>
/// The digest's picture (ScottPlot 5 on SkiaSharp): for each of the last 14 days the reaction deadlines met (green, a bar per
/// level) and breached (red, stacked on top), and the median time to claim as a line on the right axis. Labels are drawn
/// with the bundled DejaVu Sans, so Cyrillic renders on a machine or in a container without any system font.
/// </summary>
public static class DigestChart
{
    public const int Width = 1200;
    public const int Height = 600;

    private const string FontName = "DejaVu Sans";

    private static readonly Lazy<bool> FontRegistered = new(() =>
    {
        Fonts.FontResolvers.Add(new EmbeddedFont());
        return true;
    });

    /// <summary>The typeface ScottPlot draws the labels with, as it resolves the name (the bundled font, whatever the machine has).</summary>
    internal static SKTypeface LabelTypeface()
    {
        _ = FontRegistered.Value;
        return Fonts.GetTypeface(FontName, bold: false, italic: false);
    }

    /// <summary>PNG bytes of the chart for <paramref name="days"/> (oldest first).</summary>
    public static byte[] Render(IReadOnlyList<SlaDigest> days, Language lang)
    {
        _ = FontRegistered.Value;
        var plot = new Plot();
        plot.Font.Set(FontName);
        var levels = PriorityLevels.All.ToList();
        Color[] met = [Color.FromHex("#2E7D32"), Color.FromHex("#66BB6A"), Color.FromHex("#A5D6A7")];
        var breached = Color.FromHex("#E53935");
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var d = 0; d < days.Count; d++)
        {
            var day = days[d];
            for (var l = 0; l < levels.Count; l++)
            {
                var reactions = day.Reactions.Single(r => r.Level == levels[l]);
                var x = (d * 4) + l;
                bars.Add(new Bar { Position = x, Value = reactions.Met, FillColor = met[l], LineWidth = 0 });
                bars.Add(new Bar { Position = x, ValueBase = reactions.Met, Value = reactions.Met + reactions.Breached, FillColor = breached, LineWidth = 0 });
            }

            // A month's 31 days would crowd the axis: every other day is named then.
            if (days.Count <= 16 || d % 2 == 0)
            {
                ticks.Add(new Tick((d * 4) + 1, day.Day.ToString("dd.MM", CultureInfo.InvariantCulture)));
            }
        }

        plot.Add.Bars(bars);
        var medians = days.Select((day, d) => (X: (d * 4) + 1.0, Y: day.MedianClaim is { } m ? m.TotalHours : double.NaN)).Where(p => !double.IsNaN(p.Y)).ToList();
        if (medians.Count > 0)
        {
            var line = plot.Add.Scatter(medians.Select(p => p.X).ToArray(), medians.Select(p => p.Y).ToArray());
            line.Axes.YAxis = plot.Axes.Right;
            line.Color = Color.FromHex("#1565C0");
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = ChartTexts.MedianLine(lang);
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        // Counts are whole, and both axes start at zero (the legend keeps the top fifth to itself).
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var most = days.Count == 0 ? 0 : days.Max(d => d.Reactions.Max(r => r.Met + r.Breached));
        plot.Axes.SetLimitsY(0, Math.Max(4, most) * 1.4, plot.Axes.Left);
        var longest = medians.Count == 0 ? 1 : medians.Max(p => p.Y);
        plot.Axes.SetLimitsY(0, Math.Max(1, longest) * 1.4, plot.Axes.Right);
        plot.Axes.SetLimitsX(-2, (days.Count * 4) - 1);
        plot.Title(days.Count == 0 ? string.Empty
            : ChartTexts.Title(days[0].Day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), days[^1].Day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), lang));
        plot.YLabel(ChartTexts.Count(lang));
        plot.Axes.Right.Label.Text = ChartTexts.Median(lang);
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        for (var l = 0; l < levels.Count; l++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = ChartTexts.Met(levels[l], lang), FillColor = met[l] });
        }

        plot.Legend.ManualItems.Add(new LegendItem { LabelText = ChartTexts.Breached(lang), FillColor = breached });
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>DejaVu Sans from the assembly's resources, for whatever name ScottPlot asks.</summary>
    private sealed class EmbeddedFont : IFontResolver
    {
        private static readonly Lazy<SKTypeface> Typeface = new(() =>
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ChatSupport.Fonts.DejaVuSans.ttf")
                ?? throw new InvalidOperationException("The bundled font is missing from the assembly.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            // Skia keeps its own copy of the bytes: the typeface lives on after the stream is gone.
            return SKTypeface.FromData(SKData.CreateCopy(copy.ToArray()));
        });

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == FontName ? Typeface.Value : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == FontName ? Typeface.Value : null;
    }
}
