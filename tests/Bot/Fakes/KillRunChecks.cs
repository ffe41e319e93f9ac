using System.Globalization;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Tickets;
using ChatSupport.Tests.Bot.Hardening;
using Microsoft.EntityFrameworkCore;
using static ChatSupport.Tests.Bot.EndToEnd.EngineersEndToEndTests;

namespace ChatSupport.Tests.Bot.Fakes;

/// <summary>What a run whose bot processes were killed again and again must show afterwards, and its figures.</summary>
public sealed record KillRunFigures(IReadOnlyList<Ticket> Tickets, int OutboxMessages, int Deliveries, int Duplicates, int Pings, int PingMessages, int UnclaimedLevel1);

public static class KillRunChecks
{
    /// <summary>
    /// Every ticket a customer saw confirmed exists exactly once, with its customer and description, and nothing else;
    /// every outbox message was delivered, each chat at most once more per kill (one message in flight per chat);
    /// every unclaimed level-1 ticket got its three pings, each recorded once and sent at most once more per kill.
    /// </summary>
    public static async Task<KillRunFigures> AssertNothingLostNothingDoubledAsync(SupportDbContext check, FakeBotApi api, IReadOnlyList<ScriptedCustomer> customers, int kills)
    {
        var tickets = await check.Tickets.Include(t => t.Messages).ToListAsync();
        var confirmed = customers.SelectMany(c => c.ConfirmedFromLog().Select(p => (c.Id, p.Number, p.Description))).ToList();
        Assert.All(customers, c => Assert.NotEmpty(c.ConfirmedFromLog()));
        Assert.Equal(confirmed.Count, confirmed.Distinct().Count());
        Assert.Equal(confirmed.Select(c => c.Number).Order(), tickets.Select(t => t.Number).Order());
        foreach (var (id, number, description) in confirmed)
        {
            var ticket = tickets.Single(t => t.Number == number);
            Assert.Equal(id.ToString(CultureInfo.InvariantCulture), ticket.Customer.UserId);
            Assert.Equal(description, ticket.Description);
        }

        // Every row went, but a card's edit that a newer edit of that card replaced before it went (never sent, by design).
        var all = await check.Outbox.ToListAsync();
        Assert.All(all, r => Assert.Contains(r.Status, new[] { OutboxStatus.Sent, OutboxStatus.Superseded }));
        var rows = all.Where(r => r.Status == OutboxStatus.Sent).ToList();
        var deliveries = api.Calls.Where(c => c.MessageId is not null && c.Method is "sendMessage" or "editMessageText" or "sendPhoto" or "sendDocument").ToList();
        var duplicates = deliveries.Count - rows.Count;
        Assert.True(duplicates >= 0, $"{deliveries.Count} deliveries for {rows.Count} messages");
        foreach (var chat in rows.GroupBy(r => r.ChatId))
        {
            Assert.InRange(deliveries.Count(c => FakeBotApi.ChatIdOf(c).ToString(CultureInfo.InvariantCulture) == chat.Key) - chat.Count(), 0, kills);
        }

        var sent = await check.EscalationsSent.ToListAsync();
        var unclaimedLevel1 = tickets.Where(t => t.Level == ChatSupport.Domain.Sla.PriorityLevel.Critical && t.ReactedAt is null).ToList();
        foreach (var ticket in unclaimedLevel1)
        {
            Assert.Equal(["s0", "s1", "s2"], sent.Where(e => e.TicketNumber == ticket.Number).Select(e => e.Step).Order());
        }

        var pingMessages = api.Calls.Count(c => c.MessageId is not null && FakeBotApi.ChatIdOf(c) == Duty
            && (FakeBotApi.TextOf(c).StartsWith("⏰", StringComparison.Ordinal) || FakeBotApi.TextOf(c).StartsWith("⚠", StringComparison.Ordinal) || FakeBotApi.TextOf(c).StartsWith("🚨", StringComparison.Ordinal)));
        Assert.InRange(pingMessages, unclaimedLevel1.Count * 3, (unclaimedLevel1.Count * 3) + kills);
        return new KillRunFigures(tickets, rows.Count, deliveries.Count, duplicates, sent.Count, pingMessages, unclaimedLevel1.Count);
    }
}
