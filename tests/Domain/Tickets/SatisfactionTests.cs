using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Digest;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Mail;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Tests.Domain.Tickets;

/// <summary>CSAT: asked once when a ticket closes, one score 1–5, one comment within ten minutes of it.</summary>
public sealed class SatisfactionTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 15, 30);
    private static readonly SlaPolicy Policy = new(new AlwaysOpenCalendar(DateTimeZoneProviders.Tzdb["Europe/Moscow"]));
    private static readonly StaffMember Ivan = new("Иван Петров", StaffRole.Engineer, "2001");

    [Fact]
    public void AskedOnceWhenClosed_ScoredOnce_CommentedOnceWithinTenMinutes()
    {
        var t = New();
        t.Claim(Ivan, T0);
        Assert.False(t.AskSatisfaction(T0));
        Assert.False(t.Rate(5, T0));

        t.Resolve(Ivan, null, T0);
        t.Confirm(T0);
        Assert.True(t.AskSatisfaction(T0));
        Assert.False(t.AskSatisfaction(T0 + Duration.FromMinutes(1)));

        Assert.True(t.Rate(2, T0 + Duration.FromMinutes(2)));
        Assert.False(t.Rate(5, T0 + Duration.FromMinutes(3)));
        Assert.Equal(2, t.SatisfactionScore);
        Assert.True(t.HasLowScore);
        Assert.Equal("2 из 5", TicketTexts.Details(t.Events.Last(), Language.Ru));

        Assert.False(t.CommentSatisfaction("   ", T0 + Duration.FromMinutes(3)));
        Assert.False(t.CommentSatisfaction("поздно", T0 + Duration.FromMinutes(12) + Duration.FromSeconds(1)));
        Assert.True(t.CommentSatisfaction(" Долго ждали ответа " + new string('!', 2000), T0 + Duration.FromMinutes(12)));
        Assert.Equal(Ticket.SatisfactionCommentMax, t.SatisfactionComment!.Length);
        Assert.StartsWith("Долго ждали ответа", t.SatisfactionComment);
        Assert.False(t.CommentSatisfaction("ещё", T0 + Duration.FromMinutes(12)));
        Assert.Equal(
            [TicketEventKind.SatisfactionAsked, TicketEventKind.SatisfactionRated, TicketEventKind.SatisfactionCommented],
            t.Events.Where(e => e.Kind.ToString().StartsWith("Satisfaction", StringComparison.Ordinal)).Select(e => e.Kind));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void AScoreOutsideOneToFive_IsAProgrammingError(int score)
    {
        var t = Closed();
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Rate(score, T0));
    }

    [Theory]
    [InlineData("2:rt:12:5", 12, 5)]
    [InlineData("2:rt:1:1", 1, 1)]
    public void RateButton_RoundTrips(string data, int number, int score) => Assert.Equal(new RateAction(number, score), ButtonCodec.Decode(data));

    [Theory]
    [InlineData("2:rt:12:9")]
    [InlineData("2:rt:12:0")]
    [InlineData("2:rt:12:55")]
    [InlineData("2:rt:0:3")]
    [InlineData("2:rt:12")]
    public void ForgedRateButton_ReadsAsNothing(string data) => Assert.Null(ButtonCodec.Decode(data));

    [Theory]
    [InlineData("5", 5, null)]
    [InlineData("4 — всё хорошо, спасибо", 4, "всё хорошо, спасибо")]
    [InlineData("2. Долго ждали", 2, "Долго ждали")]
    [InlineData("  3 из 5: нормально", 3, "нормально")]
    [InlineData("5 out of 5", 5, null)]
    public void ScoreInALetter_IsTheLeadingDigit_AndTheRestIsTheComment(string text, int score, string? comment) =>
        Assert.Equal((score, comment), MailSubject.ScoreAnswer(text));

    [Theory]
    [InlineData("10 баллов")]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("Спасибо, 5")]
    [InlineData("1С опять не работает")]
    [InlineData("2 компьютера не видят принтер")]
    [InlineData("5 минут назад упал сервер")]
    [InlineData("")]
    public void NoLeadingScore_IsNoAnswer(string text) => Assert.Null(MailSubject.ScoreAnswer(text));

    [Fact]
    public void Digest_CountsScores_Average_Low_AndPerEngineer()
    {
        var digest = DigestCalculator.Compute(new LocalDate(2026, 11, 25), T0, Policy, [], [], [], [], [], null,
            [new SatisfactionFact(1, 5, "Иван Петров"), new SatisfactionFact(2, 4, "Иван Петров"), new SatisfactionFact(3, 2, "Мария Сидорова")]);
        var format = new SupportTimeFormat(DateTimeZoneProviders.Tzdb["Europe/Moscow"]);

        Assert.Contains("Оценки клиентов: 3, средняя 3,7 из 5; низких (1–2): 1\n  Иван Петров: 2, средняя 4,5\n  Мария Сидорова: 1, средняя 2,0", DigestTexts.Render(digest, format, Language.Ru));
        Assert.Contains("Customer scores: 3, average 3.7 of 5; low (1–2): 1", DigestTexts.Render(digest, format, Language.En));
        Assert.Contains("Оценки клиентов: 0\n", DigestTexts.Render(DigestCalculator.Compute(new LocalDate(2026, 11, 25), T0, Policy, [], [], [], [], []), format, Language.Ru));
    }

    [Fact]
    public void ClosingMessage_CarriesTheQuestionAndTheFiveButtonsFirst()
    {
        var reply = CustomerTicketTexts.WithRating(CustomerTexts.ClosedByYou(12, Language.Ru), 12, Language.Ru);

        Assert.EndsWith("Оцените, пожалуйста, работу поддержки по заявке #12: 1 — плохо, 5 — отлично.", reply.Text);
        Assert.Equal(["😞 1", "🙁 2", "😐 3", "🙂 4", "😍 5"], reply.Buttons[0].Select(b => b.Text));
        Assert.Equal([1, 2, 3, 4, 5], reply.Buttons[0].Select(b => ((RateAction)ButtonCodec.Decode(b.Data)!).Score));
        Assert.True(reply.Buttons.Count > 1);
    }

    private static Ticket Closed()
    {
        var t = New();
        t.Claim(Ivan, T0);
        t.Resolve(Ivan, null, T0);
        t.Confirm(T0);
        t.AskSatisfaction(T0);
        return t;
    }

    private static Ticket New()
    {
        var customer = new CustomerSnapshot(1, ChannelKind.Telegram, "1001", "1001", "Анна", "anna", "ООО Ромашка");
        var draft = new TicketDraft("ООО Ромашка", RequestCategory.Diagnostics, "Не работает", [], PriorityLevel.Medium, LevelChoice.Customer, T0);
        return Ticket.Register(7, customer, draft, T0, Policy);
    }
}
