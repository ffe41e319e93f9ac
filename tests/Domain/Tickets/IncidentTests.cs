using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Tests.Domain.Tickets;

/// <summary>A mass incident never stands in for its tickets: each keeps its window and history; the card's maths.</summary>
public sealed class IncidentTests
{
    private static readonly Instant T0 = Instant.FromUtc(2026, 11, 25, 15, 30);
    private static readonly SlaPolicy Policy = new(new AlwaysOpenCalendar(DateTimeZoneProviders.Tzdb["Europe/Moscow"]));
    private static readonly StaffMember Ivan = new("Иван Петров", StaffRole.Engineer, "2001");
    private static readonly StaffMember Maria = new("Мария Сидорова", StaffRole.Engineer, "2002");

    [Theory]
    [InlineData("  Не работает   вход \n в кабинет ", "Не работает вход в кабинет")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    public void ValidTitle_CollapsesSpaces_RefusesEmpty(string given, string? expected) => Assert.Equal(expected, Incident.ValidTitle(given));

    [Fact]
    public void ValidTitle_RefusesOverTheLimit()
    {
        Assert.NotNull(Incident.ValidTitle(new string('я', Incident.TitleMax)));
        Assert.Null(Incident.ValidTitle(new string('я', Incident.TitleMax + 1)));
    }

    [Fact]
    public void Close_NeedsTheQuestion_EachQuestionHasItsNumber_ClosingFreesTheSlot()
    {
        var incident = Incident.Open("Сбой входа", Ivan, T0);
        Assert.Equal(1, incident.OpenSlot);
        Assert.Throws<InvalidOperationException>(() => incident.Close(Ivan, T0));
        Assert.Equal(1, incident.AskToClose("Починили", Ivan));
        Assert.Equal(2, incident.AskToClose("Починили окончательно", Ivan));
        incident.CancelClose();
        Assert.Null(incident.PendingClose);
        incident.AskToClose("Починили", Maria);

        Assert.Equal("Починили", incident.Close(Maria, T0 + Duration.FromHours(1)));
        Assert.Equal((false, (int?)null, "Мария Сидорова", (string?)null), (incident.IsOpen, incident.OpenSlot, incident.ClosedByName, incident.PendingClose));
        Assert.Throws<InvalidOperationException>(() => incident.Take(Ivan));
    }

    [Fact]
    public void Link_KeepsTheTicketsOwnWindow_TwiceIsNoChange_AClosedTicketIsRefused()
    {
        var incident = Incident.Open("Сбой входа", Ivan, T0);
        var ticket = New();
        var deadline = ticket.ReactionDeadline;

        Assert.True(ticket.LinkIncident(incident, null, T0 + Duration.FromMinutes(5)));
        Assert.False(ticket.LinkIncident(incident, Ivan, T0 + Duration.FromMinutes(6)));
        Assert.Equal(deadline, ticket.ReactionDeadline);
        Assert.Equal(ActorKind.Customer, ticket.Events.Single(e => e.Kind == TicketEventKind.IncidentLinked).ActorKind);

        var window = ticket.Claim(Maria, T0 + Duration.FromMinutes(30));
        Assert.True(window!.Met);
        ticket.Resolve(Maria, "Починили", T0 + Duration.FromHours(1));
        ticket.Confirm(T0 + Duration.FromHours(2));
        var refusal = Assert.Throws<TicketActionException>(() => New(closed: true).LinkIncident(incident, Ivan, T0));
        Assert.Equal(RefusalReason.NotNow, refusal.Refusal.Reason);
        Assert.Equal("Заявку #7 нельзя присоединить к сбою — она закрыта.", TicketTexts.Refusal(refusal.Refusal, Language.Ru));
    }

    [Fact]
    public void Reopen_TakesTheTicketOutOfTheIncident_AndNewsNeedsAnIncident()
    {
        var incident = Incident.Open("Сбой входа", Ivan, T0);
        var ticket = New();
        ticket.LinkIncident(incident, Ivan, T0);
        ticket.Claim(Maria, T0 + Duration.FromMinutes(10));
        ticket.AddIncidentNews(Ivan, "Нашли причину", T0 + Duration.FromMinutes(20));
        ticket.Resolve(Maria, null, T0 + Duration.FromHours(1));

        ticket.Reopen(T0 + Duration.FromHours(2), Policy);

        Assert.Null(ticket.IncidentId);
        var unlinked = ticket.Events.Single(e => e.Kind == TicketEventKind.IncidentUnlinked);
        Assert.Equal((ActorKind.System, (long?)incident.Id), (unlinked.ActorKind, unlinked.Data.Incident));
        Assert.Contains(ticket.Messages, m => m.Author == TicketAuthor.Engineer && m.Text == "Нашли причину");
        Assert.Throws<TicketActionException>(() => ticket.AddIncidentNews(Ivan, "Ещё новости", T0 + Duration.FromHours(3)));
    }

    [Fact]
    public void Summary_CountsByState_NamesTheWorstHitFirst_SkipsErased_SoonestIsAWaitingUnreactedOne()
    {
        var d = (int h) => Deadline.Exact(T0 + Duration.FromHours(h));
        IncidentTicket[] tickets =
        [
            new(1, TicketStatus.Registered, "ООО Лютик", d(4), false),
            new(2, TicketStatus.InProgress, "ООО Ромашка", d(1), true),
            new(3, TicketStatus.Reopened, "ООО Ромашка", d(3), false),
            new(4, TicketStatus.Registered, "ООО Ромашка", d(2), true),
            new(5, TicketStatus.Closed, "—", d(0), true),
            new(6, TicketStatus.Resolved, " ", d(9), true),
        ];

        var summary = IncidentSummary.Of(tickets);

        Assert.Equal((5, 3, 1), (summary.Open, summary.Waiting, summary.Finished));
        Assert.Equal(["ООО Ромашка", "ООО Лютик"], summary.Organisations);
        // #4 waits (released) but its reaction is recorded: the soonest still to meet is #3's.
        Assert.Equal(3, summary.Soonest!.Number);
        Assert.Equal([1, 3, 4], summary.WaitingNumbers);
    }

    [Fact]
    public void DeclineAssignment_OnlyByTheAssignee_OnlyWhileWaiting()
    {
        var ticket = New();
        Assert.False(ticket.DeclineAssignment(Maria, T0));
        ticket.Assign(Maria, new StaffMember("Ольга Орлова", StaffRole.Manager, "2003"), T0);
        Assert.False(ticket.DeclineAssignment(Ivan, T0));

        Assert.True(ticket.DeclineAssignment(Maria, T0 + Duration.FromMinutes(1)));
        Assert.Null(ticket.AssigneeId);
        Assert.Equal(TicketStatus.Registered, ticket.Status);
        Assert.Equal("Мария Сидорова", ticket.Events.Single(e => e.Kind == TicketEventKind.AssignmentDeclined).Data.Assignee);
    }

    private static Ticket New(bool closed = false)
    {
        var customer = new CustomerSnapshot(1, ChannelKind.Telegram, "1001", "1001", "Анна", "anna", "ООО Ромашка");
        var draft = new TicketDraft("ООО Ромашка", RequestCategory.Diagnostics, "Не работает вход", [], PriorityLevel.Medium, LevelChoice.Customer, T0);
        var ticket = Ticket.Register(7, customer, draft, T0, Policy);
        if (closed)
        {
            ticket.Claim(Ivan, T0);
            ticket.Resolve(Ivan, null, T0);
            ticket.Confirm(T0);
        }

        return ticket;
    }

    [Fact]
    public void Texts_TheCardOffersATakeOnlyWhenThereIsOne_TheFullViewOfALinkedTicketIsWhole()
    {
        var format = new SupportTimeFormat(DateTimeZoneProviders.Tzdb["Europe/Moscow"]);
        var incident = Incident.Open("Сбой входа", Ivan, T0);
        IncidentTicket waiting = new(7, TicketStatus.Registered, "ООО Ромашка", Deadline.Exact(T0 + Duration.FromHours(4)), false);
        IncidentTicket taken = waiting with { Status = TicketStatus.InProgress, Reacted = true };

        Assert.Equal(["✋ Взять сбой в работу (ждут: 1)"], IncidentTexts.Card(incident, IncidentSummary.Of([waiting]), format, Language.Ru).Buttons.SelectMany(r => r).Select(b => b.Text));
        incident.Take(Maria);
        Assert.Empty(IncidentTexts.Card(incident, IncidentSummary.Of([taken]), format, Language.Ru).Buttons);
        Assert.Contains("Ведёт: Мария Сидорова", IncidentTexts.Card(incident, IncidentSummary.Of([taken]), format, Language.Ru).Text);

        var ticket = New();
        ticket.LinkIncident(incident, Ivan, T0);
        Assert.StartsWith("🔗 🟠 #7 · уровень 2", CardTexts.Card(ticket, format, T0, Language.Ru).Text);
        var full = CardTexts.Full(ticket, format, T0, Language.Ru).Text;
        Assert.StartsWith("🟠 #7 · Уровень 2", full);
        Assert.Contains("Не работает вход", full);
        Assert.Contains("🔗 В сбое №0 (/incident)", full);
    }
}
