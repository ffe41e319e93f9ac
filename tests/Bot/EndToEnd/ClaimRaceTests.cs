using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace ChatSupport.Tests.Bot.EndToEnd;

public sealed class ClaimRaceTests
{
    [Fact]
    public async Task TwoClaimsOnTheSameVersion_TheDatabaseLetsOneWin()
    {
        await using var bot = await BotHarness.StartAsync(EngineersEndToEndTests.StaffSettings());
        var anna = new FakeUser(bot.Api, 6001);
        await EngineersEndToEndTests.RegisterAsync(anna, "Проблема", "3 — неудобство");
        var ivan = new StaffMember("Иван Петров", StaffRole.Engineer, "3001");
        var maria = new StaffMember("Мария Сидорова", StaffRole.Engineer, "3002");

        // Two units of work read the same ticket (same version) and both claim it in memory.
        await using var first = bot.OpenDatabase();
        await using var second = bot.OpenDatabase();
        var a = await first.Tickets.Include(t => t.Windows).SingleAsync();
        var b = await second.Tickets.Include(t => t.Windows).SingleAsync();
        a.Claim(ivan, SystemClock());
        b.Claim(maria, SystemClock());

        await first.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = bot.OpenDatabase();
        var stored = await check.Tickets.Include(t => t.Windows).SingleAsync();
        Assert.Equal("Иван Петров", stored.HolderName);
        Assert.Equal("Иван Петров", stored.Windows.Single().ClaimedBy);
        Assert.Equal(1, await check.Set<TicketEvent>().CountAsync(e => e.Kind == TicketEventKind.Claimed));
    }

    private static Instant SystemClock() => Instant.FromDateTimeOffset(BotHarness.Start.AddMinutes(5));
}
