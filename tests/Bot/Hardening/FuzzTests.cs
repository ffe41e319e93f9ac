using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>
/// Ten thousand random updates from many users — hostile Unicode, odd commands, forged buttons, update kinds
/// the bot does not use, unknown groups — against the real host. Nothing may crash, every reply must be valid
/// for Telegram, and no one may change what they are not allowed to.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Updates = 10_000;
    private const int Seed = 20261125;

    internal static readonly string[] Pieces =
    [
        "привет", "Hello", "שלום עולם", "مرحبا", "\u200B\u200C\u200D\uFEFF", "\u202Eevil\u202C", "😀👍🏽🇷🇺", "<b>bold</b>", "</a><script>", "*_[]()~`>#+-=|{}.!",
        "&amp;", "\u0000\u0001\u0007", "\t\r\n", "ООО «Ромашка»", "Ñandú", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\uD83D", "Z̷̢̛a̶l̵g̴o̸", "   ", "1", "2", "3", "4", "#1",
    ];

    internal static readonly string[] Commands =
    [
        "/start", "/help", "/new", "/my", "/cancel", "/lang", "/lang en", "/lang xx", "/profile", "/ticket", "/ticket 1", "/ticket -1", "/ticket 99999999999999999999",
        "/ticket abc", "/ticket 1 2 3", "/claim", "/claim 1", "/claim -5", "/release 1 x", "/reply 1 hi", "/note 1 n", "/level 1 9 x", "/level", "/resolve 1",
        "/digest 2026-13-45", "/queue", "/mine", "/frobnicate", "/start@ChatSupportBot", "/", "//", "/ticket\u00A01", "/NEW", "/my extra args here",
    ];

    internal static readonly string[] Buttons =
    [
        "m:new", "m:my", "m:help", "my:0", "my:-1", "my:99999999999", "t:1", "t:0", "t:abc", "cf:1:y", "cf:1:n", "cf:1:maybe", "cm:1", "lang:en", "lang:ru", "lang:de",
        "claim:1", "claim:x", "info:1", "d:0:cat1", "d:1:cat4", "d:2:done", "d:3:lvl1", "d:4:reg", "d:999:reg", "d:x:y:z", "d:-1:cancel", "d:2:st1", "d:3:alty", "",
        "::::", "a:b", "d:1", new string('x', 64),
    ];

    [Fact]
    public async Task TenThousandHostileUpdates_NothingBreaks()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(EndToEnd.EngineersEndToEndTests.StaffSettings())
        {
            ["Support:FloodControl:Messages"] = "10000",
            ["Telegram:GlobalPerSecond"] = "100000",
            ["Telegram:PrivateChatPerSecond"] = "100000",
            ["Telegram:GroupPerMinute"] = "1000000",
        });
        var random = new Random(Seed);
        var users = Enumerable.Range(0, 60).Select(i => 50_000L + i).ToArray();
        var kinds = new Dictionary<string, int>();
        var lastId = 0;
        for (var i = 0; i < Updates; i++)
        {
            var user = users[random.Next(users.Length)];
            var roll = random.Next(100);
            string kind;
            if (roll < 30)
            {
                kind = "text";
                var message = bot.Api.RawMessage(user, user, "private");
                message["text"] = RandomText(random);
                lastId = bot.Api.EnqueueRaw("message", message);
            }
            else if (roll < 50)
            {
                kind = "command";
                var message = bot.Api.RawMessage(user, user, "private");
                message["text"] = Commands[random.Next(Commands.Length)] + (random.Next(4) == 0 ? " " + RandomText(random) : string.Empty);
                lastId = bot.Api.EnqueueRaw("message", message);
            }
            else if (roll < 70)
            {
                kind = "button";
                var chat = random.Next(5) == 0 ? EndToEnd.EngineersEndToEndTests.Duty : user;
                lastId = bot.Api.UserPresses(user, random.Next(1, 5000), Buttons[random.Next(Buttons.Length)], "Fuzz", chatId: chat);
            }
            else if (roll < 78)
            {
                kind = "file";
                var message = bot.Api.RawMessage(user, user, "private");
                message["document"] = new JsonObject { ["file_id"] = $"doc{i}", ["file_unique_id"] = $"u{i}", ["file_name"] = RandomText(random), ["file_size"] = random.Next() };
                if (random.Next(2) == 0)
                {
                    message["caption"] = RandomText(random);
                }

                lastId = bot.Api.EnqueueRaw("message", message);
            }
            else if (roll < 84)
            {
                kind = "edited";
                var message = bot.Api.RawMessage(user, user, "private");
                message["text"] = RandomText(random);
                message["edit_date"] = 1_764_000_000;
                lastId = bot.Api.EnqueueRaw("edited_message", message);
            }
            else if (roll < 90)
            {
                kind = "unknown-group";
                var message = bot.Api.RawMessage(user, -777_000 - random.Next(5), "group");
                message["text"] = random.Next(2) == 0 ? Commands[random.Next(Commands.Length)] : RandomText(random);
                lastId = bot.Api.EnqueueRaw("message", message);
            }
            else if (roll < 93)
            {
                kind = "duty-chat";
                var message = bot.Api.RawMessage(user, EndToEnd.EngineersEndToEndTests.Duty, "supergroup");
                message["text"] = Commands[random.Next(Commands.Length)];
                lastId = bot.Api.EnqueueRaw("message", message);
            }
            else
            {
                kind = "unused-kind";
                var which = random.Next(4);
                lastId = which switch
                {
                    0 => bot.Api.EnqueueRaw("channel_post", bot.Api.RawMessage(user, -100_999, "channel")),
                    1 => bot.Api.EnqueueRaw("my_chat_member", new JsonObject
                    {
                        ["chat"] = new JsonObject { ["id"] = user, ["type"] = "private", ["first_name"] = "Fuzz" },
                        ["from"] = new JsonObject { ["id"] = user, ["is_bot"] = false, ["first_name"] = "Fuzz" },
                        ["date"] = 1_764_000_000,
                        ["old_chat_member"] = new JsonObject { ["status"] = "member", ["user"] = new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "Bot" } },
                        ["new_chat_member"] = new JsonObject { ["status"] = "kicked", ["until_date"] = 0, ["user"] = new JsonObject { ["id"] = 123456, ["is_bot"] = true, ["first_name"] = "Bot" } },
                    }),
                    2 => bot.Api.EnqueueRaw("chat_join_request", new JsonObject
                    {
                        ["chat"] = new JsonObject { ["id"] = -100_888, ["type"] = "supergroup", ["title"] = "G" },
                        ["from"] = new JsonObject { ["id"] = user, ["is_bot"] = false, ["first_name"] = "Fuzz" },
                        ["user_chat_id"] = user,
                        ["date"] = 1_764_000_000,
                    }),
                    _ => bot.Api.EnqueueRaw("message", WithSticker(bot.Api.RawMessage(user, user, "private"))),
                };
            }

            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        await bot.Api.WaitForAsync(_ => bot.Api.ConfirmedOffset > lastId, TimeSpan.FromMinutes(5), "take every fuzz update");

        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return !await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending);
        }, "the outbox is drained", TimeSpan.FromMinutes(3));

        // Still alive and answering.
        var probe = new FakeUser(bot.Api, 59_999);
        var alive = await probe.SendAsync("/start");
        Assert.StartsWith("Здравствуйте", FakeBotApi.TextOf(alive));

        var sent = bot.Api.Calls.Where(c => c.Method is "sendMessage" or "editMessageText" or "sendDocument" or "sendPhoto").ToList();
        var errors = bot.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        await using var check = bot.OpenDatabase();
        var tickets = await check.Tickets.ToListAsync();
        var rejected = await check.Outbox.CountAsync(o => o.Status == OutboxStatus.Rejected);
        output.WriteLine($"fuzz: {Updates} updates (seed {Seed}): {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
        output.WriteLine($"fuzz: {sent.Count} replies, {tickets.Count} tickets registered by chance, {errors.Count} error log lines, {rejected} rejected by the API");

        Assert.Empty(errors);
        Assert.Equal(0, rejected);
        Assert.All(sent, ValidForTelegram);
        // Nobody in the fuzz is staff: nothing may have been claimed, resolved or changed by an engineer's hand.
        Assert.All(tickets, t =>
        {
            Assert.Equal(TicketStatus.Registered, t.Status);
            Assert.Null(t.HolderId);
        });
        Assert.False(await check.Set<TicketEvent>().AnyAsync(e => e.Kind != TicketEventKind.Registered && e.Kind != TicketEventKind.CustomerMessage));
    }

    private static void ValidForTelegram(ApiCall call)
    {
        var text = FakeBotApi.TextOf(call);
        if (call.Method is "sendMessage" or "editMessageText")
        {
            Assert.InRange(text.Length, 1, 4096);
            Assert.False(string.IsNullOrWhiteSpace(text));
        }
        else
        {
            Assert.InRange(text.Length, 0, 1024);
        }

        Assert.Null(call.Body["parse_mode"]);
        AssertNoLoneSurrogates(text);

        foreach (var (label, data) in FakeBotApi.ButtonsOf(call))
        {
            Assert.False(string.IsNullOrWhiteSpace(label));
            Assert.InRange(Encoding.UTF8.GetByteCount(data), 1, 64);
        }
    }

    /// <summary>A cut never splits a character: no surrogate stands alone.</summary>
    internal static void AssertNoLoneSurrogates(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                Assert.True(i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]), "a lone high surrogate");
                i++;
            }
            else
            {
                Assert.False(char.IsLowSurrogate(text[i]), "a lone low surrogate");
            }
        }
    }

    internal static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var parts = random.Next(1, 6);
        for (var i = 0; i < parts; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]).Append(random.Next(3) == 0 ? " " : string.Empty);
        }

        if (random.Next(40) == 0)
        {
            builder.Append(new string('Ж', 4100 + random.Next(2000)));
        }

        return builder.ToString();
    }

    private static JsonObject WithSticker(JsonObject message)
    {
        message["sticker"] = new JsonObject { ["file_id"] = "s", ["file_unique_id"] = "su", ["type"] = "regular", ["width"] = 1, ["height"] = 1, ["is_animated"] = false, ["is_video"] = false };
        return message;
    }
}
