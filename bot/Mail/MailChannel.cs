using ChatSupport.Domain.Channels;

namespace ChatSupport.Bot.Mail;

/// <summary>The e-mail channel, by name: customers' letters to the support mailbox, and the desk's letters back.</summary>
public static class MailChannel
{
    public static readonly ChannelKind Kind = new("Mail");
}
