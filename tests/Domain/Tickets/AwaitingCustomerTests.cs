using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Commands;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Tests.Domain.Tickets;

/// <summary>«Ждёт ответа клиента»: the holder's question, the customer's answer, one reminder, the close without an answer.</summary>
public sealed class AwaitingCustomerTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 15, 30); // 18:30 МСК
    private static readonly SlaPolicy Policy = new(new AlwaysOpenCalendar(DateTimeZoneProviders.Tzdb["Europe/Moscow"]));
    private static readonly StaffMember Ivan = new("Иван Петров", StaffRole.Engineer, "2001");
    private static readonly StaffMember Maria = new("Мария Сидорова", StaffRole.Engineer, "2002");
    private static readonly StaffMember Olga = new("Ольга Орлова", StaffRole.Manager, "2003");
    private static readonly Duration Day = Duration.FromDays(1);

    [Fact]
    public void Ask_ThenTheCustomersMessage_ReturnsTheTicketToTheHolder()
    {
        var t = Claimed();

        var question = t.AskCustomer(Ivan, "  Какая версия платформы?  ", T0 + Duration.FromHours(1));

        Assert.Equal(TicketStatus.AwaitingCustomer, t.Status);
        Assert.Equal("Какая версия платформы?", question!.Text);
        Assert.Equal(TicketAuthor.Engineer, question.Author);
        Assert.Equal(T0 + Duration.FromHours(1), t.AwaitingSince);
        Assert.True(t.IsOpen);
        Assert.True(t.IsHeld);
        Assert.False(t.IsWaiting);

        var answered = t.AddCustomerComment("8.3.24", [], T0 + Duration.FromHours(3));

        Assert.True(answered);
        Assert.Equal(TicketStatus.InProgress, t.Status);
        Assert.Null(t.AwaitingSince);
        Assert.Equal("Иван Петров", t.HolderName);
        var back = t.Events.Last();
        Assert.Equal(TicketEventKind.CustomerAnswered, back.Kind);
        Assert.Equal("через 2 ч 00 мин", TicketTexts.Details(back, Language.Ru));
        Assert.False(t.AddCustomerComment("и ещё", [], T0 + Duration.FromHours(4)));
    }

    [Fact]
    public void AnAutomaticReply_IsKept_ButTheWaitGoesOn()
    {
        var t = Claimed();
        t.AskCustomer(Ivan, "Пришлите лог", T0);

        var answered = t.AddCustomerComment("I am out of office", [], T0 + Duration.FromHours(1), answers: false);

        Assert.False(answered);
        Assert.Equal(TicketStatus.AwaitingCustomer, t.Status);
        Assert.Equal(T0, t.AwaitingSince);
        Assert.Equal(TicketEventKind.CustomerMessage, t.Events.Last().Kind);
    }

    [Fact]
    public void Ask_ByAnotherEngineer_OrBeforeTheClaim_IsRefused_AManagerMayAsk()
    {
        var fresh = New();
        var early = Assert.Throws<TicketActionException>(() => fresh.AskCustomer(Ivan, "?", T0));
        Assert.Equal("Сначала возьмите заявку #7 в работу: /claim 7", TicketTexts.Refusal(early.Refusal, Language.Ru));

        var t = Claimed();
        var other = Assert.Throws<TicketActionException>(() => t.AskCustomer(Maria, "?", T0));
        Assert.Equal("Заявку #7 ведёт Иван Петров: спрашивать клиента по ней может только он или менеджер.", TicketTexts.Refusal(other.Refusal, Language.Ru));
        Assert.Equal(TicketStatus.InProgress, t.Status);

        t.AskCustomer(Olga, "Уточните, пожалуйста, организацию", T0);
        Assert.Equal(TicketStatus.AwaitingCustomer, t.Status);
        Assert.Equal("Иван Петров", t.HolderName);

        t.Resolve(Ivan, null, T0);
        var resolved = Assert.Throws<TicketActionException>(() => t.AskCustomer(Ivan, "?", T0));
        Assert.Equal("По заявке #7 сейчас нельзя задать вопрос клиенту — она решена, ждёт подтверждения.", TicketTexts.Refusal(resolved.Refusal, Language.Ru));
        Assert.Equal("You cannot ask the customer about request #7 now — it is resolved, awaiting confirmation.", TicketTexts.Refusal(resolved.Refusal, Language.En));
    }

    [Fact]
    public void WhileWaiting_TheHolderMayReplyResolveOrRelease_AndNobodyElseClaims()
    {
        var t = Claimed();
        t.AskCustomer(Ivan, "?", T0);

        t.AddEngineerReply(Ivan, "Ещё уточнение", [], T0 + Duration.FromMinutes(5));
        Assert.Equal(TicketStatus.AwaitingCustomer, t.Status);
        var claim = Assert.Throws<TicketActionException>(() => t.Claim(Maria, T0));
        Assert.Equal("Заявку #7 уже взял Иван Петров.", TicketTexts.Refusal(claim.Refusal, Language.Ru));

        t.Resolve(Ivan, "Сделали сами", T0 + Duration.FromMinutes(10));
        Assert.Equal(TicketStatus.Resolved, t.Status);
        Assert.Null(t.AwaitingSince);

        var other = Claimed();
        other.AskCustomer(Ivan, "?", T0);
        other.Release(Ivan, "ухожу", T0 + Duration.FromMinutes(1));
        Assert.Equal(TicketStatus.Registered, other.Status);
        Assert.Null(other.AwaitingSince);
    }

    [Fact]
    public void NoAnswer_OneReminderAfterADay_ClosedAfterFiveDays()
    {
        var t = Claimed();
        t.AskCustomer(Ivan, null, T0);
        Assert.Equal("ждёт ответа на последнее сообщение", TicketTexts.Details(t.Events.Last(), Language.Ru));

        Assert.False(t.RemindCustomerIfDue(T0 + Day - Duration.FromSeconds(1), Day));
        Assert.True(t.RemindCustomerIfDue(T0 + Day, Day));
        Assert.False(t.RemindCustomerIfDue(T0 + Day + Duration.FromHours(5), Day));
        Assert.Equal("нет ответа 24 ч 00 мин", TicketTexts.Details(t.Events.Last(), Language.Ru));

        Assert.False(t.CloseIfUnanswered(T0 + 5 * Day - Duration.FromSeconds(1), 5 * Day));
        Assert.True(t.CloseIfUnanswered(T0 + 5 * Day, 5 * Day));

        Assert.Equal(TicketStatus.Closed, t.Status);
        Assert.Equal(T0 + 5 * Day, t.ClosedAt);
        var closed = t.Events.Last();
        Assert.Equal(CloseReason.QuestionUnanswered, closed.Data.Closed);
        Assert.Equal("клиент не ответил на вопрос за 5 дней", TicketTexts.Details(closed, Language.Ru));
        Assert.Equal("the customer did not answer the question for 5 days", TicketTexts.Details(closed, Language.En));
    }

    [Fact]
    public void AskingAgain_RestartsTheWait_AndTheReminder()
    {
        var t = Claimed();
        t.AskCustomer(Ivan, "Первый вопрос", T0);
        Assert.True(t.RemindCustomerIfDue(T0 + Day, Day));

        t.AskCustomer(Ivan, "Второй вопрос", T0 + 2 * Day);

        Assert.Equal(T0 + 2 * Day, t.AwaitingSince);
        Assert.Null(t.AwaitingRemindedAt);
        Assert.False(t.CloseIfUnanswered(T0 + 5 * Day, 5 * Day));
        Assert.True(t.RemindCustomerIfDue(T0 + 3 * Day, Day));
    }

    [Theory]
    [InlineData("/wait 12 Какая у вас версия?", "Какая у вас версия?")]
    [InlineData("/wait #12 Пришлите,\nпожалуйста, лог", "Пришлите,\nпожалуйста, лог")]
    public void WaitCommand_TakesTheQuestionWithItsLineBreaks(string typed, string question) =>
        Assert.Equal(new StaffCommand.Wait(12, question), StaffCommand.Parse(BotCommand.Parse(typed)!));

    [Theory]
    [InlineData("/wait 12")]
    [InlineData("/wait вопрос")]
    [InlineData("/wait")]
    public void WaitCommand_WithoutANumberOrAQuestion_IsAnsweredWithItsUsage(string typed)
    {
        Assert.Equal(new StaffCommand.Malformed("wait"), StaffCommand.Parse(BotCommand.Parse(typed)!));
        Assert.Equal("Формат: /wait 12 вопрос клиенту", StaffTexts.Usage("wait", Language.Ru));
    }

    [Fact]
    public void Digest_CountsTheWaitingTickets_LongestFirst()
    {
        var now = T0 + 3 * Day;
        var digest = DigestCalculator.Compute(new LocalDate(2026, 11, 27), now, Policy, [], [], [], [], [],
            [new AwaitingFact(9, "Мария Сидорова", T0 + 2 * Day), new AwaitingFact(4, "Иван Петров", T0)]);

        Assert.Equal([4, 9], digest.Awaiting.Select(a => a.Number));
        var format = new SupportTimeFormat(DateTimeZoneProviders.Tzdb["Europe/Moscow"]);
        var text = DigestTexts.Render(digest, format, Language.Ru);
        Assert.Contains("Сейчас ждут ответа клиента: 2 (#4 Иван Петров · 3 д 0 ч, #9 Мария Сидорова · 24 ч 00 мин)", text);
        var empty = DigestTexts.Render(DigestCalculator.Compute(new LocalDate(2026, 11, 27), now, Policy, [], [], [], [], []), format, Language.En);
        Assert.Contains("Waiting for the customer's answer now: 0", empty);
    }

    private static Ticket Claimed()
    {
        var t = New();
        t.Claim(Ivan, T0);
        return t;
    }

    private static Ticket New()
    {
        var customer = new CustomerSnapshot(1, ChannelKind.Telegram, "1001", "1001", "Анна", "anna", "ООО Ромашка");
        var draft = new TicketDraft("ООО Ромашка", RequestCategory.Diagnostics, "Не работает", [], PriorityLevel.Medium, LevelChoice.Customer, T0);
        return Ticket.Register(7, customer, draft, T0, Policy);
    }
}
