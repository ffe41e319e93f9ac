using System.Globalization;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Sla;
using NodaTime;
using NodaTime.Text;

namespace ChatSupport.Domain.Commands;

/// <summary>What an engineer or manager typed, parsed: one record per command, checked before any handler runs.</summary>
public abstract record StaffCommand
{
    /// <summary>The command's name as typed (for usage lines).</summary>
    public abstract string Name { get; }

    /// <summary>Only managers may use it.</summary>
    public virtual bool ManagersOnly => false;

    public sealed record Help(string Typed) : StaffCommand
    {
        public override string Name => Typed;
    }

    public sealed record Queue : StaffCommand
    {
        public override string Name => "queue";
    }

    public sealed record Mine : StaffCommand
    {
        public override string Name => "mine";
    }

    public sealed record ShowTicket(int Number) : StaffCommand
    {
        public override string Name => "ticket";
    }

    public sealed record Claim(int Number) : StaffCommand
    {
        public override string Name => "claim";
    }

    public sealed record Release(int Number, string? Reason) : StaffCommand
    {
        public override string Name => "release";
    }

    /// <summary>Text may be empty when files go with the command (a caption <c>/reply 12</c>).</summary>
    public sealed record Reply(int Number, string? Text) : StaffCommand
    {
        public override string Name => "reply";
    }

    public sealed record Note(int Number, string Text) : StaffCommand
    {
        public override string Name => "note";
    }

    public sealed record ChangeLevel(int Number, PriorityLevel Level, string Reason) : StaffCommand
    {
        public override string Name => "level";
    }

    public sealed record Resolve(int Number, string? Summary) : StaffCommand
    {
        public override string Name => "resolve";
    }

    /// <summary>Ask the customer and wait for the answer.</summary>
    public sealed record Wait(int Number, string Question) : StaffCommand
    {
        public override string Name => "wait";
    }

    /// <summary>/duty: who is on duty now and next.</summary>
    public sealed record DutyShow : StaffCommand
    {
        public override string Name => "duty";
    }

    /// <summary>/duty on, /duty off: the engineer starts or ends their shift by hand.</summary>
    public sealed record DutyToggle(bool On) : StaffCommand
    {
        public override string Name => "duty";
    }

    /// <summary>/duty swap &lt;from&gt; &lt;to&gt;: a manager gives one engineer's shifts of today to another.</summary>
    public sealed record DutySwap(string People) : StaffCommand
    {
        public override string Name => "duty";

        public override bool ManagersOnly => true;
    }

    /// <summary>/assign N [engineer]: a manager gives the ticket to an engineer (without one: the engineers as buttons).</summary>
    public sealed record Assign(int Number, string? Engineer) : StaffCommand
    {
        public override string Name => "assign";

        public override bool ManagersOnly => true;
    }

    /// <summary>/reassign &lt;from&gt; &lt;to&gt;: all of one engineer's open tickets to another (a handover, an illness).</summary>
    public sealed record Reassign(string People) : StaffCommand
    {
        public override string Name => "reassign";

        public override bool ManagersOnly => true;
    }

    /// <summary>/staff: the staff list (managers).</summary>
    public sealed record StaffList : StaffCommand
    {
        public override string Name => "staff";

        public override bool ManagersOnly => true;
    }

    /// <summary>/staff add &lt;Telegram id&gt; engineer|manager &lt;name&gt; (no id: as a reply to a message forwarded from the person).</summary>
    public sealed record StaffAdd(string? UserId, Tickets.StaffRole Role, string PersonName) : StaffCommand
    {
        public override string Name => "staff";

        public override bool ManagersOnly => true;
    }

    /// <summary>/staff remove &lt;who&gt;.</summary>
    public sealed record StaffRemove(string Who) : StaffCommand
    {
        public override string Name => "staff";

        public override bool ManagersOnly => true;
    }

    /// <summary>/staff role &lt;who&gt; manager|engineer.</summary>
    public sealed record StaffSetRole(string Who, Tickets.StaffRole Role) : StaffCommand
    {
        public override string Name => "staff";

        public override bool ManagersOnly => true;
    }

    /// <summary>/block &lt;ticket or customer&gt; [reason]: the customer's messages stop reaching staff (managers).</summary>
    public sealed record Block(string Target, string? Reason) : StaffCommand
    {
        public override string Name => "block";

