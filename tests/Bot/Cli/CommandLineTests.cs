using System.Diagnostics;
using ChatSupport.Bot.Cli;
using ChatSupport.Tests.Bot.Fakes;

namespace ChatSupport.Tests.Bot.Cli;

/// <summary>The built program as an operator runs it: what its arguments and environment make it do.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("digets --date 2026-11-24", "Unknown command 'digets'. Did you mean 'digest'?")]
    [InlineData("stats", "Unknown command 'stats'.")]
    [InlineData("--Support:TimeZone=Europe/Moscow sla", "Unexpected argument 'sla'")]
    [InlineData("--Support:TimeZone", "--Support:TimeZone: a configuration switch needs a value")]
    [InlineData("-v", "Unknown command '-v'.")]
    public void Classify_ATypo_IsAnErrorWithTheCommandList(string line, string message)
    {
        var result = Assert.IsType<CommandLine.Unknown>(ChatSupportCli.Classify(line.Split(' ')));

        Assert.StartsWith(message, result.Message);
        Assert.Contains("Commands: sla, digest, export, bench, health", result.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--Support:TimeZone=Europe/Moscow")]
    [InlineData("--Support:TimeZone Europe/Moscow /Logging:LogLevel:Default=Debug Health:Port=8080")]
    public void Classify_NothingOrOnlySwitches_RunsTheBot(string line) =>
        Assert.IsType<CommandLine.Bot>(ChatSupportCli.Classify(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    [Theory]
    [InlineData("sla --level 1")]
    [InlineData("digest")]
    [InlineData("--help")]
    public void Classify_ACommand_IsACommand(string line) =>
        Assert.IsType<CommandLine.Command>(ChatSupportCli.Classify(line.Split(' ')));

    [Fact]
    public async Task AMistypedCommand_ExitsWith2_AndNeverStartsPolling()
    {
        await using var api = await FakeBotApi.StartAsync();
        var run = await RunAsync(["digets", "--date", "2026-11-24"], new()
        {
            ["Telegram__BotToken"] = FakeBotApi.Token,
            ["Telegram__ApiBaseUrl"] = api.BaseUrl,
        });

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("Unknown command 'digets'. Did you mean 'digest'?", run.Error);
        Assert.Empty(api.Calls);
    }

    [Fact]
    public async Task ASwitch_IsConfiguration_ForTheBot()
    {
        var run = await RunAsync(["--Support:TimeZone=Mars/Olympus"], []);

        Assert.Equal(ExitCodes.BadConfiguration, run.ExitCode);
        Assert.StartsWith("Configuration error: Support:TimeZone = \"Mars/Olympus\"", run.Error);
    }

    [Fact]
    public async Task SlaBatch_TakesHolidaysFromIndexedEnvironmentVariables()
    {
        // Mon–Fri 09:00–18:00, 01.01–08.01.2027 off, Saturday 09.01 works 10:00–15:00: a level-1 ticket
        // registered 01.01.2027 00:00 MSK is due after 4 support hours, on 09.01 at 14:00.
        var environment = new Dictionary<string, string>
        {
            ["Support__Calendar__Mode"] = "Schedule",
            ["Support__Calendar__ExtraWorkingDays__2027-01-09"] = "10:00-15:00",
        };
        foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" })
        {
            environment[$"Support__Calendar__Week__{day}"] = "09:00-18:00";
        }

        for (var i = 0; i < 8; i++)
        {
            environment[$"Support__Calendar__Holidays__{i}"] = $"2027-01-0{i + 1}";
        }

        var run = await RunAsync(["sla", "--batch"], environment, "1\t2027-01-01T00:00:00+03:00\n");

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal("2027-01-09T14:00:00+03:00", run.Output.Trim());
    }

    [Fact]
    public async Task Export_OnAMigratedDeskWithNoTickets_IsAHeaderOnlyFile_OwnerOnly_AndJsonIsAnEmptyArray()
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", "export-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Support"] = $"Data Source={Path.Combine(directory, "support.db")}" };
        Assert.Equal(ExitCodes.Ok, (await RunAsync(["migrate"], environment)).ExitCode);
        var file = Path.Combine(directory, "november.csv");

        var csv = await RunAsync(["export", "--from", "2026-11-01", "--to", "2026-11-30", "--out", file], environment);

        Assert.Equal(ExitCodes.Ok, csv.ExitCode);
        Assert.Equal($"export: 0 tickets registered 2026-11-01 … 2026-11-30 written to {file}", csv.Error);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(
            "Номер;Мессенджер;Организация;Клиент;Категория;Уровень;Изменения уровня;Статус;Получена;Зарегистрирована;Срок реакции;Взята в работу;Реакция;Исполнитель;Решена;Закрыта;Открыта снова, раз;Оценка клиента;Комментарий к оценке\r\n",
            System.Text.Encoding.UTF8.GetString(bytes[3..]).Replace("\"Открыта снова, раз\"", "Открыта снова, раз", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var json = await RunAsync(["export", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json"], environment);
        Assert.Equal((ExitCodes.Ok, "[]"), (json.ExitCode, json.Output.Trim()));
        Directory.Delete(directory, recursive: true);
    }

    [Theory]
    [InlineData("--from 30.11.2026 --to 2026-11-30", "export: --from \"30.11.2026\" is not a date like 2026-11-30")]
    [InlineData("--from 2026-11-30 --to 2026-11-01", "export: --to 2026-11-01 is before --from 2026-11-30")]
    [InlineData("--from 2026-11-01 --to 2026-11-30 --format xlsx", "Argument 'xlsx' not recognized. Must be one of")]
    [InlineData("--from 2026-11-01 --to 2026-11-30", "export: no database at")]
    public async Task Export_WrongInput_ExitsWith2_SayingWhat(string arguments, string message)
    {
        var run = await RunAsync(["export", .. arguments.Split(' ')], []);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupAndRestore_AsAnOperatorRunsThem_NextToARunningBot()
    {
        await using var bot = await BotHarness.StartAsync();
        if (bot.Database.IsPostgres)
        {
            return;
        }

        var environment = new Dictionary<string, string> { ["ConnectionStrings__Support"] = bot.Database.ConnectionString };
        var copy = Path.Combine(bot.Directory, "nightly copy.db");

        var backup = await RunAsync(["backup", "--to", copy], environment);

        Assert.Equal((ExitCodes.Ok, string.Empty), (backup.ExitCode, backup.Error));
        Assert.Matches(@"^backup: 0 tickets, [\d,]+ bytes written to .*nightly copy\.db \(integrity_check ok, owner-only\)$", backup.Output.Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(copy));
        }

        // Another process, the kernel's lock: the running bot holds support.db.lock.
        var refused = await RunAsync(["restore", "--from", copy], environment);

        Assert.Equal(ExitCodes.Refused, refused.ExitCode);
        Assert.StartsWith($"restore: refused: a bot is using {bot.DatabasePath}: it holds a shared lock on {bot.DatabasePath}.lock", refused.Error);

        await bot.StopHostAsync();
        var restored = await RunAsync(["restore", "--from", copy], environment);

        Assert.Equal(ExitCodes.Ok, restored.ExitCode);
        Assert.StartsWith($"restore: {bot.DatabasePath} now holds {copy} (0 tickets; its schema was current); the previous database is kept as {bot.DatabasePath}.before-restore-", restored.Output.Trim());

        var damaged = Path.Combine(bot.Directory, "damaged.db");
        await File.WriteAllBytesAsync(damaged, [.. (await File.ReadAllBytesAsync(copy)).Take(4096)]);
        var bad = await RunAsync(["restore", "--from", damaged], environment);
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.StartsWith($"restore: {damaged} ", bad.Error);
    }

    [Theory]
    [InlineData("backup --to /var/backups/desk.dump", "pg_dump --format=custom --file=/var/backups/desk.dump --host=db.internal --port=5433 --username=desk chatsupport")]
    [InlineData("restore --from /var/backups/desk.dump", "pg_restore --clean --if-exists --no-owner --single-transaction --host=db.internal --port=5433 --username=desk --dbname=chatsupport /var/backups/desk.dump")]
    public async Task BackupAndRestore_OnPostgres_PrintPostgresOwnTools(string line, string tool)
    {
        var run = await RunAsync(line.Split(' '), new()
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Support"] = "Host=db.internal;Port=5433;Username=desk;Password=secret",
        });

        Assert.Equal((ExitCodes.Refused, tool), (run.ExitCode, run.Output.Trim()));
        Assert.Contains("PostgreSQL db.internal:5433/chatsupport", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", run.Output + run.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, Dictionary<string, string> environment, string input = "")
    {
        var directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", "cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var info = new ProcessStartInfo("dotnet", [BotProcess.Assembly, .. args])
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // No messenger token from the machine running the tests: only what the test gives.
        info.Environment.Remove("Telegram__BotToken");
        info.Environment.Remove("Max__BotToken");
        info.Environment["Demo__Enabled"] = "false";
        info.Environment["ConnectionStrings__Support"] = $"Data Source={Path.Combine(directory, "support.db")}";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the program did not exit: {string.Join(' ', args)}");
        }

        Directory.Delete(directory, recursive: true);
        return (process.ExitCode, await output, (await error).Trim());
    }
}
