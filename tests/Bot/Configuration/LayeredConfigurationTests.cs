using System.Globalization;
using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Scheduling;
using ChatSupport.Bot.Sla;
using ChatSupport.Bot.Staff;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Sla;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace ChatSupport.Tests.Bot.Configuration;

/// <summary>
/// Every list and map of the configuration binds the same way from appsettings.json, a JSON file layered on top
/// (appsettings.Production.json), indexed environment variables and — for Holidays — one comma-separated value;
/// a list from a later source replaces the earlier one whole. Environment variables are real ones (the real
/// provider reads them), under a prefix unique to each test so tests cannot see each other's.
/// </summary>
public sealed class LayeredConfigurationTests : IDisposable
{
    /// <summary>Mon–Fri 09:00–18:00; 01.01–08.01.2027 are holidays; Saturday 09.01 works 10:00–15:00.</summary>
    private const string Week = """{ "Monday": "09:00-18:00", "Tuesday": "09:00-18:00", "Wednesday": "09:00-18:00", "Thursday": "09:00-18:00", "Friday": "09:00-18:00" }""";
    private const string Holidays = """["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08"]""";
    private const string Extra = """{ "2027-01-09": "10:00-15:00" }""";

    /// <summary>A level-1 ticket registered 01.01.2027 00:00 MSK: the first support hours are Saturday 09.01 10:00–15:00, so 4 of them end at 14:00.</summary>
    private static readonly Instant Registered = Instant.FromUtc(2026, 12, 31, 21, 0);
    private static readonly Instant DueWithTheWholeCalendar = Instant.FromUtc(2027, 1, 9, 11, 0);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chatsupport-tests", "config-" + Guid.NewGuid().ToString("N"));
    private readonly string _prefix = "CSTEST_" + Guid.NewGuid().ToString("N")[..8] + "_";
    private readonly List<string> _variables = [];

    public LayeredConfigurationTests() => Directory.CreateDirectory(_directory);

    public static TheoryData<string> Sources => ["file", "layered", "environment"];