        public override bool ManagersOnly => true;
    }

    /// <summary>/unblock &lt;ticket or customer&gt;.</summary>
    public sealed record Unblock(string Target) : StaffCommand
    {
        public override string Name => "unblock";

        public override bool ManagersOnly => true;
    }

    /// <summary>/incident: the open incident's state (or how to open one).</summary>
    public sealed record IncidentShow : StaffCommand
    {
        public override string Name => "incident";
    }

    /// <summary>/incident open &lt;title&gt;: the desk knows of a platform-wide failure.</summary>
    public sealed record IncidentOpen(string Title) : StaffCommand
    {
        public override string Name => "incident";
    }

    /// <summary>/incident link N [N …] (or unlink): tickets into the open incident, or out of it.</summary>
    public sealed record IncidentLink(IReadOnlyList<int> Numbers, bool Unlink = false) : StaffCommand
    {
        public override string Name => "incident";
    }

    /// <summary>/incident claim: take the incident and each of its waiting tickets into work.</summary>
    public sealed record IncidentClaim : StaffCommand
    {
        public override string Name => "incident";
    }

    /// <summary>/incident update &lt;text&gt;: news to every linked customer.</summary>
    public sealed record IncidentUpdate(string Text) : StaffCommand
    {
        public override string Name => "incident";
    }

    /// <summary>/incident close &lt;text&gt;: asks, then resolves every linked ticket with the text.</summary>
    public sealed record IncidentClose(string Text) : StaffCommand
    {
        public override string Name => "incident";
    }

    /// <summary>The most tickets one /incident link names.</summary>
    public const int IncidentLinkMax = 100;

    /// <summary>The tickets registered in a period, as a CSV file in the chat.</summary>
    public sealed record Export(LocalDate From, LocalDate To) : StaffCommand
    {
        public override string Name => "export";

        public override bool ManagersOnly => true;
    }

    /// <summary>The SLA digest of a day (null: yesterday).</summary>
    public sealed record Digest(LocalDate? Day) : StaffCommand
    {
        public override string Name => "digest";

        public override bool ManagersOnly => true;
    }

    /// <summary>A known command with arguments it cannot take: answered with its usage line.</summary>
    public sealed record Malformed(string Command) : StaffCommand
    {
        public override string Name => Command;

        public override bool ManagersOnly => Command is "digest" or "export" or "assign" or "reassign" or "block" or "unblock" or "staff";
    }

    /// <summary>Not a staff command at all.</summary>
    public sealed record Unknown(string Command) : StaffCommand
    {
        public override string Name => Command;
    }

    /// <summary>The staff commands, for /help and the authorisation table.</summary>
    public static readonly IReadOnlyList<string> Names = ["queue", "mine", "ticket", "claim", "release", "reply", "note", "level", "resolve", "wait", "duty", "digest", "export", "assign", "reassign", "block", "unblock", "staff", "incident"];

    /// <summary>Commands that exist only for staff: anyone else gets a polite refusal and nothing changes.</summary>
    public static bool IsStaffOnly(string name) => Names.Contains(name) && name != "ticket";

