using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Tests.Domain.Tickets;

public sealed class TicketLifecycleTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 15, 30); // 18:30 МСК
    private static readonly SlaPolicy Policy = new(new AlwaysOpenCalendar(DateTimeZoneProviders.Tzdb["Europe/Moscow"]));
    private static readonly StaffMember Ivan = new("Иван Петров", StaffRole.Engineer, "2001");
    private static readonly StaffMember Maria = new("Мария Сидорова", StaffRole.Engineer, "2002");
    private static readonly StaffMember Olga = new("Ольга Орлова", StaffRole.Manager, "2003");

    [Fact]
    public void Claim_InTime_EndsTheWindowAsMet()
    {
        var t = New(PriorityLevel.Critical);

        var window = t.Claim(Ivan, T0 + Duration.FromHours(4));

        Assert.Equal(TicketStatus.InProgress, t.Status);
        Assert.Equal("Иван Петров", t.HolderName);
        Assert.True(window!.Met);
        Assert.Equal(T0 + Duration.FromHours(4), t.ReactedAt);
    }

    [Fact]
    public void Claim_Late_IsBreachedByTheOverdue()
    {
        var t = New(PriorityLevel.Critical);

        var window = t.Claim(Ivan, T0 + Duration.FromHours(5) + Duration.FromMinutes(5));

        Assert.False(window!.Met);
        Assert.Equal(Duration.FromMinutes(65), window.Deadline.OverdueAt(T0 + Duration.FromHours(5) + Duration.FromMinutes(5)));
        Assert.Equal("реакция с опозданием на 1 ч 05 мин", TicketTexts.Details(t.Events.Last(), Language.Ru));
        Assert.Equal("reaction late by 1 h 05 min", TicketTexts.Details(t.Events.Last(), Language.En));
    }

    [Fact]
    public void Claim_Twice_SecondIsToldWhoHasIt()
    {
        var t = New();
        t.Claim(Ivan, T0);

        var refused = Assert.Throws<TicketActionException>(() => t.Claim(Maria, T0));

        Assert.Equal("Заявку #7 уже взял Иван Петров.", TicketTexts.Refusal(refused.Refusal, Language.Ru));
        Assert.Equal("Иван Петров", t.HolderName);
    }

    [Fact]
    public void Release_KeepsTheRecordedReaction_AndTheNextClaimDoesNotRemeasure()
    {
        var t = New();
        t.Claim(Ivan, T0 + Duration.FromMinutes(10));

        t.Release(Ivan, "ухожу со смены", T0 + Duration.FromHours(1));
        var second = t.Claim(Maria, T0 + Duration.FromDays(5));

        Assert.Null(second);
        Assert.Equal(T0 + Duration.FromMinutes(10), t.ReactedAt);
        Assert.Single(t.Windows);
        Assert.True(t.Windows.Single().Met);
    }

    [Fact]
    public void Release_ByAnotherEngineer_IsRefused_ByManagerAllowed()
    {
        var t = New();
        t.Claim(Ivan, T0);

        Assert.Throws<TicketActionException>(() => t.Release(Maria, null, T0));
        t.Release(Olga, "перераспределение", T0);

        Assert.Equal(TicketStatus.Registered, t.Status);
        Assert.Null(t.HolderId);
    }

    [Fact]
    public void Card_AfterRelease_DoesNotCountDownAnAlreadyMeasuredDeadline()
    {
        var t = New(PriorityLevel.Critical);
        t.Claim(Ivan, T0 + Duration.FromMinutes(10));
        t.Release(Ivan, null, T0 + Duration.FromHours(9));

        var line = ChatSupport.Domain.Localization.CardTexts.StatusLine(t, new SupportTimeFormat(DateTimeZoneProviders.Tzdb["Europe/Moscow"]), T0 + Duration.FromHours(9), ChatSupport.Domain.Localization.Language.Ru);

        Assert.StartsWith("⏳ Ждёт инженера (возвращена в очередь)", line);
        Assert.DoesNotContain("просрочена", line);
        Assert.Contains("Реакция в срок", line);
    }

    [Fact]
    public void ChangeLevel_BeforeClaim_RecomputesFromOriginalRegistration()
    {
        var t = New(PriorityLevel.Low);

        var recomputed = t.ChangeLevel(PriorityLevel.Critical, "остановлено производство", Ivan, T0 + Duration.FromHours(1), Policy);

        Assert.True(recomputed);
        Assert.Equal(T0 + Duration.FromHours(4), t.ReactionDeadline.At);
        Assert.Equal(LevelChoice.Engineer, t.LevelChoice);
        Assert.Equal("3 → 1: остановлено производство", TicketTexts.Details(t.Events.Last(), Language.Ru));
    }

    [Fact]
    public void CustomersLevel_WhileWaiting_RecomputesFromRegistration_OnceHeld_IsLeftToTheEngineer()
    {
        var t = New(PriorityLevel.Low);

        Assert.False(t.ChangeLevelByCustomer(PriorityLevel.Low, T0 + Duration.FromMinutes(10), Policy));
        Assert.True(t.ChangeLevelByCustomer(PriorityLevel.Critical, T0 + Duration.FromMinutes(10), Policy));
        Assert.Equal((PriorityLevel.Critical, LevelChoice.Customer, T0 + Duration.FromHours(4)), (t.Level, t.LevelChoice, t.ReactionDeadline.At));
        Assert.Equal(T0 + Duration.FromHours(4), t.Windows.Single().Deadline.At);
        Assert.Equal(ActorKind.Customer, t.Events.Last().ActorKind);
        Assert.Equal("3 → 1", TicketTexts.Details(t.Events.Last(), Language.Ru));

        t.Claim(Ivan, T0 + Duration.FromHours(1));
        Assert.False(t.ChangeLevelByCustomer(PriorityLevel.Low, T0 + Duration.FromHours(2), Policy));
        Assert.Equal(PriorityLevel.Critical, t.Level);
    }

    [Fact]
    public void ChangeLevel_AfterClaim_KeepsTheMeasuredWindow()
    {
        var t = New(PriorityLevel.Low);
        t.Claim(Ivan, T0 + Duration.FromHours(10));

        var recomputed = t.ChangeLevel(PriorityLevel.Critical, "хуже", Ivan, T0 + Duration.FromHours(11), Policy);

        Assert.False(recomputed);
        Assert.True(t.Windows.Single().Met);
        Assert.Equal(PriorityLevel.Critical, t.Level);
    }

    [Fact]
    public void ChangeLevel_SameLevel_IsRefused()
    {
        Assert.Throws<TicketActionException>(() => New(PriorityLevel.Low).ChangeLevel(PriorityLevel.Low, "x", Ivan, T0, Policy));
    }

    [Fact]
    public void ChangeLevel_ToTheSameLevel_OfAnotherEngineersTicket_IsRefusedAsTheirs()
    {
        var t = New(PriorityLevel.Low);
        t.Claim(Ivan, T0);

        var refused = Assert.Throws<TicketActionException>(() => t.ChangeLevel(PriorityLevel.Low, "x", Maria, T0, Policy));

        Assert.Equal("Заявку #7 ведёт Иван Петров: изменить уровень её может только он или менеджер.", TicketTexts.Refusal(refused.Refusal, Language.Ru));
        Assert.Equal("У заявки #7 уже уровень 3.", TicketTexts.Refusal(Assert.Throws<TicketActionException>(() => t.ChangeLevel(PriorityLevel.Low, "x", Ivan, T0, Policy)).Refusal, Language.Ru));
    }

    [Fact]
    public void Release_OfAnotherEngineersResolvedTicket_IsRefusedAsTheirs_TheHolderIsToldTheState()
    {
        var t = New();
        t.Claim(Ivan, T0);
        t.Resolve(Ivan, "готово", T0 + Duration.FromHours(1));

        var theirs = Assert.Throws<TicketActionException>(() => t.Release(Maria, null, T0 + Duration.FromHours(2)));
        var own = Assert.Throws<TicketActionException>(() => t.Release(Ivan, null, T0 + Duration.FromHours(2)));

        Assert.Equal("Заявку #7 ведёт Иван Петров: вернуть в очередь её может только он или менеджер.", TicketTexts.Refusal(theirs.Refusal, Language.Ru));
        Assert.Equal("Заявку #7 нельзя вернуть в очередь — она решена, ждёт подтверждения.", TicketTexts.Refusal(own.Refusal, Language.Ru));
    }

    [Fact]
    public void Refusals_ReadAsTheyAlwaysDid_ReplyToAClosedTicket_AndAnotherEngineersReply()
    {
        var t = New();
        t.Claim(Ivan, T0);

        var theirs = Assert.Throws<TicketActionException>(() => t.AddEngineerReply(Maria, "ответ", [], T0));
        t.Resolve(Ivan, "готово", T0 + Duration.FromHours(1));
        t.Confirm(T0 + Duration.FromHours(2));
        var closed = Assert.Throws<TicketActionException>(() => t.AddEngineerReply(Ivan, "ответ", [], T0 + Duration.FromHours(3)));

        Assert.Equal("Заявку #7 ведёт Иван Петров: ответить по её может только он или менеджер.", TicketTexts.Refusal(theirs.Refusal, Language.Ru));
        Assert.Equal("Заявку #7 нельзя ответить по — она закрыта.", TicketTexts.Refusal(closed.Refusal, Language.Ru));
        Assert.Equal("You cannot reply to request #7 now — it is closed.", TicketTexts.Refusal(closed.Refusal, Language.En));
    }

    [Fact]
    public void Reopen_OpensANewWindowFromReopening_AtCurrentLevel()
    {
        var t = New(PriorityLevel.Medium);
        t.Claim(Ivan, T0);
        t.Resolve(Ivan, "готово", T0 + Duration.FromHours(1));
        var reopenedAt = T0 + Duration.FromDays(1);

        var window = t.Reopen(reopenedAt, Policy);

        Assert.Equal(TicketStatus.Reopened, t.Status);
        Assert.Equal(2, window.Sequence);
        Assert.Equal(reopenedAt, window.Start);
        Assert.Equal(Policy.ReactionDeadline(PriorityLevel.Medium, reopenedAt), t.ReactionDeadline);
        Assert.Null(t.HolderId);
        Assert.Null(t.ReactedAt);

        var claim = t.Claim(Maria, reopenedAt + Duration.FromHours(1));
        Assert.Same(window, claim);
    }

    [Fact]
    public void Release_OfReopenedTicket_GoesBackAsReopened()
    {
        var t = New();
        t.Claim(Ivan, T0);
        t.Resolve(Ivan, null, T0);
        t.Reopen(T0, Policy);
        t.Claim(Maria, T0);

        t.Release(Maria, null, T0);

        Assert.Equal(TicketStatus.Reopened, t.Status);
    }

    [Fact]
    public void Confirm_ClosesOnlyResolved()
    {
        var t = New();
        Assert.Throws<TicketActionException>(() => t.Confirm(T0));
        t.Claim(Ivan, T0);
        t.Resolve(Ivan, null, T0);

        t.Confirm(T0 + Duration.FromMinutes(5));

        Assert.Equal(TicketStatus.Closed, t.Status);
        Assert.False(t.IsOpen);
        Assert.Throws<TicketActionException>(() => t.Reopen(T0, Policy));
        Assert.Throws<TicketActionException>(() => t.AddCustomerComment("ещё", [], T0));
    }

    [Fact]
    public void AutoClose_OnlyAfterTheDays()
    {
        var t = New();
        t.Claim(Ivan, T0);
        t.Resolve(Ivan, null, T0);

        Assert.False(t.AutoCloseIfDue(T0 + Duration.FromDays(3) - Duration.FromSeconds(1), Duration.FromDays(3)));
        Assert.True(t.AutoCloseIfDue(T0 + Duration.FromDays(3), Duration.FromDays(3)));
        Assert.Equal(TicketStatus.Closed, t.Status);
    }

    [Fact]
    public void Reply_BeforeClaim_OrByOtherEngineer_IsRefused()
    {
        var t = New();
        Assert.Contains("/claim 7", TicketTexts.Refusal(Assert.Throws<TicketActionException>(() => t.AddEngineerReply(Ivan, "hi", [], T0)).Refusal, Language.Ru));
        t.Claim(Ivan, T0);

        Assert.Throws<TicketActionException>(() => t.AddEngineerReply(Maria, "hi", [], T0));
        t.AddEngineerReply(Olga, "hi", [], T0);
        t.AddEngineerReply(Ivan, "hi", [], T0);

        Assert.Equal(2, t.Messages.Count);
    }

    [Fact]
    public void Note_IsNeverVisibleToTheCustomer()
    {
        var t = New();

        var note = t.AddNote(Maria, "внутреннее", T0);

        Assert.False(note.VisibleToCustomer);
    }

    [Theory]
    [InlineData(TicketAction.Claim, new[] { TicketStatus.Registered, TicketStatus.Reopened })]
    [InlineData(TicketAction.Resolve, new[] { TicketStatus.InProgress, TicketStatus.AwaitingCustomer })]
    [InlineData(TicketAction.AskCustomer, new[] { TicketStatus.InProgress, TicketStatus.AwaitingCustomer })]
    [InlineData(TicketAction.CloseUnanswered, new[] { TicketStatus.AwaitingCustomer })]
    [InlineData(TicketAction.Confirm, new[] { TicketStatus.Resolved })]
    [InlineData(TicketAction.Reopen, new[] { TicketStatus.Resolved })]
    public void Lifecycle_Diagram_ListsExactlyTheAllowedTransitions(TicketAction trigger, TicketStatus[] from)
    {
        var diagram = Ticket.LifecycleDiagram();

        foreach (var status in Enum.GetValues<TicketStatus>())
        {
            // «InProgress --> Resolved : Resolve [the holder or a manager]»: a guard, when there is one, follows the trigger.
            var allowed = diagram.Split('\n').Any(l => l.TrimStart().StartsWith($"{status} -->", StringComparison.Ordinal)
                && System.Text.RegularExpressions.Regex.IsMatch(l.TrimEnd(), $@": {trigger}( \[.*\])?$"));
            Assert.Equal(from.Contains(status), allowed);
        }
    }

    private static Ticket New(PriorityLevel level = PriorityLevel.Medium)
    {
        var customer = new CustomerSnapshot(1, ChannelKind.Telegram, "1001", "1001", "Анна", "anna", "ООО Ромашка");
        var draft = new TicketDraft("ООО Ромашка", RequestCategory.Diagnostics, "Не работает", [], level, LevelChoice.Customer, T0);
        return Ticket.Register(7, customer, draft, T0, Policy);
    }
}
