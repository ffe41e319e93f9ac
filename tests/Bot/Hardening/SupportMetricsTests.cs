using System.Diagnostics.Metrics;
using ChatSupport.Bot.Health;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Mail;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>The process's instruments, listened to through this test's own meter factory (other tests' bots stay out).</summary>
public sealed class SupportMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _recorded = [];

    public SupportMetricsTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    [Fact]
    public void AHandledUpdate_RecordsItsLag_ALetterItsKind_AndAClockThatWentBackwardsNoLag()
    {
        var metrics = new SupportMetrics(_services.GetRequiredService<IMeterFactory>());
        var now = Instant.FromUtc(2026, 11, 30, 9, 0);
        var message = Update(ChannelKind.Telegram) with { SentAt = now - Duration.FromSeconds(3) };
        var letter = Update(ChatSupport.Bot.Mail.MailChannel.Kind) with { SentAt = now + Duration.FromSeconds(5), Letter = new IncomingLetter("Re: [#12]", now) { Automatic = true } };

        metrics.Update(ChannelKind.Telegram, "handled", message, now);
        metrics.Update(ChatSupport.Bot.Mail.MailChannel.Kind, "handled", letter, now);
        metrics.Update(ChannelKind.Telegram, "duplicate", message, now);

        Assert.Equal([3.0], _recorded.Where(r => r.Instrument == "chatsupport_update_lag").Select(r => r.Value));
        Assert.Equal(
            [("telegram", "handled"), ("mail", "handled"), ("telegram", "duplicate")],
            _recorded.Where(r => r.Instrument == "chatsupport_updates").Select(r => ((string)r.Tags["messenger"]!, (string)r.Tags["outcome"]!)));
        var counted = Assert.Single(_recorded, r => r.Instrument == "chatsupport_letters");
        Assert.Equal(("automatic", "handled"), ((string)counted.Tags["kind"]!, (string)counted.Tags["outcome"]!));
    }

    private static IncomingUpdate Update(ChannelKind channel) => new()
    {
        UpdateKey = "1",
        Channel = channel,
        ChatId = "1",
        ChatKind = ChatKind.Private,
        From = new Sender("1", "Анна", null, "ru"),
    };

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _recorded.Add((instrument.Name, value, copy));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
