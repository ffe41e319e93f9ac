using ChatSupport.Bot.Channels;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// Says at start-up which messengers customers can use and who works where, and warns when tickets would be
/// registered with nobody told: no duty chat, no staff, staff in a messenger that is not running, or staff whose
/// private chats the messenger refuses (their messages wait until they open the bot).
/// </summary>
public sealed partial class StaffBanner(StaffDirectory staff, IEnumerable<IChannelSender> channels, IServiceScopeFactory scopes, Sla.SlaSetup sla, ILogger<StaffBanner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var running = channels.Select(c => c.Channel).ToList();
        LogChannels(logger, string.Join(", ", running.Select(c => CardTexts.ChannelName(c))), staff.All.Count(s => !s.IsManager), staff.All.Count(s => s.IsManager), CardTexts.ChannelName(staff.Channel));
        if (!running.Contains(staff.Channel))
        {
            LogStaffChannelOff(logger, CardTexts.ChannelName(staff.Channel));
        }
        else if (staff.Duty is null)
        {
            LogNoDutyChat(logger);
        }

        if (staff.All.Count == 0)
        {
            LogNoStaff(logger);
        }

        await using var scope = scopes.CreateAsyncScope();
        foreach (var (member, since) in await scope.ServiceProvider.GetRequiredService<StaffReachability>().ListUnreachableAsync(cancellationToken))
        {
            LogUnreachable(logger, member.Name, sla.Format.Human(since));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Customers write in: {Channels}; staff: {Engineers} engineers and {Managers} managers, working in {StaffChannel}")]
    private static partial void LogChannels(ILogger logger, string channels, int engineers, int managers, string staffChannel);

    [LoggerMessage(LogLevel.Warning, "Staff work in {StaffChannel}, which is not running (set its token): tickets are registered, but no card, ping or digest reaches anyone")]
    private static partial void LogStaffChannelOff(ILogger logger, string staffChannel);

    [LoggerMessage(LogLevel.Warning, "Support:DutyChatId is not set: new tickets get no card and pings go nowhere; add the bot to the duty group and set its id")]
    private static partial void LogNoDutyChat(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "{StaffName} has not opened the private chat with the bot (refused since {Since}): their tickets' messages wait until they do")]
    private static partial void LogUnreachable(ILogger logger, string staffName, string since);

    [LoggerMessage(LogLevel.Warning, "Support:Staff is empty: nobody can claim tickets; list engineers and managers with their Telegram user ids")]
    private static partial void LogNoStaff(ILogger logger);
}