    /// <summary>Parses a typed command; files sent with it let <c>/reply N</c> go without text.</summary>
    public static StaffCommand Parse(BotCommand command, bool withFiles = false)
    {
        var args = command.Args;
        int? number = args.Count > 0 && TicketNumber(args[0]) is { } n ? n : null;
        var rest = RestAfter(command.Arguments, 1);
        return command.Name switch
        {
            "start" or "help" => new Help(command.Name),
            "queue" => new Queue(),
            "mine" => new Mine(),
            "ticket" when number is { } t => new ShowTicket(t),
            "claim" when number is { } t => new Claim(t),
            "release" when number is { } t => new Release(t, rest),
            "reply" when number is { } t && (rest is not null || withFiles) => new Reply(t, rest),
            "note" when number is { } t && rest is not null => new Note(t, rest),
            // The reason's words joined by single spaces, as the customer and the history have always read it.
            "level" when number is { } t && args.Count >= 3 && PriorityLevels.TryParse(args[1], out var level)
                => new ChangeLevel(t, level, string.Join(' ', args.Skip(2))),
            "resolve" when number is { } t => new Resolve(t, rest),
            "wait" when number is { } t && rest is not null => new Wait(t, rest),
            "duty" when args.Count == 0 => new DutyShow(),
            "duty" when args is [var verb] && verb.Equals("on", StringComparison.OrdinalIgnoreCase) => new DutyToggle(true),
            "duty" when args is [var verb] && verb.Equals("off", StringComparison.OrdinalIgnoreCase) => new DutyToggle(false),
            "duty" when args.Count >= 3 && args[0].Equals("swap", StringComparison.OrdinalIgnoreCase) => new DutySwap(RestAfter(command.Arguments, 1)!),
            "export" when args.Count == 2 && LocalDatePattern.Iso.Parse(args[0]) is { Success: true } first && LocalDatePattern.Iso.Parse(args[1]) is { Success: true } last
                && last.Value >= first.Value => new Export(first.Value, last.Value),
            "assign" when number is { } t => new Assign(t, rest),
            "reassign" when args.Count >= 2 => new Reassign(command.Arguments.Trim()),
            "block" when args.Count >= 1 => new Block(args[0], rest),
            "staff" when args.Count == 0 => new StaffList(),
            "staff" when args.Count >= 4 && Is(args[0], "add") && TelegramId(args[1]) is { } id && RoleOf(args[2]) is { } role => new StaffAdd(id, role, RestAfter(command.Arguments, 3)!),
            "staff" when args.Count >= 3 && Is(args[0], "add") && RoleOf(args[1]) is { } role => new StaffAdd(null, role, RestAfter(command.Arguments, 2)!),
            "staff" when args.Count >= 2 && Is(args[0], "remove") => new StaffRemove(RestAfter(command.Arguments, 1)!),
            "staff" when args.Count >= 3 && Is(args[0], "role") && RoleOf(args[^1]) is { } role => new StaffSetRole(string.Join(' ', args.Skip(1).SkipLast(1)), role),
            "unblock" when args.Count == 1 => new Unblock(args[0]),
            "incident" when args.Count == 0 => new IncidentShow(),
            "incident" when args.Count >= 2 && Is(args[0], "open") => new IncidentOpen(RestAfter(command.Arguments, 1)!),
            "incident" when args.Count is >= 2 and <= IncidentLinkMax + 1 && (Is(args[0], "link") || Is(args[0], "unlink")) && args.Skip(1).All(a => TicketNumber(a) is not null)
                => new IncidentLink([.. args.Skip(1).Select(a => TicketNumber(a)!.Value).Distinct()], Is(args[0], "unlink")),
            "incident" when args.Count == 1 && Is(args[0], "claim") => new IncidentClaim(),
            "incident" when args.Count >= 2 && Is(args[0], "update") => new IncidentUpdate(RestAfter(command.Arguments, 1)!),
            "incident" when args.Count >= 2 && Is(args[0], "close") => new IncidentClose(RestAfter(command.Arguments, 1)!),
            "digest" when args.Count == 0 => new Digest(null),
            "digest" when LocalDatePattern.Iso.Parse(args[0]) is { Success: true } day => new Digest(day.Value),
            var name when Names.Contains(name) => new Malformed(name),
            var name => new Unknown(name),
        };
    }

    private static bool Is(string word, string verb) => word.Equals(verb, StringComparison.OrdinalIgnoreCase);

    /// <summary>A Telegram user id (64-bit, positive), in its canonical form.</summary>
    private static string? TelegramId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id.ToString(CultureInfo.InvariantCulture) : null;

    private static Tickets.StaffRole? RoleOf(string word) => Vocabulary.RoleNamed(word);

    /// <summary>«12» or «#12»: a ticket number.</summary>
    public static int? TicketNumber(string text) =>
        int.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;

    /// <summary>The text after the first <paramref name="skip"/> words, with its own line breaks kept; null when empty.</summary>
    public static string? RestAfter(string arguments, int skip)
    {
        var rest = arguments.AsSpan().TrimStart();
        for (var i = 0; i < skip && rest.Length > 0; i++)
        {
            var space = rest.IndexOfAny(' ', '\n', '\t');
            rest = space < 0 ? [] : rest[(space + 1)..].TrimStart();
        }

        var text = rest.ToString().Trim();
        return text.Length == 0 ? null : text;
    }
}
