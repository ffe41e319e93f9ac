using ChatSupport.Bot.Outbox;
using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Intake;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// Closes resolved tickets the customer never answered about after <c>Support:AutoCloseAfterDays</c>
/// calendar days, and tells them. Runs every minute on the host's clock (a fake clock in tests).
/// </summary>
public sealed partial class TicketSweeper(IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider time, ILogger<TicketSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                if (await SweepAsync(stoppingToken) > 0)
                {
                    signal.Notify();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Closes what is due; returns how many tickets were closed.</summary>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
        var staff = scope.ServiceProvider.GetRequiredService<StaffDirectory>();
        var notify = scope.ServiceProvider.GetRequiredService<TicketNotifier>();
        var now = time.GetCurrentInstant();
        var cutoff = now - staff.AutoCloseAfter;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Tickets.Where(t => t.Status == TicketStatus.Resolved && t.ResolvedAt <= cutoff).ToListAsync(cancellationToken);
        foreach (var ticket in due)
        {
            var holder = ticket.HolderId;
            if (!ticket.AutoCloseIfDue(now, staff.AutoCloseAfter))
            {
                continue;
            }

            notify.RefreshCard(ticket);
            var days = (int)staff.AutoCloseAfter.TotalDays;
            await notify.ToCustomerAsync(ticket, l => new Reply(
                l.L($"Заявка #{ticket.Number} закрыта: после решения ответа не было {days} дн. Если проблема вернулась — создайте новую заявку.",
                    $"Request #{ticket.Number} is closed: there was no answer for {days} days after it was resolved. If the problem is back, create a new request."),
                IntakePrompts.MainMenu(l)), cancellationToken: cancellationToken);
            notify.ToPerson(holder, $"☑ #{ticket.Number} закрыта автоматически: клиент не ответил {days} дн.");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Error, "The ticket sweep failed; it runs again in a minute")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
