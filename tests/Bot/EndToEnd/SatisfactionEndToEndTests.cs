using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>CSAT through Telegram: the score under the closing message, its comment, the managers' alert, the digest, the auto-close.</summary>
public sealed class SatisfactionEndToEndTests
{
    private static bool ToManagers(ApiCall c) => c.Method == "sendMessage" && FakeBotApi.ChatIdOf(c) == Managers;

    [Fact]
    public async Task LowScore_ReachesTheManagers_WithItsComment_AndTheDigestCountsIt()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4401);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Не печатаются счета", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1 Переустановили драйвер");
        await anna.NextAsync();

        var closed = await anna.PressAsync("Да, закрыть");
        Assert.Equal(
            "Спасибо! Заявка #1 закрыта. Если понадобится помощь — создайте новую заявку.\n\nОцените, пожалуйста, работу поддержки по заявке #1: 1 — плохо, 5 — отлично.",
            FakeBotApi.TextOf(closed));
        Assert.Equal(["😞 1", "🙁 2", "😐 3", "🙂 4", "😍 5"], FakeBotApi.ButtonsOf(closed).Keys.Take(5));

        var mark = bot.Api.Calls.Count;
        var thanks = await anna.PressAsync("🙁 2");
        Assert.StartsWith("Спасибо за оценку 2 из 5 по заявке #1!", FakeBotApi.TextOf(thanks));
        var alert = await bot.Api.WaitForAsync(ToManagers, what: "the low score alert", after: mark);
        Assert.Equal("⚠ Низкая оценка по заявке #1: 2 из 5 · ООО Ромашка · Анна · инженер Иван Петров\nПодробности: /ticket 1", FakeBotApi.TextOf(alert));

        // Pressed again: kept as it was.
        Assert.Equal("Заявку #1 вы уже оценили: 2 из 5. Спасибо!", FakeBotApi.TextOf(await anna.PressAsync("😍 5")));

        mark = bot.Api.Calls.Count;
        Assert.Equal("Спасибо, ваш комментарий к оценке сохранён и передан руководителю поддержки.", FakeBotApi.TextOf(await anna.SendAsync("Ждали ответа два дня")));
        var comment = await bot.Api.WaitForAsync(ToManagers, what: "the comment", after: mark);
        Assert.Equal("💬 Комментарий к оценке 2 из 5 по заявке #1:\nЖдали ответа два дня", FakeBotApi.TextOf(comment));

        // The next message is no comment any more: as before, there is no open ticket to add it to.
        Assert.StartsWith("Чтобы обратиться в поддержку, создайте заявку", FakeBotApi.TextOf(await anna.SendAsync("И ещё одно")));

        var digest = await olga.SendAsync("/digest 2026-11-25");
        Assert.Contains("Оценки клиентов: 1, средняя 2,0 из 5; низких (1–2): 1\n  Иван Петров: 1, средняя 2,0", FakeBotApi.TextOf(digest));

        await using var db = bot.OpenDatabase();
        var ticket = await db.Tickets.SingleAsync();
        Assert.Equal((2, "Ждали ответа два дня"), (ticket.SatisfactionScore!.Value, ticket.SatisfactionComment));
    }

    [Fact]
    public async Task WithAnotherTicketOpen_TheMessageAfterTheScore_GoesToThatTicket()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4403);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Первая проблема", "3 — неудобство");
        await RegisterAsync(anna, "Вторая проблема", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1 Готово");
        await anna.NextAsync();
        await anna.PressAsync("Да, закрыть");

        Assert.Equal("Спасибо за оценку 4 из 5 по заявке #1!", FakeBotApi.TextOf(await anna.PressAsync("🙂 4")));
        Assert.Equal("Добавил ваше сообщение к заявке #2. Инженер его увидит.", FakeBotApi.TextOf(await anna.SendAsync("По второй: версия 8.3.24")));

        await using var db = bot.OpenDatabase();
        Assert.Null((await db.Tickets.SingleAsync(t => t.Number == 1)).SatisfactionComment);
        Assert.Equal("По второй: версия 8.3.24", (await db.Set<TicketMessage>().OrderBy(m => m.Id).LastAsync()).Text);
    }

    [Fact]
    public async Task ClosedByItself_AsksToo_AndAHighScoreStaysQuiet_CommentAfterTenMinutesIsNoComment()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4402);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Вопрос по отчёту", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1 Ответили в письме");
        await anna.NextAsync();

        bot.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var closed = await anna.NextAsync();
        Assert.StartsWith("Заявка #1 закрыта: после решения ответа не было 3 дн.", FakeBotApi.TextOf(closed));
        Assert.EndsWith("Оцените, пожалуйста, работу поддержки по заявке #1: 1 — плохо, 5 — отлично.", FakeBotApi.TextOf(closed));

        await anna.PressAsync("😍 5");
        bot.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.StartsWith("Чтобы обратиться в поддержку, создайте заявку", FakeBotApi.TextOf(await anna.SendAsync("Всё отлично")));
        // (The managers' chat had its daily digests meanwhile; no alert.)
        Assert.DoesNotContain(bot.Api.Calls, c => ToManagers(c) && (FakeBotApi.TextOf(c).StartsWith("⚠ Низкая", StringComparison.Ordinal) || FakeBotApi.TextOf(c).StartsWith("💬", StringComparison.Ordinal)));

        await using var db = bot.OpenDatabase();
        var ticket = await db.Tickets.SingleAsync();
        Assert.Equal(5, ticket.SatisfactionScore);
        Assert.Null(ticket.SatisfactionComment);
        Assert.Equal(1, await db.Set<TicketEvent>().CountAsync(e => e.Kind == TicketEventKind.SatisfactionAsked));
    }
}
