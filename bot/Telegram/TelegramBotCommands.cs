using Telegram.Bot;
using Telegram.Bot.Types;

namespace ChatSupport.Bot.Telegram;

/// <summary>The command menu Telegram shows customers, in Russian (default) and English.</summary>
public static class TelegramBotCommands
{
    public static IReadOnlyList<(string Command, string Ru, string En)> Customer => Domain.Localization.MenuTexts.CustomerCommands;

    public static async Task RegisterAsync(ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        var ru = Customer.Select(c => new BotCommand { Command = c.Command, Description = c.Ru }).ToArray();
        var en = Customer.Select(c => new BotCommand { Command = c.Command, Description = c.En }).ToArray();
        await bot.SetMyCommands(ru, languageCode: null, cancellationToken: cancellationToken);
        await bot.SetMyCommands(ru, languageCode: "ru", cancellationToken: cancellationToken);
        await bot.SetMyCommands(en, languageCode: "en", cancellationToken: cancellationToken);
    }
}
