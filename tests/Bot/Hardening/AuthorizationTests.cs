using System.Globalization;
using ChatSupport.Tests.Bot.EndToEnd;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>
/// A running desk with two tickets: #1 of Anna (resolved, awaiting her answer) and #2 of Boris (waiting in
/// the queue). Shared by the rows below, which must all leave it exactly as it is.
/// </summary>
public sealed class AuthorizationFixture : IAsyncLifetime
{
    public const long Anna = 9201;
    public const long Boris = 9202;
    public const long Stranger = 9203;

    public BotHarness Bot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Bot = await BotHarness.StartAsync(new Dictionary<string, string?>(StaffSettings()) { ["Support:FloodControl:Messages"] = "1000" });
        var anna = new FakeUser(Bot.Api, Anna);
        var boris = new FakeUser(Bot.Api, Boris, "Борис");
        var ivan = new FakeUser(Bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Проблема Анны", "3 — неудобство");
        await RegisterAsync(boris, "Секрет Бориса", "2 — серьёзные");
        await ivan.SendAsync("/claim 1");
        await ivan.SendAsync("/resolve 1 Готово");
        await Eventually.TrueAsync(async () => Bot.Api.SentTo(Anna).Any(c => FakeBotApi.TextOf(c).Contains("Проблема решена?", StringComparison.Ordinal)), "ask Anna");
    }

    public async Task DisposeAsync() => await Bot.DisposeAsync();

    /// <summary>Everything an unauthorised action could change, as one comparable line.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var db = Bot.OpenDatabase();
        var tickets = await db.Tickets.Include(t => t.Messages).OrderBy(t => t.Number)
            .Select(t => $"#{t.Number}:{t.Status}:{t.HolderId}:{t.Level}:{t.Messages.Count}:{t.Version}").ToListAsync();
        var events = await db.Set<ChatSupport.Domain.Tickets.TicketEvent>().CountAsync();
        var dialogues = await db.Dialogues.CountAsync();
        return string.Join(" ", tickets) + $" events={events} dialogues={dialogues}";
    }
}

public sealed class AuthorizationTests(AuthorizationFixture desk) : IClassFixture<AuthorizationFixture>
{
    private const string NotStaff = "Эта команда доступна только инженерам поддержки.";

    public static TheoryData<string, string, string> StaffCommandsByOthers()
    {
        var rows = new TheoryData<string, string, string>();
        var commands = new[] { "/queue", "/mine", "/claim 2", "/release 1", "/reply 2 Здравствуйте", "/note 2 заметка", "/level 2 1 срочно", "/resolve 2", "/digest" };
        foreach (var who in new[] { "own-customer", "other-customer", "stranger", "stranger-in-duty-chat" })
        {
            foreach (var command in commands)
            {
                rows.Add(who, command, NotStaff);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(StaffCommandsByOthers))]
    public async Task StaffCommand_ByNonStaff_IsRefusedAndChangesNothing(string who, string command, string expected)
    {
        var before = await desk.SnapshotAsync();
        var mark = desk.Bot.Api.Calls.Count;
        var (user, chat, chatType) = Actor(who);

        desk.Bot.Api.UserSends(user, command, "Кто-то", chatId: chat, chatType: chatType);
        var reply = await desk.Bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == (chat ?? user), what: $"answer {who} {command}", after: mark);

        Assert.Equal(expected, FakeBotApi.TextOf(reply));
        Assert.Equal(before, await desk.SnapshotAsync());
    }

    public static TheoryData<string, string> ButtonsByOthers() => new()
    {
        // The duty card's buttons, pressed by people who are not staff.
        { "own-customer", "claim:2" },
        { "other-customer", "claim:1" },
        { "stranger", "info:2" },
        { "stranger-in-duty-chat", "claim:2" },
        { "stranger-in-duty-chat", "info:1" },
        // Someone else's ticket through customer buttons (forged data).
        { "other-customer", "cf:1:y" },
        { "other-customer", "cf:1:n" },
        { "stranger", "cf:1:y" },
        { "other-customer", "t:1" },
        { "stranger", "cm:1" },
        { "stranger", "d:0:reg" },
        { "other-customer", "my:99999999999" },
        { "stranger", "lang:xx" },
        { "stranger", "" },
    };

