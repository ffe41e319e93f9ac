using ChatSupport.Bot.Pipeline;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ChatSupport.Tests.Bot.EndToEnd;

public sealed class ClaimRaceTests
{
    [Fact]
    public async Task TwoClaimsReachThePipelineAtOnce_OneWinsTheOtherIsToldWho_OneEvent()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings());
        var anna = new FakeUser(bot.Api, 6001);
        await EngineersEndToEndTests.RegisterAsync(anna, "Проблема", "3 — неудобство");
        var pipeline = bot.Services.GetRequiredService<UpdatePipeline>();
        var mark = bot.Api.Calls.Count;

        // Not through the updates loop (it handles one update at a time): two presses handled concurrently, as
        // two replicas or a concurrent pipeline would.
        using var start = new Barrier(2);
        var claims = new[] { ("3001", "Иван", "cb-ivan"), ("3002", "Мария", "cb-maria") }.Select(who => Task.Run(async () =>
        {
            start.SignalAndWait();
            await pipeline.ProcessAsync(Press(who.Item1, who.Item2, who.Item3), CancellationToken.None);
        })).ToList();
        await Task.WhenAll(claims);

        var answers = await bot.Api.WaitForNthAsync(c => c.Method == "answerCallbackQuery", 2, what: "answer both presses", after: mark)
            .ContinueWith(_ => bot.Api.Calls.Skip(mark).Where(c => c.Method == "answerCallbackQuery").ToDictionary(c => c.Body["callback_query_id"]!.GetValue<string>(), c => c.Body["text"]?.GetValue<string>()), TaskScheduler.Default);
        await using var check = bot.OpenDatabase();
        var stored = await check.Tickets.Include(t => t.Windows).SingleAsync();
        var (winner, loser) = stored.HolderName == "Иван Петров" ? ("cb-ivan", "cb-maria") : ("cb-maria", "cb-ivan");
        Assert.Contains(stored.HolderName, new[] { "Иван Петров", "Мария Сидорова" });
        Assert.Equal(stored.HolderName, stored.Windows.Single().ClaimedBy);
        Assert.Equal("Вы взяли #1", answers[winner]);
        Assert.Equal($"Заявку #1 уже взял {stored.HolderName}.", answers[loser]);
        Assert.Equal(1, await check.Set<TicketEvent>().CountAsync(e => e.Kind == TicketEventKind.Claimed));
        Assert.Equal($"Инженер {stored.HolderName} взял вашу заявку #1 в работу.", FakeBotApi.TextOf(await anna.NextAsync()));
    }

    [Fact]
    public async Task TwoClaimsOnTheSameVersion_TheDatabaseLetsOneWin()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings());
        var anna = new FakeUser(bot.Api, 6002);
        await EngineersEndToEndTests.RegisterAsync(anna, "Проблема", "3 — неудобство");
        var ivan = new StaffMember("Иван Петров", StaffRole.Engineer, "3001");
        var maria = new StaffMember("Мария Сидорова", StaffRole.Engineer, "3002");

        // Two units of work read the same ticket (same version) and both claim it in memory: the optimistic
        // concurrency token makes the second save fail (the pipeline then handles that update again).
        await using var first = bot.OpenDatabase();
        await using var second = bot.OpenDatabase();
        var a = await first.Tickets.Include(t => t.Windows).SingleAsync();
        var b = await second.Tickets.Include(t => t.Windows).SingleAsync();
        var at = Instant.FromDateTimeOffset(BotHarness.Start.AddMinutes(5));
        a.Claim(ivan, at);
        b.Claim(maria, at);

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = bot.OpenDatabase();
        var stored = await check.Tickets.Include(t => t.Windows).SingleAsync();
        Assert.Equal("Иван Петров", stored.HolderName);
        Assert.Equal(1, await check.Set<TicketEvent>().CountAsync(e => e.Kind == TicketEventKind.Claimed));
    }

    [Fact]
    public async Task TwoWritersMovingOneDialogue_TheSecondIsRefused_TheSweepLeavesItToTheCustomer()
    {
        await using var bot = await BotHarness.StartAsync();
        var anna = new FakeUser(bot.Api, 6003);
        await anna.SendAsync("/new");
        await anna.SendAsync("ООО Ромашка");

        // The sweep job and the customer's update read the same dialogue; the customer's change lands first.
        await using var sweep = bot.OpenDatabase();
        await using var customer = bot.OpenDatabase();
        var a = await sweep.Dialogues.SingleAsync();
        var b = await customer.Dialogues.SingleAsync();
        b.LastActivityAt += Duration.FromMinutes(1);
        await customer.SaveChangesAsync();
        a.Status = ChatSupport.Bot.Persistence.DialogueStatus.Dropped;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => sweep.SaveChangesAsync());

        await using var check = bot.OpenDatabase();
        var stored = await check.Dialogues.SingleAsync();
        Assert.Equal(ChatSupport.Bot.Persistence.DialogueStatus.Active, stored.Status);
        Assert.Equal(b.Version, stored.Version);
        Assert.True(stored.Version > 0);
    }

    private static IncomingUpdate Press(string userId, string name, string callbackId) => new()
    {
        UpdateKey = "race-" + callbackId,
        Channel = ChannelKind.Telegram,
        ChatId = EngineersEndToEndTests.Duty.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ChatKind = ChatKind.Group,
        From = new Sender(userId, name, null, "ru"),
        Button = new ButtonPress(callbackId, "claim:1", null),
    };
}
