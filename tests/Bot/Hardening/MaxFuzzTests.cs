using System.Text;
using System.Text.Json.Nodes;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChatSupport.Tests.Bot.Hardening;

/// <summary>
/// The Telegram fuzz's rules for MAX input: hostile texts, odd commands, forged button payloads (staff ones
/// included), files with hostile names and sizes, group chats, kinds the bot does not use and updates that do
/// not match the schema. Nothing may crash, every reply must be valid for MAX, and nobody may change what they
/// are not allowed to — a MAX user is never staff, whatever their id.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class MaxFuzzTests(ITestOutputHelper output)
{
    private const int Updates = 3_000;
    private const int Seed = 20261126;

    private static readonly string[] FileNames = ["report.pdf", "../../etc/passwd", "C:\\Windows\\system.ini", "a\u0000b.txt", "😀.png", new string('я', 400), "", "   "];

    [Fact]
    public async Task ThreeThousandHostileMaxUpdates_NothingBreaks()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(EndToEnd.EngineersEndToEndTests.StaffSettings())
        {
            ["Support:FloodControl:Messages"] = "10000",
            ["Max:RequestsPerSecond"] = "1000",
            ["Max:ChatPerSecond"] = "100",
        }, withMax: true);
        var random = new Random(Seed);
        // Some MAX users carry the very ids of the Telegram staff: they must stay customers.
        var users = Enumerable.Range(0, 40).Select(i => 60_000L + i).Concat([EndToEnd.EngineersEndToEndTests.Ivan, EndToEnd.EngineersEndToEndTests.Olga]).ToArray();
        var kinds = new Dictionary<string, int>();
        long last = 0;
        for (var i = 0; i < Updates; i++)
        {
            var user = users[random.Next(users.Length)];
            var roll = random.Next(100);
            string kind;
            if (roll < 28)
            {
                kind = "text";
                last = bot.Max.UserSends(user, FuzzTests.RandomText(random));
            }
            else if (roll < 48)
            {
                kind = "command";
                last = bot.Max.UserSends(user, FuzzTests.Commands[random.Next(FuzzTests.Commands.Length)] + (random.Next(4) == 0 ? " " + FuzzTests.RandomText(random) : string.Empty));
            }
            else if (roll < 68)
            {
                kind = "button";
                last = bot.Max.UserPresses(user, "mid.out." + random.Next(1, 5000), FuzzTests.Buttons[random.Next(FuzzTests.Buttons.Length)]);
            }
            else if (roll < 76)
            {
                kind = "file";
                var attachment = new JsonObject
                {
                    ["type"] = "file",
                    ["payload"] = new JsonObject { ["url"] = $"{bot.Max.BaseUrl}/files/none-{i}", ["token"] = $"tok-in-{i}" },
                    ["filename"] = FileNames[random.Next(FileNames.Length)],
                    ["size"] = random.Next(3) == 0 ? -5 : random.NextInt64(0, 10L * 1024 * 1024 * 1024),
                };
                last = bot.Max.UserSends(user, random.Next(2) == 0 ? FuzzTests.RandomText(random) : null, attachments: [attachment]);
            }
            else if (roll < 80)
            {
                kind = "edited";
                var update = Message(user, FuzzTests.RandomText(random));
                update["update_type"] = "message_edited";
                last = bot.Max.Enqueue(update);
            }
            else if (roll < 85)
            {
                kind = "group";
                last = bot.Max.UserSends(user, FuzzTests.Commands[random.Next(FuzzTests.Commands.Length)], chatType: "chat", chatId: EndToEnd.EngineersEndToEndTests.Duty);
            }
            else if (roll < 89)
            {
                kind = "unsupported";
                JsonObject[] odd =
                [
                    new() { ["type"] = "sticker", ["payload"] = new JsonObject { ["url"] = "x", ["code"] = "c" }, ["width"] = 1, ["height"] = 1 },
                    new() { ["type"] = "location", ["latitude"] = 55.7, ["longitude"] = 37.6 },
                    new() { ["type"] = "contact", ["payload"] = new JsonObject { ["vcf_info"] = "BEGIN:VCARD" } },
                    new() { ["type"] = "hologram", ["payload"] = new JsonObject() },
                ];
                last = bot.Max.UserSends(user, null, attachments: [odd[random.Next(odd.Length)]]);
            }
            else if (roll < 93)
            {
                kind = "unused-kind";
                string[] types = ["bot_removed", "message_removed", "dialog_muted", "user_added", "chat_title_changed", "from_the_future"];
                last = bot.Max.Enqueue(new JsonObject { ["update_type"] = types[random.Next(types.Length)], ["timestamp"] = 1, ["chat_id"] = user, ["user"] = new JsonObject { ["user_id"] = user, ["first_name"] = "F", ["is_bot"] = false } });
            }
            else if (roll < 97)
            {
                kind = "malformed";
                JsonObject[] broken =
                [
                    new() { ["update_type"] = "message_created", ["timestamp"] = "yesterday" },
                    new() { ["update_type"] = "message_created", ["message"] = "not an object" },
                    new() { ["update_type"] = "message_callback", ["callback"] = new JsonObject { ["callback_id"] = 5 } },
                    new() { ["update_type"] = "bot_started", ["user"] = new JsonArray() },
                    new() { ["timestamp"] = 1 },
                    Message(user, null),
                ];
                last = bot.Max.Enqueue(broken[random.Next(broken.Length)]);
            }
            else
            {
                kind = "started";
                last = bot.Max.UserStarts(user, FuzzTests.RandomText(random));
            }

            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        await Eventually.TrueAsync(() => Task.FromResult(bot.Max.ConfirmedMarker >= last), "take every fuzz update", TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return !await db.Outbox.AnyAsync(o => o.Status == OutboxStatus.Pending);
        }, "the outbox is drained", TimeSpan.FromMinutes(3));

        var probe = new FakeMaxUser(bot.Max, 69_999);
        Assert.StartsWith("Здравствуйте", (await probe.StartAsync()).Text);

        var sent = bot.Max.Calls.Where(c => c.Path == "messages").ToList();
        var errors = bot.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        await using var check = bot.OpenDatabase();
        var tickets = await check.Tickets.ToListAsync();
        var rejected = await check.Outbox.CountAsync(o => o.Status == OutboxStatus.Rejected);
        output.WriteLine($"max fuzz: {Updates} updates (seed {Seed}): {string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}");
        output.WriteLine($"max fuzz: {sent.Count} messages, {tickets.Count} tickets by chance, {errors.Count} error lines, {rejected} rejected");

        Assert.Empty(errors);
        Assert.Equal(0, rejected);
        Assert.All(sent, ValidForMax);
        Assert.All(tickets, t =>
        {
            Assert.Equal(TicketStatus.Registered, t.Status);
            Assert.Null(t.HolderId);
            Assert.Equal(ChannelKind.Max, t.Customer.Channel);
        });
        Assert.False(await check.Set<TicketEvent>().AnyAsync(e => e.Kind != TicketEventKind.Registered && e.Kind != TicketEventKind.CustomerMessage));
        // Nothing went to the Telegram staff chats' private lines from a MAX user acting as staff.
        Assert.DoesNotContain(bot.Api.Calls, c => FakeBotApi.TextOf(c).StartsWith("Вы взяли", StringComparison.Ordinal));
    }

    private static JsonObject Message(long user, string? text) => new()
    {
        ["update_type"] = "message_created",
        ["timestamp"] = 1,
        ["message"] = new JsonObject
        {
            ["sender"] = new JsonObject { ["user_id"] = user, ["first_name"] = "F", ["is_bot"] = false },
            ["recipient"] = new JsonObject { ["chat_id"] = FakeMaxApi.DialogOf(user), ["chat_type"] = "dialog" },
            ["body"] = new JsonObject { ["mid"] = "mid.e." + Guid.NewGuid().ToString("N"), ["text"] = text },
        },
    };

    private static void ValidForMax(MaxCall call)
    {
        var text = call.Text;
        Assert.InRange(text.Length, call.Files.Count > 0 ? 0 : 1, 4000);
        Assert.Null(call.Body["format"]);
        FuzzTests.AssertNoLoneSurrogates(text);

        foreach (var (label, payload) in call.Buttons)
        {
            Assert.InRange(label.Length, 1, 128);
            Assert.InRange(Encoding.UTF8.GetByteCount(payload), 1, 1024);
        }
    }
}
