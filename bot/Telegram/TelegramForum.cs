using System.Globalization;
using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Staff;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace ChatSupport.Bot.Telegram;

/// <summary>
/// Finds out whether the duty chat is a forum whose topics the bot may manage (getChat, getChatMember for the bot itself)
/// — at start, and again when a topic call is refused (someone took the right away, or gave it back) — and says what it
/// found once per change. Retries with back-off while Telegram cannot be asked; topics stay off meanwhile.
/// </summary>
public sealed partial class TelegramForum(ITelegramBotClient bot, StaffDirectory staff, TopicSupport topics, ILogger<TelegramForum> logger) : BackgroundService
{
    /// <summary>How often the chat is looked at again anyway: a right given (or taken) by hand is noticed without a restart, on every replica.</summary>
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _again = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (staff.Duty is not { } duty || staff.Channel != Domain.Channels.ChannelKind.Telegram)
        {
            topics.Set(false, "no duty chat in Telegram");
            return;
        }

        topics.Set(false, "checking the duty chat");
        topics.Refused += () => _again.Release();
        var delay = TimeSpan.FromSeconds(2);
        string? said = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (available, status) = await CheckAsync(long.Parse(duty.ChatId, CultureInfo.InvariantCulture), stoppingToken);
                topics.Set(available, status);
                if (status != said)
                {
                    if (available)
                    {
                        LogTopics(logger, status);
                    }
                    else
                    {
                        LogNoTopics(logger, status);
                    }

                    said = status;
                }

                delay = TimeSpan.FromSeconds(2);
                // Looked at again when a topic call is refused, and every few minutes.
                await _again.WaitAsync(RecheckEvery, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogCheckFailed(logger, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            }
        }
    }

    private async Task<(bool Available, string Status)> CheckAsync(long duty, CancellationToken cancellationToken)
    {
        var chat = await bot.GetChat(duty, cancellationToken);
        if (chat.IsForum != true)
        {
            return (false, "the duty chat is not a forum (turn on Topics in the group's settings to give each ticket its own topic)");
        }

        var me = await bot.GetMe(cancellationToken);
        var member = await bot.GetChatMember(duty, me.Id, cancellationToken);
        return member switch
        {
            ChatMemberOwner => (true, "the duty chat is a forum and the bot owns it: each ticket gets its own topic"),
            ChatMemberAdministrator { CanManageTopics: true } => (true, "the duty chat is a forum and the bot may manage topics: each ticket gets its own topic"),
            ChatMemberAdministrator => (false, "the duty chat is a forum but the bot may not manage topics (give it the «Manage topics» admin right)"),
            _ => (false, "the duty chat is a forum but the bot is not an administrator (make it one with the «Manage topics» right)"),
        };
    }

    [LoggerMessage(LogLevel.Information, "Forum topics: {Status}")]
    private static partial void LogTopics(ILogger logger, string status);

    [LoggerMessage(LogLevel.Warning, "Forum topics off: {Status}; cards and relays go to the duty chat and to the holder's private chat as in a plain group")]
    private static partial void LogNoTopics(ILogger logger, string status);

    [LoggerMessage(LogLevel.Warning, "Forum topics: could not ask Telegram about the duty chat ({Error}); asking again in {Seconds} s")]
    private static partial void LogCheckFailed(ILogger logger, string error, double seconds);
}
