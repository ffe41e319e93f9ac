using System.Text;
using ChatSupport.Bot.Cli;
using ChatSupport.Bot.Digest;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.EndToEnd;

/// <summary>152-ФЗ: the notice at the first contact, /forget and erase, the history's one sanctioned update, retention.</summary>
public sealed class PersonalDataEndToEndTests
{
    private const string Policy = "https://vendor.example/privacy";
    private const string Organisation = "ООО Гиперборея-Девять";
    private const string Description = "Склад Кузьминки-17 не выгружает накладные";
    private const string Reply = "Переподключили обмен Кузьминки-17";
    private const string Comment = "Долго ждали ответа Борисова";

    private static Dictionary<string, string?> Settings()
    {
        var settings = StaffSettings();
        settings["Support:PrivacyPolicyUrl"] = Policy;
        return settings;
    }

    [Fact]
    public async Task Forget_ErasesTheClosedTicket_TheFileKeepsNoneOfIt_AndTheDigestStillCountsIt()
    {
        await using var bot = await BotHarness.StartAsync(Settings());
        var vera = new FakeUser(bot.Api, 4701, "Вероника");
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");

        // The notice comes first, once; its moment is the consent record.
        var notice = await vera.SendAsync("/start");
        Assert.Equal($"ℹ️ Чтобы решать ваши заявки, мы храним ваше имя, организацию, сообщения и файлы. Как мы обращаемся с персональными данными: {Policy}. Удалить свои данные можно командой /forget.", FakeBotApi.TextOf(notice));
        await vera.NextAsync();
        Assert.DoesNotContain(bot.Api.SentTo(vera.Id).Skip(2), c => FakeBotApi.TextOf(c).StartsWith("ℹ️", StringComparison.Ordinal));

        await vera.SendAsync("/new");
        await vera.SendAsync(Organisation);
        await vera.PressAsync("Диагностика");
        await vera.SendAsync(Description);
        await vera.SendPhotoAsync("photo-kuzminki", caption: "накладная Кузьминки-17");
        await vera.PressAsync("Готово");
        await vera.PressAsync("2 — серьёзные");
        await vera.PressAsync("Зарегистрировать");
        await ivan.SendAsync("/claim 1");
        await vera.NextAsync();

        Assert.Equal("Сейчас удалить данные нельзя: заявка #1 ещё открыта — данные нужны, чтобы её решить. Когда она будет закрыта, повторите /forget.",
            FakeBotApi.TextOf(await vera.SendAsync("/forget")));

        await ivan.SendAsync($"/reply 1 {Reply}");
        await vera.NextAsync();
        await ivan.SendAsync("/resolve 1 Готово");
        await vera.NextAsync();
        await vera.PressAsync("Да, закрыть");
        await vera.PressAsync("🙁 2");
        await vera.SendAsync(Comment);

        var ask = await vera.SendAsync("/forget");
        Assert.StartsWith("Удалить ваши персональные данные? Из ваших закрытых заявок (1) удалятся имя, организация, тексты сообщений и файлы", FakeBotApi.TextOf(ask));
        Assert.Equal(["🗑 Да, удалить", "Нет, оставить"], FakeBotApi.ButtonsOf(ask).Keys);
        Assert.Equal("Хорошо, ничего не удалено.", FakeBotApi.TextOf(await vera.PressAsync("Нет, оставить")));

        await vera.SendAsync("/forget");
        var mark = bot.Api.Calls.Count;
        static bool Emptied(string line) => line.Contains("Erasure: the WAL was emptied", StringComparison.Ordinal);
        var checkpoints = bot.Logs.Count(Emptied);
        var done = await vera.PressAsync("🗑 Да, удалить");
        Assert.True(!FakeBotApi.TextOf(done).StartsWith("Извините", StringComparison.Ordinal), string.Join("\n", bot.Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Warning", StringComparison.Ordinal)).Select(l => l.Length > 3000 ? l[..3000] : l)));
        Assert.StartsWith("🗑 Готово: ваши персональные данные удалены — из заявок #1 имя, организация, тексты сообщений и файлы, из профиля имя и организация.", FakeBotApi.TextOf(done));

        // The card in the duty chat is edited to the anonymised one.
        var card = await bot.Api.WaitForAsync(c => c.Method == "editMessageText" && FakeBotApi.ChatIdOf(c) == Duty && FakeBotApi.TextOf(c).Contains("Клиент: данные клиента удалены (152-ФЗ) · Telegram", StringComparison.Ordinal), what: "edit the card", after: mark);
        Assert.DoesNotContain(Organisation, FakeBotApi.TextOf(card), StringComparison.Ordinal);
        Assert.DoesNotContain("Кузьминки", FakeBotApi.TextOf(card), StringComparison.Ordinal);

        await using (var db = bot.OpenDatabase())
        {
            var ticket = await db.Tickets.Include(t => t.Events).Include(t => t.Messages).Include(t => t.Attachments).SingleAsync();
            Assert.Equal((Anonymised.Text, Anonymised.Text, Anonymised.Text, (string?)null), (ticket.Customer.Name, ticket.Customer.Organisation, ticket.Description, ticket.Customer.Username));
            Assert.Equal((2, Anonymised.Text), (ticket.SatisfactionScore!.Value, ticket.SatisfactionComment));
            Assert.All(ticket.Messages, m => Assert.Equal(Anonymised.Text, m.Text));
            Assert.Empty(ticket.Attachments);
            Assert.All(ticket.Events, e => Assert.Null(e.Data.Text));
            Assert.All(ticket.Events.Where(e => e.ActorKind == ActorKind.Customer), e => Assert.Equal((Anonymised.Text, (string?)null), (e.ActorName, e.ActorId)));
            var erased = Assert.Single(ticket.Events, e => e.Kind == TicketEventKind.PersonalDataErased);
            Assert.Equal(ErasureReason.CustomerRequest, erased.Data.Erasure);
            // Everything else of the history is still there, in order.
            Assert.Contains(ticket.Events, e => e.Kind == TicketEventKind.Claimed && e.Data.Reaction == ReactionOutcome.Met);
            var customer = await db.Customers.SingleAsync(c => c.UserId == "4701");
            Assert.Equal((Anonymised.Text, (string?)null, (string?)null), (customer.DisplayName, customer.Organisation, customer.Username));
            Assert.NotNull(customer.PrivacyNoticeAt);

            // The digest of the day still counts the ticket and its reaction.
            var digest = await new DigestService(db, bot.Services.GetRequiredService<ChatSupport.Bot.Sla.SlaSetup>(), bot.Clock).ComputeAsync(new NodaTime.LocalDate(2026, 11, 25), CancellationToken.None);
            Assert.Equal(1, digest.RegisteredByLevel.Values.Sum());
        }

        if (bot.Database.IsPostgres)
        {
            return;
        }

        // The minute sweep empties the WAL (what the bot writes after that is new); then neither file holds a byte of
        // what Вероника wrote or was told.
        await bot.AdvanceUntilAsync(() => bot.Logs.Count(Emptied) > checkpoints, TimeSpan.FromMinutes(5), "checkpoint the WAL after the erasure");
        foreach (var file in new[] { bot.DatabasePath, bot.DatabasePath + "-wal" }.Where(File.Exists))
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var secret in new[] { Organisation, "Кузьминки-17", Comment, "Вероника", "user4701", "photo-kuzminki" })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"«{secret}» is still in {Path.GetFileName(file)}");
            }
        }
    }

    [Fact]
    public async Task TheHistory_RefusesEveryUpdateButErasure_AndEveryDelete()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4702);
        await RegisterAsync(anna, "Проблема с отчётом", "3 — неудобство");
        await using var db = bot.OpenDatabase();
        var id = await db.Set<TicketEvent>().Where(e => e.ActorKind == ActorKind.Customer).Select(e => e.Id).FirstAsync();

        foreach (var forged in new[]
        {
            """UPDATE "TicketEvents" SET "At" = "At" + 1 WHERE "Id" = {0}""",
            """UPDATE "TicketEvents" SET "Kind" = 'Closed' WHERE "Id" = {0}""",
            """UPDATE "TicketEvents" SET "ActorName" = 'Кто-то другой' WHERE "Id" = {0}""",
            """UPDATE "TicketEvents" SET "Data" = '{{"level":1}}' WHERE "Id" = {0}""",
            """UPDATE "TicketEvents" SET "ActorKind" = 'Engineer', "ActorName" = '—' WHERE "Id" = {0}""",
            """DELETE FROM "TicketEvents" WHERE "Id" = {0}""",
        })
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync(forged, id));
        }

        // The one allowed: the customer's name and id blanked (the free text too, where a line has one).
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("""UPDATE "TicketEvents" SET "ActorName" = '—', "ActorId" = NULL WHERE "Id" = {0}""", id));
    }

    [Fact]
    public async Task Erase_FromTheCommandLine_RefusesOpenTickets_ThenErases_AndSaysSoInItsExitCode()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4703);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Отчёт Сириус-5 не строится", "3 — неудобство");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(Settings().Concat(bot.DatabaseKeys))
        {
            ["Telegram:BotToken"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = bot.Api.BaseUrl,
        }).Build();
        (int Code, string Output, string Error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var code = ChatSupportCli.Run(args, configuration, new StringReader(string.Empty), output, error);
            return (code, output.ToString().Trim(), error.ToString().Trim());
        }

        Assert.Equal((ExitCodes.BadInput, "erase: «anna» is not a customer key; use telegram:1001, max:2002 or mail:anna@example.ru"), (Run("erase", "--customer", "anna").Code, Run("erase", "--customer", "anna").Error));
        Assert.Equal(ExitCodes.BadInput, Run("erase", "--customer", "telegram:999999").Code);
        var refused = Run("erase", "--customer", "telegram:4703");
        Assert.Equal((ExitCodes.Refused, "erase: refused: ticket(s) #1 of telegram:4703 are open; erase once they are closed"), (refused.Code, refused.Error));

        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1 Готово");
        await anna.NextAsync();
        await anna.PressAsync("Да, закрыть");
        var done = Run("erase", "--customer", "telegram:4703");

        Assert.True(done.Code == 0, done.Error);
        Assert.Equal((ExitCodes.Ok, "erase: telegram:4703: personal data erased from 1 closed ticket(s) (#1) and the profile; numbers, times and SLA outcomes kept"), (done.Code, done.Output));
        await using var db = bot.OpenDatabase();
        var ticket = await db.Tickets.Include(t => t.Events).SingleAsync();
        Assert.Equal(Anonymised.Text, ticket.Description);
        Assert.Equal(ErasureReason.Operator, ticket.Events.Single(e => e.Kind == TicketEventKind.PersonalDataErased).Data.Erasure);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
    }

    [Fact]
    public async Task Retention_PurgesTicketsClosedLongerAgo_OnlyThose()
    {
        var settings = StaffSettings();
        settings["Support:Retention:MessagesDays"] = "2";
        await using var bot = await BotHarness.StartAsync(settings);
        var anna = new FakeUser(bot.Api, 4704);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Старая проблема Альфа", "3 — неудобство");
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/resolve 1 Готово");
        await anna.NextAsync();
        await anna.PressAsync("Да, закрыть");
        await RegisterAsync(anna, "Новая проблема Бета", "3 — неудобство");

        // Day 3: #1 closed more than 2 days ago is purged; #2 is open and kept.
        await bot.AdvanceAsync(TimeSpan.FromDays(2) + TimeSpan.FromHours(6));
        await Eventually.TrueAsync(async () =>
        {
            await using var db = bot.OpenDatabase();
            return (await db.Tickets.SingleAsync(t => t.Number == 1)).ErasedAt is not null;
        }, "purge #1");

        await using var check = bot.OpenDatabase();
        var old = await check.Tickets.Include(t => t.Events).SingleAsync(t => t.Number == 1);
        var open = await check.Tickets.SingleAsync(t => t.Number == 2);
        Assert.Equal((Anonymised.Text, Anonymised.Text), (old.Description, old.Customer.Name));
        Assert.Equal(ErasureReason.Retention, old.Events.Single(e => e.Kind == TicketEventKind.PersonalDataErased).Data.Erasure);
        Assert.Equal(("Новая проблема Бета", "Анна"), (open.Description, open.Customer.Name));
        Assert.Null(open.ErasedAt);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
