using ChatSupport.Bot.Channels;
using ChatSupport.Bot.Dialogue;

namespace ChatSupport.Bot.Mail;

public static class MailRegistration
{
    /// <summary>
    /// The e-mail channel, when <c>Mail:Imap:Host</c> is set: the mailbox reader (one replica reads, as one polls), the
    /// SMTP sender, the files of letters, and the handler letters go to.
    /// </summary>
    public static IHostApplicationBuilder AddMailChannel(this IHostApplicationBuilder builder, Configuration.ConfigurationNotes notes)
    {
        var options = builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        if (!options.IsConfigured)
        {
            return builder;
        }

        options.Validate(notes);
        // Russian mail still comes in windows-1251 and KOI8-R: the code pages beyond .NET's built-in few.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<MailSender>());
        // A letter is not split: mail has no message size worth cutting at.
        builder.Services.AddSingleton(new ChannelTextLimit(MailChannel.Kind, 1_000_000));
        builder.Services.AddSingleton<IChannelFiles, MailFiles>();
        builder.Services.AddScoped<LetterConversation>();
        builder.Services.AddSingleton<MailReader>();
        builder.Services.AddSingleton<IPollingState>(sp => sp.GetRequiredService<MailReader>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MailReader>());
        return builder;
    }
}
