using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatSupport.Tests.Bot.EndToEnd;

public sealed class MigrationTests
{
    [Fact]
    public async Task NewVersion_OnDatabaseOfTheFirstVersion_KeepsItsTicketsWorking()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "old.db");
        await using (var old = new ChatSupport.Bot.Persistence.SupportDbContext(
            new DbContextOptionsBuilder<ChatSupport.Bot.Persistence.SupportDbContext>().UseSqlite($"Data Source={path}").Options))
        {
            // The schema as the first release left it, with one registered ticket in it.
            await old.GetService<IMigrator>().MigrateAsync("20261125203656_Initial");
            await old.Database.ExecuteSqlRawAsync("""
                INSERT INTO Customers (Id, Channel, UserId, ChatId, DisplayName, Username, Organisation, Language, LanguageChosen, Awaiting, PendingComment)
                VALUES (1, 'Telegram', '5001', '5001', 'Анна', 'anna', 'ООО Старое', 'Ru', 0, 'Nothing', 'null');
                UPDATE Counters SET Value = 1 WHERE Name = 'ticket-number';
                INSERT INTO Tickets (Id, Number, CustomerId, Category, Description, Level, LevelChoice, NeedsTriage, Received, Registered, ReactionWindowStart, Status,
                    Customer_Channel, Customer_ChatId, Customer_CustomerId, Customer_Name, Customer_Organisation, Customer_UserId, Customer_Username,
                    ReactionDeadline_At, ReactionDeadline_EndOfDay)
                VALUES (1, 1, 1, 'Diagnostics', 'Старая проблема', 'Low', 'Customer', 0, 17640828000000000, 17640828000000000, 17640828000000000, 'Registered',
                    'Telegram', '5001', 1, 'Анна', 'ООО Старое', '5001', 'anna', 17643455990000000, '2025-11-28');
                """);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Copy(path, Path.Combine(directory, "support.db"));
        await using (var check = new ChatSupport.Bot.Persistence.SupportDbContext(
            new DbContextOptionsBuilder<ChatSupport.Bot.Persistence.SupportDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "support.db")}").Options))
        {
            Assert.Equal(1, await check.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Tickets").SingleAsync());
        }

        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>(EngineersEndToEndTests.StaffSettings())
        {
            ["ConnectionStrings:Support"] = $"Data Source={Path.Combine(directory, "support.db")}",
        });
        var ivan = new FakeUser(bot.Api, EngineersEndToEndTests.Ivan, "Иван");

        var claimed = await ivan.SendAsync("/claim 1");

        Assert.StartsWith("Вы взяли #1", FakeBotApi.TextOf(claimed));
        var anna = new FakeUser(bot.Api, 5001);
        Assert.Equal("Инженер Иван Петров взял вашу заявку #1 в работу.", FakeBotApi.TextOf(await anna.NextAsync()));
        var list = await anna.SendAsync("/my");
        Assert.Contains("#1 · в работе", FakeBotApi.TextOf(list));
        await RegisterNext(anna);
        await using var db = new ChatSupport.Bot.Persistence.SupportDbContext(
            new DbContextOptionsBuilder<ChatSupport.Bot.Persistence.SupportDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "support.db")}").Options);
        Assert.Equal([1, 2], await db.Tickets.OrderBy(t => t.Number).Select(t => t.Number).ToListAsync());
    }

    private static async Task RegisterNext(FakeUser anna)
    {
        await anna.SendAsync("/new");
        await anna.PressAsync("Диагностика");
        await anna.SendAsync("Новая проблема");
        await anna.PressAsync("Готово");
        await anna.PressAsync("3 — неудобство");
        var registered = await anna.PressAsync("Зарегистрировать");
        Assert.StartsWith("Заявка #2 зарегистрирована", FakeBotApi.TextOf(registered));
    }
}
