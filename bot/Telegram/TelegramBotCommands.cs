using Telegram.Bot;
using Telegram.Bot.Types;

namespace ChatSupport.Bot.Telegram;

/// <summary>The command menu Telegram shows customers, in Russian (default) and English.</summary>
public static class TelegramBotCommands
{
    public static readonly IReadOnlyList<(string Command, string Ru, string En)> Customer =
    [
        ("new", "Новая заявка", "New request"),
        ("my", "Мои заявки", "My requests"),
        ("ticket", "Заявка по номеру: /ticket 12", "A request by number: /ticket 12"),
        ("cancel", "Отменить текущее действие", "Cancel what is in progress"),
        ("profile", "Изменить организацию", "Change your organisation"),
        ("lang", "Язык: русский / English", "Language: русский / English"),
        ("help", "Как работает поддержка", "How support works"),
        ("start", "Начать", "Start"),
    ];

    public static async Task RegisterAsync(ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        var ru = Customer.Select(c => new BotCommand { Command = c.Command, Description = c.Ru }).ToArray();
        var en = Customer.Select(c => new BotCommand { Command = c.Command, Description = c.En }).ToArray();
        await bot.SetMyCommands(ru, languageCode: null, cancellationToken: cancellationToken);
        await bot.SetMyCommands(ru, languageCode: "ru", cancellationToken: cancellationToken);
        await bot.SetMyCommands(en, languageCode: "en", cancellationToken: cancellationToken);
    }
}
