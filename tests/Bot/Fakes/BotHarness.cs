using System.Collections.Concurrent;
using ChatSupport.Bot.Hosting;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>
/// Runs the real bot host (real Telegram.Bot client over HTTP, real SQLite file with migrations) against
/// <see cref="FakeBotApi"/>, with a fake clock. <see cref="RestartAsync"/> starts a new host on the same database.
/// </summary>
public sealed class BotHarness : IAsyncDisposable
{
    /// <summary>25.11.2026 18:30 МСК.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 15, 30, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;
    private IHost? _host;

    private readonly Action<IHostApplicationBuilder>? _configure;

    private BotHarness(FakeBotApi api, FakeMaxApi? max, string directory, Dictionary<string, string?> settings, Action<IHostApplicationBuilder>? configure)
    {
        _configure = configure;
        Api = api;
        _max = max;
        Directory = directory;
        _settings = settings;
    }

    public FakeBotApi Api { get; }

    private readonly FakeMaxApi? _max;

    /// <summary>The fake MAX API, when the harness was started with MAX.</summary>
    public FakeMaxApi Max => _max ?? throw new InvalidOperationException("Start the harness with withMax: true.");

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "support.db");

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Every log line of every host this harness started.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public IServiceProvider Services => _host!.Services;

    /// <summary>
    /// The database the end-to-end tests run on: SQLite by default, PostgreSQL when <c>CHATSUPPORT_TEST_PROVIDER=Postgres</c>
    /// (.ci/run runs the end-to-end suite once more that way, against the server it started).
    /// </summary>
    public static DatabaseProvider Provider =>
        string.Equals(Environment.GetEnvironmentVariable("CHATSUPPORT_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    /// <summary>The bot's database, as its settings say.</summary>
    public DatabaseSettings Database { get; private set; } = null!;

    /// <summary>The keys that point a command (or another host) at this bot's database.</summary>
    public Dictionary<string, string?> DatabaseKeys => new()
    {
        ["Database:Provider"] = Database.Provider.ToString(),
        ["ConnectionStrings:Support"] = Database.ConnectionString,
    };

    private bool _ownsPostgres;
    private bool _ownsApi;

    /// <param name="configure">Last word on the host's services (e.g. a sender that fails on purpose).</param>
    /// <param name="postgres">Run on this PostgreSQL database (shared with another harness) instead of <see cref="Provider"/>'s choice.</param>
    /// <param name="api">Talk to this fake Bot API (shared with another harness: two replicas of one bot) instead of a new one.</param>
    public static async Task<BotHarness> StartAsync(Dictionary<string, string?>? settings = null, bool withMax = false, Action<IHostApplicationBuilder>? configure = null, string? postgres = null, FakeBotApi? api = null)
    {
        var ownsApi = api is null;
        api ??= await FakeBotApi.StartAsync();
        var max = withMax ? await FakeMaxApi.StartAsync() : null;
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var all = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:PollingTimeout"] = "00:00:01",
            ["Telegram:PrivateChatPerSecond"] = "50",
            ["ConnectionStrings:Support"] = $"Data Source={Path.Combine(directory, "support.db")}",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:ChatSupport"] = "Debug",
        };
        if (max is not null)
        {
            all["Max:BotToken"] = FakeMaxApi.Token;
            all["Max:ApiBaseUrl"] = max.BaseUrl;
            all["Max:PollingTimeout"] = "00:00:01";
            all["Max:ChatPerSecond"] = "50";
        }

        var ownsPostgres = false;
        if (postgres is null && Provider == DatabaseProvider.Postgres)
        {
            postgres = PostgresServer.NewDatabase();
            ownsPostgres = true;
        }

        if (postgres is not null)
        {
            all["Database:Provider"] = "Postgres";
            all["ConnectionStrings:Support"] = postgres;
            // The test's clock jumps; Quartz must not take a jump for a dead replica's silence.
            all["Cluster:CheckinMisfireThreshold"] = "00:05:00";
            all["Cluster:PollingRetry"] = "00:00:01";
        }

        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var harness = new BotHarness(api, max, directory, all, configure) { _ownsPostgres = ownsPostgres, _ownsApi = ownsApi };
        harness.Database = ChatSupport.Bot.Persistence.DatabaseSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
        await harness.StartHostAsync();
        return harness;
    }

    /// <summary>Restarts on the same database with some settings changed (a new deployment of the same desk).</summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string?> changes)
    {
        foreach (var (key, value) in changes)
        {
            _settings[key] = value;
        }

        await RestartAsync();
    }

    public async Task RestartAsync()
    {
        await StopHostAsync();
        await StartHostAsync();
    }

    public async Task StopHostAsync()
    {
        if (_host is not null)
        {
            // A host that cannot stop fails the test within a minute instead of hanging the run (Quartz, for one, waits out a
            // failed job-store call on the clock it was given — the test's fake clock).
            await _host.StopAsync(TimeSpan.FromSeconds(10)).WaitAsync(TimeSpan.FromSeconds(60));
            _host.Dispose();
            _host = null;
        }
    }

    /// <summary>
    /// Moves the bot's clock forward in ten-minute steps with short real pauses, so Quartz and the outbox see
    /// the time pass as they would in reality (one big jump would look like downtime to Quartz).
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var step = TimeSpan.FromMinutes(10);
        for (var left = by; left > TimeSpan.Zero; left -= step)
        {
            Clock.Advance(left < step ? left : step);
            await Task.Delay(40);
        }

        await Task.Delay(500);
    }

    /// <summary>
    /// Moves the bot's clock a minute at a time (with short real pauses) until <paramref name="done"/> holds, at most
    /// <paramref name="limit"/>: for what a clock-driven job does «by» a moment, on a machine too busy to say exactly
    /// when Quartz gets round to it. Returns how far the clock went.
    /// </summary>
    public async Task<TimeSpan> AdvanceUntilAsync(Func<bool> done, TimeSpan limit, string what)
    {
        var moved = TimeSpan.Zero;
        while (!done())
        {
            if (moved >= limit)
            {
                throw new TimeoutException($"Within {limit} of the bot's time: {what}.");
            }

            Clock.Advance(TimeSpan.FromMinutes(1));
            moved += TimeSpan.FromMinutes(1);
            await Task.Delay(100);
        }

        return moved;
    }

    /// <summary>
    /// Writes the messages to the outbox through the real writer in one unit of work, wakes the sender and waits until
    /// nothing is pending; returns the number of Bot API calls made before, to read the burst's sends after it.
    /// </summary>
    public async Task<int> SendBurstAsync(IReadOnlyList<(long Chat, string Text)> burst, TimeSpan limit)
    {
        var mark = Api.Calls.Count;
        await using (var scope = Services.CreateAsyncScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<ChatSupport.Bot.Outbox.OutboxWriter>();
            foreach (var (chat, text) in burst)
            {
                writer.Send(new ChatSupport.Domain.Channels.OutgoingMessage(
                    new ChatSupport.Domain.Channels.ChatAddress(ChatSupport.Domain.Channels.ChannelKind.Telegram, chat.ToString(System.Globalization.CultureInfo.InvariantCulture)), text));
            }

            await scope.ServiceProvider.GetRequiredService<SupportDbContext>().SaveChangesAsync();
        }

        Services.GetRequiredService<ChatSupport.Bot.Outbox.OutboxSignal>().Notify();
        await Eventually.TrueAsync(async () =>
        {
            await using var db = OpenDatabase();
            return !await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending);
        }, "the whole burst is sent or given up", limit);
        return mark;
    }

    /// <summary>A fresh database context on the bot's database, for checking what was stored.</summary>
    public SupportDbContext OpenDatabase() => Database.CreateContext();

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("CHATSUPPORT_TEST_LOGS") == "1")
        {
            foreach (var line in Logs.Where(l => !l.Contains("DbCommand", StringComparison.Ordinal)))
            {
                Console.WriteLine("LOG " + line);
            }
        }

        await StopHostAsync();
        if (_ownsApi)
        {
            await Api.DisposeAsync();
        }
        if (_max is not null)
        {
            await _max.DisposeAsync();
        }

        TempDirectories.DeleteWithDatabases(Directory);
        if (_ownsPostgres)
        {
            await PostgresServer.DropAsync(Database.ConnectionString);
        }
    }

    private async Task StartHostAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var sla = SlaSetup.FromConfiguration(configuration);
        _host = BotHost.Build([], configuration, sla, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(new QueueLoggerProvider(Logs));
            _configure?.Invoke(builder);
        }, Clock);
        await _host.StartAsync();
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class QueueLogger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
        }
    }
}