    [Theory]
    [MemberData(nameof(ButtonsByOthers))]
    public async Task ForgedOrForeignButton_ChangesNothingAndShowsNothingForeign(string who, string data)
    {
        var before = await desk.SnapshotAsync();
        var mark = desk.Bot.Api.Calls.Count;
        var (user, chat, _) = Actor(who);

        desk.Bot.Api.UserPresses(user, 1, data, "Кто-то", chatId: chat);
        await desk.Bot.Api.WaitForAsync(c => c.Method == "answerCallbackQuery", what: $"answer the press {data}", after: mark);
        await Task.Delay(150);

        Assert.Equal(before, await desk.SnapshotAsync());
        var shown = desk.Bot.Api.Calls.Skip(mark).Where(c => c.Method == "sendMessage").Select(FakeBotApi.TextOf).ToList();
        string[] forbidden = who switch
        {
            "own-customer" => ["Секрет Бориса"],
            "other-customer" => ["Проблема Анны"],
            _ => ["Проблема Анны", "Секрет Бориса"],
        };
        Assert.DoesNotContain(shown, t => forbidden.Any(f => t.Contains(f, StringComparison.Ordinal)));
        Assert.DoesNotContain(desk.Bot.Api.Calls.Skip(mark), c => c.Method == "editMessageText");
    }

    [Theory]
    [InlineData("own-customer", "/ticket 2")]
    [InlineData("other-customer", "/ticket 1")]
    [InlineData("stranger", "/ticket 1")]
    [InlineData("stranger", "/ticket 2")]
    public async Task TicketCommand_ForAnotherCustomersTicket_ShowsNothing(string who, string command)
    {
        var mark = desk.Bot.Api.Calls.Count;
        var (user, _, _) = Actor(who);

        desk.Bot.Api.UserSends(user, command, "Кто-то");
        var reply = await desk.Bot.Api.WaitForAsync(c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == user, what: "answer", after: mark);

        Assert.Contains("не найдена среди ваших заявок", FakeBotApi.TextOf(reply));
    }

    [Fact]
    public async Task Engineer_DigestIsManagersOnly_ManagerGetsIt()
    {
        var mark = desk.Bot.Api.Calls.Count;
        desk.Bot.Api.UserSends(Ivan, "/digest", "Иван");
        var refused = await desk.Bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan, what: "refuse Ivan", after: mark);
        Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(refused));

        desk.Bot.Api.UserSends(Olga, "/digest", "Ольга");
        var digest = await desk.Bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Olga, what: "answer Olga", after: mark);
        Assert.StartsWith("📊 Сводка SLA", FakeBotApi.TextOf(digest));
    }

    [Fact]
    public async Task CustomerView_NeverShowsInternalNotes()
    {
        var mark = desk.Bot.Api.Calls.Count;
        desk.Bot.Api.UserSends(Ivan, "/note 1 внутренняя пометка для коллег", "Иван");
        await desk.Bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).StartsWith("🔒", StringComparison.Ordinal), what: "note", after: mark);

        desk.Bot.Api.UserSends(AuthorizationFixture.Anna, "/ticket 1");
        var card = await desk.Bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == AuthorizationFixture.Anna && FakeBotApi.TextOf(c).StartsWith("Заявка #1", StringComparison.Ordinal), what: "show Anna", after: mark);

        Assert.DoesNotContain("внутренняя пометка", FakeBotApi.TextOf(card));
        Assert.DoesNotContain(desk.Bot.Api.Calls.Skip(mark), c => FakeBotApi.ChatIdOf(c) == AuthorizationFixture.Anna && FakeBotApi.TextOf(c).Contains("внутренняя", StringComparison.Ordinal));
    }

    private static (long User, long? Chat, string ChatType) Actor(string who) => who switch
    {
        "own-customer" => (AuthorizationFixture.Anna, null, "private"),
        "other-customer" => (AuthorizationFixture.Boris, null, "private"),
        "stranger" => (AuthorizationFixture.Stranger, null, "private"),
        "stranger-in-duty-chat" => (AuthorizationFixture.Stranger, Duty, "supergroup"),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };
}
