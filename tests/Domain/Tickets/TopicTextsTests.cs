using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Tests.Domain.Tickets;

public sealed class TopicTextsTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 15, 30); // 18:30 МСК
    private static readonly SlaPolicy Policy = new(new AlwaysOpenCalendar(DateTimeZoneProviders.Tzdb["Europe/Moscow"]));
    private static readonly SupportTimeFormat Format = new(DateTimeZoneProviders.Tzdb["Europe/Moscow"]);
    private static readonly StaffMember Ivan = new("Иван Петров", StaffRole.Engineer, "2001");

    [Fact]
    public void Name_FollowsTheTicket_WithTheLevelsMarkFirst()
    {
        var t = New(PriorityLevel.Critical, "ООО Ромашка");
        Assert.Equal("🔴 #12 · ООО Ромашка · до 22:30 МСК", TopicTexts.Name(t, Format, T0, Language.Ru));

        t.Claim(Ivan, T0);
        Assert.Equal("🔴 #12 · ООО Ромашка · 🛠 Иван Петров", TopicTexts.Name(t, Format, T0, Language.Ru));
        t.AskCustomer(Ivan, "?", T0);
        Assert.Equal("🔴 #12 · ООО Ромашка · ⏳ ждёт клиента", TopicTexts.Name(t, Format, T0, Language.Ru));
        Assert.Equal("🔴 #12 · ООО Ромашка · ⏳ waiting for the customer", TopicTexts.Name(t, Format, T0, Language.En));
        t.Resolve(Ivan, null, T0);
        Assert.Equal("🔴 #12 · ООО Ромашка · ✅ решена", TopicTexts.Name(t, Format, T0, Language.Ru));
        t.Confirm(T0);
        Assert.Equal("🔴 #12 · ООО Ромашка · ☑ закрыта", TopicTexts.Name(t, Format, T0, Language.Ru));
    }

    [Fact]
    public void Name_EndOfDayDeadlines_AndAReleasedTicket()
    {
        var t = New(PriorityLevel.Medium, "ИП Сидоров");
        Assert.Equal("🟠 #12 · ИП Сидоров · до конца 26.11 МСК", TopicTexts.Name(t, Format, T0, Language.Ru));
        Assert.Equal("🟠 #12 · ИП Сидоров · by the end of 26.11 MSK", TopicTexts.Name(t, Format, T0, Language.En));

        t.Claim(Ivan, T0);
        t.Release(Ivan, null, T0);
        Assert.Equal("🟠 #12 · ИП Сидоров · ↩ в очереди", TopicTexts.Name(t, Format, T0, Language.Ru));
    }

    [Fact]
    public void Name_AnotherDaysDeadline_ShowsTheDate()
    {
        // Registered 23:00 МСК: a level-1 deadline four hours later falls on the next day.
        var late = T0 + Duration.FromMinutes(270);
        var t = New(PriorityLevel.Critical, "ООО Ромашка", late);
        Assert.Equal("🔴 #12 · ООО Ромашка · до 26.11 03:00 МСК", TopicTexts.Name(t, Format, late, Language.Ru));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(120)]
    [InlineData(1)]
    public void Name_FitsTelegramsLimit_WhateverTheOrganisation(int length)
    {
        var organisation = string.Concat(Enumerable.Repeat("Ромашка😀", length)) + "\nвторая строка";
        var t = New(PriorityLevel.Low, organisation);
        t.Claim(new StaffMember(new string('Я', 100), StaffRole.Engineer, "9"), T0);

        var name = TopicTexts.Name(t, Format, T0, Language.Ru);

        Assert.InRange(name.Length, 1, TopicTexts.MaxName);
        Assert.StartsWith("🟢 #12 · Ромашка", name);
        Assert.DoesNotContain('\n', name);
        Assert.False(char.IsHighSurrogate(name[^1]));
    }

    [Fact]
    public void IconColours_AreTelegramsAndDifferByLevel()
    {
        var colours = PriorityLevels.All.Select(TopicTexts.IconColor).ToList();
        Assert.All(colours, c => Assert.Contains(c, TopicTexts.AllowedColors));
        Assert.Equal(3, colours.Distinct().Count());
        Assert.Equal(16478047, TopicTexts.IconColor(PriorityLevel.Critical));
    }

    private static Ticket New(PriorityLevel level, string organisation, Instant? at = null)
    {
        var when = at ?? T0;
        var customer = new CustomerSnapshot(1, ChannelKind.Telegram, "1001", "1001", "Анна", "anna", organisation);
        var draft = new TicketDraft(organisation, RequestCategory.Diagnostics, "Не работает", [], level, LevelChoice.Customer, when);
        return Ticket.Register(12, customer, draft, when, Policy);
    }
}
