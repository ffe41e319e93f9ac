using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>/block: a customer's messages are kept but never reach the duty chat or an engineer; told once; counted in the digest.</summary>
public sealed class BlockEndToEndTests
{
    [Fact]
    public async Task ABlockedCustomersMessages_NeverReachStaff_TheyAreToldOnce_AndTheDigestCountsThem()
    {
        var settings = StaffSettings();
        settings["Support:ObjectionAddress"] = "claims@vendor.example";
        await using var bot = await BotHarness.StartAsync(settings);
        var anna = new FakeUser(bot.Api, 4901);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Ничего не работает", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();

        Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(await ivan.SendAsync("/block 1")));
        Assert.Equal("Формат: /block 12 [причина] — клиент заявки #12, или /block telegram:1001 (max:…, mail:адрес). Снять: /unblock 12", FakeBotApi.TextOf(await olga.SendAsync("/block кто-то")));
        Assert.Equal("Не нашёл клиента «telegram:999».", FakeBotApi.TextOf(await olga.SendAsync("/block telegram:999")));
        Assert.StartsWith("⛔ Клиент заблокирован: Анна (ООО Ромашка) · Telegram. Его сообщения сохраняются, но до поддержки не доходят", FakeBotApi.TextOf(await olga.SendAsync("/block 1 оскорбления")));
        Assert.Equal("Клиент уже заблокирован: Анна (ООО Ромашка) · Telegram.", FakeBotApi.TextOf(await olga.SendAsync("/block telegram:4901")));

        var mark = bot.Api.Calls.Count;
        var told = await anna.SendAsync("Вы все бездельники!!!");
        Assert.Equal("Поддержка больше не принимает ваши обращения в этом чате. Если вы считаете это ошибкой, напишите на claims@vendor.example.", FakeBotApi.TextOf(told));
        bot.Api.UserSends(anna.Id, "И ещё раз!!!");
        bot.Api.UserSendsPhoto(anna.Id, "photo-abuse");
        await Eventually.TrueAsync(async () =>
        {
            await using var check = bot.OpenDatabase();
            return await check.BlockedMessages.CountAsync() == 3;
        }, "keep the three messages");
        await Task.Delay(500);
        Assert.Single(bot.Api.Calls.Skip(mark), c => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == anna.Id);
        Assert.DoesNotContain(bot.Api.Calls.Skip(mark), c => FakeBotApi.ChatIdOf(c) is Duty or Ivan);

        var digest = FakeBotApi.TextOf(await olga.SendAsync("/digest 2026-11-25"));
        Assert.Contains("Заблокированных клиентов: 1, сообщений от них за день (не переданы поддержке): 3", digest);

        Assert.Equal("✅ Блокировка снята: Анна (ООО Ромашка) · Telegram. Новые сообщения снова доходят до поддержки (сохранённых за время блокировки: 3).",
            FakeBotApi.TextOf(await olga.SendAsync("/unblock 1")));
        Assert.Equal("Клиент не заблокирован: Анна (ООО Ромашка) · Telegram.", FakeBotApi.TextOf(await olga.SendAsync("/unblock 1")));
        mark = bot.Api.Calls.Count;
        await anna.SendAsync("Простите, вопрос по заявке");
        await bot.Api.WaitForAsync(c => FakeBotApi.ChatIdOf(c) == Ivan && FakeBotApi.TextOf(c).Contains("Простите, вопрос по заявке", StringComparison.Ordinal), what: "relay to the holder again", after: mark);

        await using var db = bot.OpenDatabase();
        Assert.Equal(["Вы все бездельники!!!", "И ещё раз!!!", null], await db.BlockedMessages.OrderBy(m => m.Id).Select(m => m.Text).ToListAsync());
    }
}
