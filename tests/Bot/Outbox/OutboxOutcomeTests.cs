using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Tests.Bot.Outbox;

/// <summary>
/// What the outbox does with a stored message for each answer a messenger adapter can give. The adapter is a
/// Moq port with limits far above anything these tests send, the database a migrated SQLite file, the clock a
/// <see cref="FakeTimeProvider"/>; every pass is driven by hand through <see cref="OutboxSender.PassAsync"/>.
/// </summary>
public sealed class OutboxOutcomeTests
{
    private const string Anna = "5001";
    private const string Boris = "5002";
    private const string Duty = "-1001";

    [Fact]
    public async Task PassAsync_WhenAdapterSends_StoresSentWithMessageIdAndTime_AndNeverSendsAgain()
    {
        await using var bench = await OutboxBench.StartAsync();
        bench.AnswerSend(Anna, "Здравствуйте", new SendResult.Sent("42"));
        var id = await bench.QueueAsync(Anna, "Здравствуйте");

        var wait = await bench.PassAsync();

        var row = await bench.RowAsync(id);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal("42", row.SentMessageId);
        Assert.Equal(bench.Now, row.SentAt);
        Assert.Null(row.LastError);
        Assert.Equal(Timeout.InfiniteTimeSpan, wait);

        bench.Clock.Advance(TimeSpan.FromHours(1));
        await bench.PassAsync();
        bench.Telegram.Verify(s => s.SendAsync(Anna, It.Is<OutboxPayload>(p => p.Text == "Здравствуйте"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PassAsync_WhenTrackedSendIsSent_RemembersItsMessageIdUnderTheKey()
    {
        await using var bench = await OutboxBench.StartAsync();
        bench.AnswerSend(Duty, "🟡 #7", new SendResult.Sent("314"));
        var id = await bench.QueueAsync(new OutgoingMessage(Chat(Duty), "🟡 #7") { TrackAs = "card:7" });

        await bench.PassAsync();

        Assert.Equal(OutboxStatus.Sent, (await bench.RowAsync(id)).Status);
        var tracked = await bench.TrackedAsync("card:7");
        Assert.NotNull(tracked);
        Assert.Equal((ChannelKind.Telegram, Duty, "314"), (tracked.Channel, tracked.ChatId, tracked.MessageId));
    }

    [Fact]
    public async Task PassAsync_WhenEditingATrackedMessage_EditsItInPlace()
    {
        await using var bench = await OutboxBench.StartAsync();
        await bench.TrackAsync("card:7", Duty, "314");
        bench.Telegram
            .Setup(s => s.EditAsync(Duty, "314", It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult.Sent("314"));
        var id = await bench.QueueEditAsync(Duty, "card:7", "🛠 #7 в работе");

        await bench.PassAsync();

        bench.Telegram.Verify(s => s.EditAsync(Duty, "314", It.Is<OutboxPayload>(p => p.Text == "🛠 #7 в работе"), It.IsAny<CancellationToken>()), Times.Once);
        bench.Telegram.Verify(s => s.SendAsync(It.IsAny<string>(), It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()), Times.Never);
        var row = await bench.RowAsync(id);
        Assert.Equal((OutboxStatus.Sent, 1, "314"), (row.Status, row.Attempts, row.SentMessageId));
    }

    [Fact]
    public async Task PassAsync_WhenEditedMessageIsUnknown_SendsItAsNewAndTracksThatOne()
    {
        await using var bench = await OutboxBench.StartAsync();
        bench.AnswerSend(Duty, "🛠 #8 в работе", new SendResult.Sent("99"));
        bench.Telegram
            .Setup(s => s.EditAsync(Duty, "99", It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult.Sent("99"));
        var first = await bench.QueueEditAsync(Duty, "card:8", "🛠 #8 в работе");

        await bench.PassAsync();

        // The original never went out: the current state goes as a new message, and that one is the card now.
        bench.Telegram.Verify(s => s.SendAsync(Duty, It.Is<OutboxPayload>(p => p.Text == "🛠 #8 в работе"), It.IsAny<CancellationToken>()), Times.Once);
        bench.Telegram.Verify(s => s.EditAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal((OutboxStatus.Sent, "99"), ((await bench.RowAsync(first)).Status, (await bench.RowAsync(first)).SentMessageId));
        Assert.Equal("99", (await bench.TrackedAsync("card:8"))?.MessageId);

        // The next edit of the same card edits that message.
        await bench.QueueEditAsync(Duty, "card:8", "✅ #8 решена");
        await bench.PassAsync();
        bench.Telegram.Verify(s => s.EditAsync(Duty, "99", It.Is<OutboxPayload>(p => p.Text == "✅ #8 решена"), It.IsAny<CancellationToken>()), Times.Once);
        bench.Telegram.Verify(s => s.SendAsync(It.IsAny<string>(), It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PassAsync_WhenAskedToRetryAfter_WaitsExactlyThatLong_ThenSends()
    {
        await using var bench = await OutboxBench.StartAsync();
        bench.Telegram
            .SetupSequence(s => s.SendAsync(Anna, It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult.RetryAfter(TimeSpan.FromSeconds(7), "Too Many Requests: retry after 7"))
            .ReturnsAsync(new SendResult.Sent("43"));
        var id = await bench.QueueAsync(Anna, "Ваша заявка #1 зарегистрирована");
        var asked = bench.Now;

        var wait = await bench.PassAsync();

        var row = await bench.RowAsync(id);
        Assert.Equal((OutboxStatus.Pending, 1, "Too Many Requests: retry after 7"), (row.Status, row.Attempts, row.LastError));
        Assert.Equal(asked + Duration.FromSeconds(7), row.NextAttemptAt);
        Assert.Equal(TimeSpan.FromSeconds(7), wait);

        // One tick before retry_after ends: not tried again.
        bench.AdvanceTo(row.NextAttemptAt - Duration.FromTicks(1));
        Assert.Equal(TimeSpan.FromTicks(1), await bench.PassAsync());
        bench.Telegram.Verify(s => s.SendAsync(Anna, It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()), Times.Once);

        bench.AdvanceTo(row.NextAttemptAt);
        await bench.PassAsync();

        row = await bench.RowAsync(id);
        Assert.Equal((OutboxStatus.Sent, 2, "43", (string?)null), (row.Status, row.Attempts, row.SentMessageId, row.LastError));
        bench.Telegram.Verify(s => s.SendAsync(Anna, It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task PassAsync_WhenFaultIsTransient_BacksOffDoublingUpToMaxBackoff()
    {
        var maxBackoff = TimeSpan.FromSeconds(8);
        await using var bench = await OutboxBench.StartAsync(maxBackoff);
        bench.Telegram
            .Setup(s => s.SendAsync(Anna, It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult.Transient("HTTP 502: Bad Gateway"));
        var id = await bench.QueueAsync(Anna, "Инженер взял вашу заявку");

        // 1, 2, 4, 8, then 8 again (the cap), each ±20 % jitter so that many waiting bots do not retry in step.
        double[] expected = [1, 2, 4, 8, 8, 8];
        for (var attempt = 1; attempt <= expected.Length; attempt++)
        {
            var tried = bench.Now;
            await bench.PassAsync();

            var row = await bench.RowAsync(id);
            Assert.Equal((OutboxStatus.Pending, attempt, "HTTP 502: Bad Gateway"), (row.Status, row.Attempts, row.LastError));
            var pause = (row.NextAttemptAt - tried).TotalSeconds;
            Assert.InRange(pause, expected[attempt - 1] * 0.8, expected[attempt - 1] * 1.2);

            bench.AdvanceTo(row.NextAttemptAt - Duration.FromTicks(1));
            await bench.PassAsync();
            bench.Telegram.Verify(s => s.SendAsync(Anna, It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()), Times.Exactly(attempt));
            bench.AdvanceTo(row.NextAttemptAt);
        }
    }

    [Fact]
    public async Task PassAsync_WhenRecipientIsUndeliverable_GivesUpAtOnce_AndNeverRetries()
    {
        await using var bench = await OutboxBench.StartAsync();
        bench.Telegram
            .Setup(s => s.SendAsync(Anna, It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new SendResult.Undeliverable("Forbidden: bot was blocked by the user"));
        var first = await bench.QueueAsync(Anna, "Инженер ответил");
        var second = await bench.QueueAsync(Anna, "Заявка #1 решена");

        var wait = await bench.PassAsync();

        foreach (var id in new[] { first, second })
        {
            var row = await bench.RowAsync(id);
            Assert.Equal((OutboxStatus.Undeliverable, 1, "Forbidden: bot was blocked by the user", (string?)null), (row.Status, row.Attempts, row.LastError, row.SentMessageId));
        }

        // Nothing is waiting for a retry; a day later nothing is tried again.
        Assert.Equal(Timeout.InfiniteTimeSpan, wait);
        bench.Clock.Advance(TimeSpan.FromDays(1));
        await bench.PassAsync();
        bench.Telegram.Verify(s => s.SendAsync(Anna, It.Is<OutboxPayload>(p => p.Text == "Инженер ответил"), It.IsAny<CancellationToken>()), Times.Once);
        // Each message learns it on its own (the person may unblock the bot in between): the second was tried once too.
        bench.Telegram.Verify(s => s.SendAsync(Anna, It.Is<OutboxPayload>(p => p.Text == "Заявка #1 решена"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PassAsync_WhenMessengerRejectsTheMessage_GivesItUp_AndTheChatGoesOn()
    {
        await using var bench = await OutboxBench.StartAsync();
        bench.AnswerSend(Anna, "bad", new SendResult.Rejected("Bad Request: can't parse entities"));
        var rejected = await bench.QueueAsync(Anna, "bad");
        var next = await bench.QueueAsync(Anna, "good");

        await bench.PassAsync();

        var row = await bench.RowAsync(rejected);
        Assert.Equal((OutboxStatus.Rejected, 1, "Bad Request: can't parse entities"), (row.Status, row.Attempts, row.LastError));
        Assert.Equal(OutboxStatus.Sent, (await bench.RowAsync(next)).Status);

        bench.Clock.Advance(TimeSpan.FromDays(1));
        await bench.PassAsync();
        bench.Telegram.Verify(s => s.SendAsync(Anna, It.Is<OutboxPayload>(p => p.Text == "bad"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task PassAsync_WhenAdapterKeepsThrowing_RetriesWithBackoff_AndRejectsAfterTenTries()
    {
        await using var bench = await OutboxBench.StartAsync();
        bench.Telegram
            .Setup(s => s.SendAsync(Anna, It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("adapter bug"));
        var cursed = await bench.QueueAsync(Anna, "Здравствуйте");
        var other = await bench.QueueAsync(Boris, "Здравствуйте");

        for (var attempt = 1; attempt < 10; attempt++)
        {
            await bench.PassAsync();
            var row = await bench.RowAsync(cursed);
            Assert.Equal((OutboxStatus.Pending, attempt, "InvalidOperationException: adapter bug"), (row.Status, row.Attempts, row.LastError));
            Assert.True(row.NextAttemptAt > bench.Now, $"attempt {attempt} is retried later, not at once");
            bench.AdvanceTo(row.NextAttemptAt);
        }

        // Everyone else was served from the first pass on.
        Assert.Equal(OutboxStatus.Sent, (await bench.RowAsync(other)).Status);

        await bench.PassAsync();

        var given = await bench.RowAsync(cursed);
        Assert.Equal((OutboxStatus.Rejected, 10, "InvalidOperationException: adapter bug"), (given.Status, given.Attempts, given.LastError));
        bench.Clock.Advance(TimeSpan.FromDays(1));
        await bench.PassAsync();
        bench.Telegram.Verify(s => s.SendAsync(Anna, It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()), Times.Exactly(10));
    }

    [Theory]
    [InlineData("429")]
    [InlineData("502")]
    [InlineData("throws")]
    public async Task PassAsync_WhenAMessageWaitsForARetry_LaterMessagesOfItsChatWaitBehindIt_OtherChatsGoOn(string fault)
    {
        await using var bench = await OutboxBench.StartAsync();
        var a1Answers = bench.Telegram.SetupSequence(s => s.SendAsync(Anna, It.Is<OutboxPayload>(p => p.Text == "a1"), It.IsAny<CancellationToken>()));
        var thenSent = fault switch
        {
            "429" => a1Answers.ReturnsAsync(new SendResult.RetryAfter(TimeSpan.FromSeconds(3), "Too Many Requests: retry after 3")),
            "502" => a1Answers.ReturnsAsync(new SendResult.Transient("HTTP 502: Bad Gateway")),
            _ => a1Answers.ThrowsAsync(new InvalidOperationException("adapter bug")),
        };
        thenSent.ReturnsAsync(new SendResult.Sent("1"));
        var a1 = await bench.QueueAsync(Anna, "a1");
        await bench.QueueAsync(Boris, "b1");
        var a2 = await bench.QueueAsync(Anna, "a2");
        await bench.QueueAsync(Boris, "b2");
        var a3 = await bench.QueueAsync(Anna, "a3");

        await bench.PassAsync();

        Assert.Equal([(Anna, "a1"), (Boris, "b1"), (Boris, "b2")], bench.Sends());
        foreach (var waiting in new[] { a2, a3 })
        {
            var row = await bench.RowAsync(waiting);
            Assert.Equal((OutboxStatus.Pending, 0), (row.Status, row.Attempts));
        }

        bench.AdvanceTo((await bench.RowAsync(a1)).NextAttemptAt);
        await bench.PassAsync();

        // Then Anna's messages go in the order they were written.
        Assert.Equal([(Anna, "a1"), (Boris, "b1"), (Boris, "b2"), (Anna, "a1"), (Anna, "a2"), (Anna, "a3")], bench.Sends());
        Assert.All(await bench.RowsAsync(), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task PassAsync_WhenChannelHasNoSender_RejectsTheMessage_WithoutTryingIt()
    {
        await using var bench = await OutboxBench.StartAsync();
        var id = await bench.QueueAsync(new OutgoingMessage(new ChatAddress(ChannelKind.Max, "182"), "Здравствуйте"));

        await bench.PassAsync();

        var row = await bench.RowAsync(id);
        Assert.Equal((OutboxStatus.Rejected, 0, "No Max channel is configured."), (row.Status, row.Attempts, row.LastError));
        bench.Telegram.Verify(s => s.SendAsync(It.IsAny<string>(), It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static ChatAddress Chat(string chatId) => new(ChannelKind.Telegram, chatId);

    /// <summary>
    /// One <see cref="OutboxSender"/> over a migrated SQLite file and a mocked Telegram adapter whose limits are far above
    /// what a test sends; by default the adapter answers every send with <see cref="SendResult.Sent"/>.
    /// </summary>
    private sealed class OutboxBench : IAsyncDisposable
    {
        /// <summary>25.11.2026 18:30 МСК, as in the end-to-end tests.</summary>
        private static readonly DateTimeOffset Start = new(2026, 11, 25, 15, 30, 0, TimeSpan.Zero);

        private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        private ServiceProvider? _services;
        private OutboxSender? _sender;
        private int _nextMessageId = 1000;

        private OutboxBench()
        {
        }

        public Mock<IChannelSender> Telegram { get; } = new();

        public FakeTimeProvider Clock { get; } = new(Start);

        public Instant Now => Clock.GetUtcNow().ToInstant();

        private OutboxSender Sender => _sender!;

        public static async Task<OutboxBench> StartAsync(TimeSpan? maxBackoff = null)
        {
            var bench = new OutboxBench();
            await bench.InitAsync(new OutboxOptions { MaxBackoff = maxBackoff ?? new OutboxOptions().MaxBackoff });
            return bench;
        }

        private async Task InitAsync(OutboxOptions options)
        {
            Directory.CreateDirectory(_directory);
            // No pooling: the file can be deleted as soon as the test ends, without clearing other tests' pools.
            var connection = $"Data Source={Path.Combine(_directory, "support.db")};Pooling=False";
            _services = new ServiceCollection()
                .AddDbContext<SupportDbContext>(o => o.UseSqlite(connection))
                // What a pass needs besides the database: whose private chat a row goes to (nobody's, here).
                .AddSingleton<IEnumerable<IChannelSender>>([Telegram.Object])
                .AddSingleton(new ChannelTextLimit(ChannelKind.Telegram, 4096))
                .AddSingleton(new ChatSupport.Bot.Staff.StaffDirectory([], null, null, NodaTime.Duration.FromDays(3), ChannelKind.Telegram))
                .AddSingleton<BotIdentity>()
                .AddScoped<OutboxWriter>()
                .AddScoped<ChatSupport.Bot.Staff.StaffReachability>()
                // What a refused recipient sets off (a history line, a note to staff) is the real thing.
                .AddSingleton<TimeProvider>(Clock)
                .AddSingleton(ChatSupport.Bot.Sla.SlaSetup.FromConfiguration(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()))
                .AddSingleton(new TopicSupport(null))
                .AddScoped<ChatSupport.Bot.Staff.IncidentBoard>()
                .AddScoped<ChatSupport.Bot.Staff.TicketNotifier>()
                .AddScoped<IDeliveryProblems, ChatSupport.Bot.Staff.DeliveryProblems>()
                .AddLogging()
                .BuildServiceProvider();
            await using (var scope = _services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<SupportDbContext>().Database.MigrateAsync();
            }

            Telegram.SetupGet(s => s.Channel).Returns(ChannelKind.Telegram);
            Telegram.SetupGet(s => s.GlobalMessagesPerSecond).Returns(10_000);
            Telegram.Setup(s => s.RateLimitFor(It.IsAny<string>())).Returns(new ChatRateLimit(10_000, TimeSpan.FromSeconds(1)));
            Telegram
                .Setup(s => s.SendAsync(It.IsAny<string>(), It.IsAny<OutboxPayload>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync(() => new SendResult.Sent(Interlocked.Increment(ref _nextMessageId).ToString(System.Globalization.CultureInfo.InvariantCulture)));

            _sender = new OutboxSender(
                _services.GetRequiredService<IServiceScopeFactory>(),
                [Telegram.Object],
                new OutboxSignal(),
                Clock,
                options,
                new FaultLog(),
                NullLogger<OutboxSender>.Instance);

        }

        public Task<TimeSpan> PassAsync() => Sender.PassAsync(CancellationToken.None);

        /// <summary>Moves the fake clock to <paramref name="at"/> exactly (the database keeps instants in ticks, as the clock does).</summary>
        public void AdvanceTo(Instant at) => Clock.Advance((at - Now).ToTimeSpan());

        public void AnswerSend(string chatId, string text, SendResult result) =>
            Telegram
                .Setup(s => s.SendAsync(chatId, It.Is<OutboxPayload>(p => p.Text == text), It.IsAny<CancellationToken>()))
                .ReturnsAsync(result);

        /// <summary>The adapter's sends and edits so far, in order, as (chat, text).</summary>
        public List<(string Chat, string? Text)> Sends() =>
            [.. Telegram.Invocations
                .Where(i => i.Method.Name is nameof(IChannelSender.SendAsync) or nameof(IChannelSender.EditAsync))
                .Select(i => ((string)i.Arguments[0]!, ((OutboxPayload)i.Arguments[^2]!).Text))];

        public Task<long> QueueAsync(string chatId, string text) => QueueAsync(new OutgoingMessage(Chat(chatId), text));

        public Task<long> QueueAsync(OutgoingMessage message) => WriteAsync(w => w.Send(message));

        public Task<long> QueueEditAsync(string chatId, string trackKey, string text) => WriteAsync(w => w.Edit(Chat(chatId), trackKey, text, []));

        public async Task TrackAsync(string key, string chatId, string messageId)
        {
            await using var scope = _services!.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
            db.TrackedMessages.Add(new TrackedMessage { Key = key, Channel = ChannelKind.Telegram, ChatId = chatId, MessageId = messageId });
            await db.SaveChangesAsync();
        }

        public async Task<OutboxMessage> RowAsync(long id)
        {
            await using var scope = _services!.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SupportDbContext>().Outbox.AsNoTracking().SingleAsync(o => o.Id == id);
        }

        public async Task<List<OutboxMessage>> RowsAsync()
        {
            await using var scope = _services!.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SupportDbContext>().Outbox.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
        }

        public async Task<TrackedMessage?> TrackedAsync(string key)
        {
            await using var scope = _services!.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SupportDbContext>().TrackedMessages.AsNoTracking().SingleOrDefaultAsync(t => t.Key == key);
        }

        /// <summary>Writes through the real <see cref="OutboxWriter"/> (one row here: short texts, no files) and returns the row's id.</summary>
        private async Task<long> WriteAsync(Action<OutboxWriter> write)
        {
            await using var scope = _services!.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
            write(new OutboxWriter(db, [new ChannelTextLimit(ChannelKind.Telegram, 4096)], Clock));
            var row = Assert.Single(db.ChangeTracker.Entries<OutboxMessage>()).Entity;
            await db.SaveChangesAsync();
            return row.Id;
        }

        public async ValueTask DisposeAsync()
        {
            _sender?.Dispose();
            if (_services is not null)
            {
                await _services.DisposeAsync();
            }

            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
    }
}
