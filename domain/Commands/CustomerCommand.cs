using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Domain.Commands;

/// <summary>What a customer typed as a command, parsed: one record per command.</summary>
public abstract record CustomerCommand
{
    public sealed record Start : CustomerCommand;

    public sealed record Help : CustomerCommand;

    public sealed record NewRequest : CustomerCommand;

    public sealed record MyRequests : CustomerCommand;

    /// <summary><c>/ticket N</c>; <see cref="Number"/> as typed (it may be anything), null when missing.</summary>
    public sealed record ShowTicket(string? Number) : CustomerCommand;

    public sealed record Cancel : CustomerCommand;

    /// <summary><c>/lang</c>: the language named (in either language's words), or null to ask.</summary>
    public sealed record ChooseLanguage(Language? Language) : CustomerCommand;

    public sealed record Profile : CustomerCommand;

    /// <summary><c>/forget</c>: erase my personal data (152-ФЗ), after a confirming button.</summary>
    public sealed record Forget : CustomerCommand;

    /// <summary>A staff command typed by a customer: refused politely.</summary>
    public sealed record StaffOnly(string Name) : CustomerCommand;

    public sealed record Unknown(string Name) : CustomerCommand;

    public static CustomerCommand Parse(BotCommand command) => command.Name switch
    {
        "start" => new Start(),
        "help" => new Help(),
        "new" => new NewRequest(),
        "my" => new MyRequests(),
        "ticket" => new ShowTicket(command.Args.FirstOrDefault()),
        "cancel" => new Cancel(),
        "lang" => new ChooseLanguage(Vocabulary.LanguageNamed(command.Args.FirstOrDefault())),
        "profile" => new Profile(),
        "forget" => new Forget(),
        var name when StaffCommand.IsStaffOnly(name) => new StaffOnly(name),
        var name => new Unknown(name),
    };
}
