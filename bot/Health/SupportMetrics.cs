using System.Diagnostics.Metrics;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Health;

/// <summary>
/// The bot's own instruments (<see cref="System.Diagnostics.Metrics"/>, meter «ChatSupport», names <c>chatsupport_*</c>):
/// what this process did — updates handled, messages sent, 429s, pings, letters. Exported in Prometheus' text format on
/// <c>/metrics</c> by OpenTelemetry's exporter (see <see cref="MetricsEndpoint"/>); what the desk <i>is</i> — tickets,
/// reactions, the outbox — comes from the database in <see cref="DeskGauges"/>. Created by the host's
/// <see cref="IMeterFactory"/>, so two hosts in one process (tests) keep their own instruments.
/// </summary>
public sealed class SupportMetrics
{
    public const string MeterName = "ChatSupport";

    private readonly Counter<long> _updates;
    private readonly Histogram<double> _lag;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _limited;
    private readonly Counter<long> _pings;
    private readonly Histogram<double> _pingLateness;
    private readonly Counter<long> _letters;

    public SupportMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _updates = meter.CreateCounter<long>("chatsupport_updates", description: "Updates taken from the messengers, by messenger and outcome (handled, duplicate, flood_dropped, failed)");
        _lag = meter.CreateHistogram<double>("chatsupport_update_lag", "s", "From the moment the messenger says a message was written to its commit here");
        _sent = meter.CreateCounter<long>("chatsupport_messages_sent", description: "Messages the messengers accepted from the outbox (sends, edits, topic calls)");
        _limited = meter.CreateCounter<long>("chatsupport_rate_limited", description: "429 answers (Too Many Requests) from the messengers");
        _pings = meter.CreateCounter<long>("chatsupport_pings", description: "Escalation pings fired, by step (e.g. 80%, 100%) and whether a repeat");
        _pingLateness = meter.CreateHistogram<double>("chatsupport_ping_lateness", "s", "How late an escalation ping fired after its planned moment",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600] });
        _letters = meter.CreateCounter<long>("chatsupport_letters", description: "E-mail letters taken, by kind (customer, automatic, unverified, malformed) and outcome");
        Meter = meter;
    }

    /// <summary>The meter, for <see cref="DeskGauges"/>' observable instruments.</summary>
    public Meter Meter { get; }

    public void Update(ChannelKind channel, string outcome, IncomingUpdate? update = null, NodaTime.Instant? now = null)
    {
        var messenger = Name(channel);
        _updates.Add(1, new("messenger", messenger), new("outcome", outcome));
        if (outcome == "handled" && update?.SentAt is { } sent && now is { } at && at >= sent)
        {
            _lag.Record((at - sent).TotalSeconds, new KeyValuePair<string, object?>("messenger", messenger));
        }

        if (update?.Letter is { } letter)
        {
            var kind = letter.Malformed ? "malformed" : letter.Automatic ? "automatic" : letter.Unverified ? "unverified" : "customer";
            _letters.Add(1, new("kind", kind), new("outcome", outcome));
        }
    }

    public void Sent(ChannelKind channel) => _sent.Add(1, new KeyValuePair<string, object?>("messenger", Name(channel)));

    public void RateLimited(ChannelKind channel) => _limited.Add(1, new KeyValuePair<string, object?>("messenger", Name(channel)));

    public void Ping(string step, bool repeat, NodaTime.Duration late)
    {
        _pings.Add(1, new("step", step), new("repeat", repeat ? "true" : "false"));
        _pingLateness.Record(late.TotalSeconds);
    }

    public static string Name(ChannelKind channel) => channel.ToString().ToLowerInvariant();
}
