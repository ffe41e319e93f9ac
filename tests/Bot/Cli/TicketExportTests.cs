using ChatSupport.Bot.Export;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.EndToEnd;
using ChatSupport.Tests.Bot.Fakes;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.Cli;

/// <summary>The export read back with CsvHelper equals what the database holds: a late claim, a level change, a score, a hostile name.</summary>
public sealed class TicketExportTests
{
    [Fact]
    public async Task Csv_ReadBack_EqualsTheDatabase_WithTheBom_AndFormulasStayText()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4501);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        await RegisterAsync(anna, "Сервер лежит", "1 — ПО не работает");
        var boris = new FakeUser(bot.Api, 4502, "Борис");
        await boris.SendAsync("/new");
        await boris.SendAsync("=HYPERLINK(\"http://x\")");
        await boris.PressAsync("Диагностика");
        await boris.SendAsync("Медленно");
        await boris.PressAsync("Готово");
        await boris.PressAsync("3 —");
        await boris.PressAsync("Зарегистрировать");

        // #1 claimed late (5 h for a 4 h window), resolved, confirmed, rated 4 with words; #2 raised to level 2.
        bot.Clock.Advance(TimeSpan.FromHours(5));
        await ivan.SendAsync("/claim 1");
        await anna.NextAsync();
        await ivan.SendAsync("/claim 2");
        await boris.NextAsync();
        await ivan.SendAsync("/level 2 2 Клиент уточнил");
        await ivan.SendAsync("/resolve 1 Перезапустили");
        await anna.NextAsync();
        await anna.PressAsync("Да, закрыть");
        await anna.PressAsync("🙂 4");
        await anna.SendAsync("Хорошо, но долго");

        await using var export = new MemoryStream();
        var format = new SupportTimeFormat(DateTimeZoneProviders.Tzdb["Europe/Moscow"]);
        var tickets = new TicketExport(bot.OpenDatabase, format);
        var now = Instant.FromDateTimeOffset(bot.Clock.GetUtcNow());
        var written = await tickets.WriteCsvAsync(export, tickets.RowsAsync(new LocalDate(2026, 11, 25), new LocalDate(2026, 11, 25)), now, Language.Ru);
        Assert.Equal(2, written);
        var bytes = export.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        using var reader = CsvReader.Create(new MemoryStream(bytes[3..]), new CsvReaderOptions { Separator = ';' });
        reader.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(ExportTexts.Header(Language.Ru).ToDictionary(h => h, h => reader.GetString(h)));
        }

        await using var db = bot.OpenDatabase();
        var stored = await db.Tickets.Include(t => t.Windows).OrderBy(t => t.Number).ToListAsync();
        Assert.Equal(stored.Select(t => t.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r["Номер"]));
        Assert.Equal(stored.Select(t => format.Machine(t.Registered)), rows.Select(r => r["Зарегистрирована"]));
        Assert.Equal(stored.Select(t => format.Machine(t.Windows.Single(w => w.Sequence == 1).Deadline.At)), rows.Select(r => r["Срок реакции"]));
        Assert.Equal(stored.Select(t => format.Machine(t.Windows.Single(w => w.Sequence == 1).ClaimedAt!.Value)), rows.Select(r => r["Взята в работу"]));
        Assert.Equal(["просрочена", "в срок"], rows.Select(r => r["Реакция"]));
        Assert.Equal(["закрыта", "в работе"], rows.Select(r => r["Статус"]));
        Assert.Equal(["1", "2"], rows.Select(r => r["Уровень"]));
        Assert.StartsWith("3→2 ", rows[1]["Изменения уровня"]);
        Assert.Equal(("4", "Хорошо, но долго"), (rows[0]["Оценка клиента"], rows[0]["Комментарий к оценке"]));
        Assert.Equal(("", ""), (rows[1]["Оценка клиента"], rows[1]["Комментарий к оценке"]));
        Assert.Equal(["Иван Петров", "Иван Петров"], rows.Select(r => r["Исполнитель"]));
        Assert.Equal(["Telegram", "Telegram"], rows.Select(r => r["Мессенджер"]));
        // A name that is a formula reaches Excel as text (CsvHelper's injection escape), its characters kept.
        Assert.Equal("'=HYPERLINK(\"http://x\")", rows[1]["Организация"]);

        // Another period: nothing but the header.
        await using var empty = new MemoryStream();
        Assert.Equal(0, await tickets.WriteCsvAsync(empty, tickets.RowsAsync(new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31)), now, Language.En));
        Assert.StartsWith("Number;Messenger;Organisation", System.Text.Encoding.UTF8.GetString(empty.ToArray()[3..]));
    }

    [Fact]
    public async Task ChatExport_ByAManager_ArrivesAsACsvFile_OthersAreRefused()
    {
        await using var bot = await BotHarness.StartAsync(StaffSettings());
        var anna = new FakeUser(bot.Api, 4503);
        var ivan = new FakeUser(bot.Api, Ivan, "Иван");
        var olga = new FakeUser(bot.Api, Olga, "Ольга");
        await RegisterAsync(anna, "Не работает отчёт", "3 — неудобство");

        Assert.Equal("Эта команда доступна только менеджерам поддержки.", FakeBotApi.TextOf(await ivan.SendAsync("/export 2026-11-01 2026-11-30")));
        Assert.Equal("Формат: /export 2026-11-01 2026-11-30 (первый и последний день периода)", FakeBotApi.TextOf(await olga.SendAsync("/export 2026-11-30 2026-11-01")));

        var told = await olga.SendAsync("/export 2026-11-01 2026-11-30");
        Assert.Equal("📎 Заявки, зарегистрированные 01.11.2026–30.11.2026: 1. Файл CSV для Excel (UTF-8, «;») — следующим сообщением.", FakeBotApi.TextOf(told));
        var file = await olga.NextAsync();
        Assert.Equal("sendDocument", file.Method);
        await Eventually.TrueAsync(() => Task.FromResult(bot.Api.Uploads.Any(u => u.FileName == "tickets-2026-11-01-2026-11-30.csv")), "the uploaded CSV");
        var upload = bot.Api.Uploads.First(u => u.FileName == "tickets-2026-11-01-2026-11-30.csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], upload.Content[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(upload.Content[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("1;Telegram;ООО Ромашка;Анна;Диагностика проблем в работе платформы;3;;зарегистрирована;", lines[1]);
    }
}