    [Theory]
    [MemberData(nameof(Sources))]
    [InlineData("comma")]
    public void Holidays_FromEverySource_MoveTheDeadline(string source)
    {
        var calendar = Calendar(week: Week, holidays: "[]", extra: Extra);
        switch (source)
        {
            case "file":
                calendar = Calendar(week: Week, holidays: Holidays, extra: Extra);
                break;
            case "layered":
                Layer($$"""{ "Support": { "Calendar": { "Holidays": {{Holidays}} } } }""");
                break;
            case "environment":
                for (var day = 1; day <= 8; day++)
                {
                    Environment($"Support__Calendar__Holidays__{day - 1}", $"2027-01-0{day}");
                }

                break;
            default:
                Environment("Support__Calendar__Holidays", "2027-01-01, 2027-01-02,2027-01-03,2027-01-04,2027-01-05,2027-01-06,2027-01-07,2027-01-08");
                break;
        }

        Assert.Equal(DueWithTheWholeCalendar, Deadline(Load(calendar)));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void ExtraWorkingDays_FromEverySource_MoveTheDeadline(string source)
    {
        var calendar = Calendar(week: Week, holidays: Holidays, extra: source == "file" ? Extra : "{}");
        switch (source)
        {
            case "layered":
                Layer($$"""{ "Support": { "Calendar": { "ExtraWorkingDays": {{Extra}} } } }""");
                break;
            case "environment":
                Environment("Support__Calendar__ExtraWorkingDays__2027-01-09", "10:00-15:00");
                break;
        }

        Assert.Equal(DueWithTheWholeCalendar, Deadline(Load(calendar)));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Week_FromEverySource_IsTheSchedule(string source)
    {
        // Without the extra Saturday the first support hours after the holidays are Monday 11.01 from 09:00: due 13:00 MSK.
        var calendar = Calendar(week: source == "file" ? Week : "{}", holidays: Holidays, extra: "{}");
        switch (source)
        {
            case "layered":
                Layer($$"""{ "Support": { "Calendar": { "Week": {{Week}} } } }""");
                break;
            case "environment":
                foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" })
                {
                    Environment($"Support__Calendar__Week__{day}", "09:00-18:00");
                }

                break;
        }

        Assert.Equal(Instant.FromUtc(2027, 1, 11, 10, 0), Deadline(Load(calendar)));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Staff_FromEverySource_AreTheStaff(string source)
    {
        const string staff = """[{ "Name": "Иван Петров", "Role": "Engineer", "TelegramUserId": 2001 }, { "Name": "Ольга", "Role": "Manager", "TelegramUserId": "2002" }]""";
        var file = source == "file" ? $$"""{ "Support": { "Staff": {{staff}} } }""" : """{ "Support": { "Staff": [] } }""";
        switch (source)
        {
            case "layered":
                Layer($$"""{ "Support": { "Staff": {{staff}} } }""");
                break;
            case "environment":
                Environment("Support__Staff__0__Name", "Иван Петров");
                Environment("Support__Staff__0__Role", "Engineer");
                Environment("Support__Staff__0__TelegramUserId", "2001");
                Environment("Support__Staff__1__Name", "Ольга");
                Environment("Support__Staff__1__Role", "Manager");
                Environment("Support__Staff__1__TelegramUserId", "2002");
                break;
        }

        var directory = StaffDirectory.FromConfiguration(Load(file), new ConfigurationNotes());

        Assert.Equal(["Иван Петров/Engineer/2001", "Ольга/Manager/2002"], directory.All.Select(s => $"{s.Name}/{s.Role}/{s.UserId}"));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void EscalationSteps_FromEverySource_AreThePolicy(string source)
    {
        const string steps = """[{ "At": "25%", "To": "Duty" }, { "At": "-00:30:00", "To": "Duty,Managers", "Mention": true }]""";
        var file = source == "file"
            ? $$"""{ "Support": { "Escalation": { "Steps": {{steps}} } } }"""
            : """{ "Support": { "Escalation": { "Steps": [{ "At": "50%" }, { "At": "80%" }, { "At": "100%" }] } } }""";
        switch (source)
        {
            case "layered":
                Layer($$"""{ "Support": { "Escalation": { "Steps": {{steps}} } } }""");
                break;
            case "environment":
                Environment("Support__Escalation__Steps__0__At", "25%");
                Environment("Support__Escalation__Steps__0__To", "Duty");
                Environment("Support__Escalation__Steps__1__At", "-00:30:00");
                Environment("Support__Escalation__Steps__1__To", "Duty,Managers");
                Environment("Support__Escalation__Steps__1__Mention", "true");
                break;
        }

        var policy = SchedulingOptions.FromConfiguration(Load(file)).Escalation;

        Assert.Equal(["25%/Duty/False", "-0:30:00/Duty, Managers/True"], policy.Steps.Select(s => $"{s.Describe()}/{s.To}/{s.Mention}"));
    }

    [Fact]
    public void ALaterList_ReplacesTheEarlierOneWhole_NotIndexByIndex()
    {
        var ten = "[" + string.Join(", ", Enumerable.Range(1, 10).Select(d => $"\"2027-05-{d:00}\"")) + "]";
        Environment("Support__Calendar__Holidays__0", "2027-01-01");
        Environment("Support__Calendar__Holidays__1", "2027-01-02");
        Layer("""{ "Support": { "Staff": [{ "Name": "Мария", "Role": "Engineer", "TelegramUserId": 3001 }] } }""");
        Environment("Support__Escalation__Steps__0__At", "90%");

        var configuration = Load($$"""
            {
              "Support": {
                "Calendar": { "Holidays": {{ten}} },
                "Staff": [
                  { "Name": "Иван", "Role": "Engineer", "TelegramUserId": 2001 },
                  { "Name": "Пётр", "Role": "Engineer", "TelegramUserId": 2002 },
                  { "Name": "Ольга", "Role": "Manager", "TelegramUserId": 2003 }
                ],
                "Escalation": { "Steps": [{ "At": "50%" }, { "At": "80%", "Mention": true }, { "At": "100%", "To": "Duty,Managers" }] }
              }
            }
            """);

        Assert.Equal(["2027-01-01", "2027-01-02"], LayeredConfiguration.ReadValues(configuration, "Support:Calendar:Holidays").Select(h => h.Value));
        Assert.Equal(["Мария"], StaffDirectory.FromConfiguration(configuration, new ConfigurationNotes()).All.Select(s => s.Name));
        // The environment's one step is the whole policy: its To and Mention are the defaults, not the file's.
        Assert.Equal(["90%/Duty/False"], SchedulingOptions.FromConfiguration(configuration).Escalation.Steps.Select(s => $"{s.Describe()}/{s.To}/{s.Mention}"));
    }

    [Fact]
    public void AnEmptyListInALaterFile_EmptiesIt_AndMapsMergeKeyByKey()
    {
        Layer("""{ "Support": { "Calendar": { "Holidays": [], "Week": { "Saturday": "10:00-14:00", "Friday": "" } } } }""");

        var configuration = Load(Calendar(week: Week, holidays: Holidays, extra: "{}"));

        Assert.Empty(LayeredConfiguration.ReadValues(configuration, "Support:Calendar:Holidays"));
        var week = configuration.GetSection("Support:Calendar:Week").GetChildren().ToDictionary(c => c.Key, c => c.Value);
        Assert.Equal("09:00-18:00", week["Monday"]);
        Assert.Equal("10:00-14:00", week["Saturday"]);
        Assert.Equal(string.Empty, week["Friday"]);
    }

    [Fact]
    public void HolidaysAsOneValueAndAsEntries_InOneSource_StopStartUpNamingTheKey()
    {
        Environment("Support__Calendar__Holidays", "2027-01-01,2027-01-02");
        Environment("Support__Calendar__Holidays__0", "2027-01-07");

        var error = Assert.Throws<SupportConfigurationException>(() => Load(Calendar(week: Week, holidays: "[]", extra: "{}")));

        Assert.Equal("Support:Calendar:Holidays", error.Key);
        Assert.Contains("both as one comma-separated value and as indexed entries", error.Message);
    }

    [Fact]
    public void OneValueInTheEnvironment_OverEntriesInTheFile_IsTheList()
    {
        Environment("Support__Calendar__Holidays", "2027-01-07");

        var configuration = Load(Calendar(week: Week, holidays: Holidays, extra: "{}"));

        Assert.Equal(["2027-01-07"], LayeredConfiguration.ReadValues(configuration, "Support:Calendar:Holidays").Select(h => h.Value));
    }

    [Fact]
    public void CommandLineSwitches_AreTheLastLayer()
    {
        Environment("Support__TimeZone", "Asia/Yekaterinburg");

        var configuration = AppConfiguration.Load(_directory, ["--Support:TimeZone=Europe/Berlin", "--Support:Calendar:Mode", "24x7"], _prefix, "Production");

        Assert.Equal("Europe/Berlin", SlaSetup.FromConfiguration(configuration).Policy.Calendar.Zone.Id);
    }

    [Fact]
    public void SettingsFilesNamedInTheEnvironment_AreLayeredAfterTheEnvironmentFile()
    {
        var mounted = Path.Combine(_directory, "mounted.json");
        File.WriteAllText(mounted, """{ "Support": { "Calendar": { "Holidays": ["2027-01-07"] } } }""");
        Layer("""{ "Support": { "Calendar": { "Holidays": ["2027-01-01"] } } }""");
        Environment(AppConfiguration.ExtraFilesVariable, mounted);

        var configuration = Load(Calendar(week: Week, holidays: Holidays, extra: "{}"));

        Assert.Equal(["2027-01-07"], LayeredConfiguration.ReadValues(configuration, "Support:Calendar:Holidays").Select(h => h.Value));

        Environment(AppConfiguration.ExtraFilesVariable, Path.Combine(_directory, "missing.json"));
        Assert.Equal(AppConfiguration.ExtraFilesVariable, Assert.Throws<SupportConfigurationException>(() => Load("{}")).Key);
    }

    public void Dispose()
    {
        foreach (var name in _variables)
        {
            System.Environment.SetEnvironmentVariable(name, null);
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static string Calendar(string week, string holidays, string extra) =>
        $$"""{ "Support": { "Calendar": { "Mode": "Schedule", "Week": {{week}}, "Holidays": {{holidays}}, "ExtraWorkingDays": {{extra}} } } }""";

    private static Instant Deadline(IConfiguration configuration) =>
        SlaSetup.FromConfiguration(configuration).Policy.ReactionDeadline(PriorityLevel.Critical, Registered).At;

    private void Layer(string json) => File.WriteAllText(Path.Combine(_directory, "appsettings.Production.json"), json);

    private void Environment(string key, string value)
    {
        _variables.Add(_prefix + key);
        System.Environment.SetEnvironmentVariable(_prefix + key, value);
    }

    private IConfigurationRoot Load(string appsettings)
    {
        File.WriteAllText(Path.Combine(_directory, AppConfiguration.FileName), appsettings);
        return AppConfiguration.Load(_directory, [], _prefix, "Production");
    }
}
