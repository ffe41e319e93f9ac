using System.Globalization;
using System.Text;
using ChatSupport.Domain.Localization;

namespace ChatSupport.Domain.Buttons;

/// <summary>
/// The one way button data is written and read. Written as <c>2:tag:args</c> (the leading <c>2</c> is the format's
/// version), at most <see cref="MaxBytes"/> UTF-8 bytes — Telegram's callback_data limit, well within MAX's 1024.
/// Read: that format, and the unversioned one the bot wrote before (<c>claim:12</c>, <c>d:1003:lvl2</c>, …), so
/// cards and menus already in chats keep working. Anything else — forged, truncated, from a bot version that no
/// longer exists — reads as null: the caller answers «кнопка устарела», and nothing is ever misread.
/// </summary>
public static class ButtonCodec
{
    /// <summary>Telegram's limit for callback_data (1–64 bytes).</summary>
    public const int MaxBytes = 64;

    private const string Version = "2";

    public static string Encode(ButtonAction action)
    {
        var data = action switch
        {
            MenuAction m => Join("m", MenuTag(m.Item)),
            TicketsPageAction p => Join("p", Number(p.Page)),
            ShowTicketAction t => Join("t", Number(t.Number)),
            LanguageAction l => Join("l", l.Language == Language.En ? "en" : "ru"),
            AttachCommentAction c => Join("cm", Number(c.Number)),
            ConfirmAction c => Join("cf", Number(c.Number), c.Solved ? "y" : "n"),
            IntakeAction d => d.Key is IntakeKey.Category or IntakeKey.Level or IntakeKey.Software or IntakeKey.Alternative
                ? Join("d", Number(d.Seq), IntakeTags[d.Key], Number(d.Value))
                : Join("d", Number(d.Seq), IntakeTags[d.Key]),
            ClaimAction c => Join("cl", Number(c.Number)),
            DetailsAction i => Join("i", Number(i.Number)),
            WaitAction w => Join("w", Number(w.Number)),
            RateAction r => Join("rt", Number(r.Number), Number(r.Score)),
            ForgetAction f => Join("fg", f.Erase ? "y" : "n"),
            AssignAction a => Join("as", Number(a.Number), a.UserId),
            DeclineAssignmentAction d => Join("ad", Number(d.Number)),
            IncidentClaimAction i => Join("ic", Id(i.Incident)),
            IncidentCloseAction i => Join("ix", Id(i.Incident), Number(i.Question), i.Close ? "y" : "n"),
            IncidentJoinAction i => Join("ij", Number(i.Number), Id(i.Incident)),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "No encoding for this button action."),
        };

        // An invariant, not an input check: every action's longest form fits (a property test keeps it so).
        return Encoding.UTF8.GetByteCount(data) <= MaxBytes ? data : throw new InvalidOperationException($"Button data «{data}» is over {MaxBytes} bytes.");
    }

    /// <summary>The action behind button data, or null when the data cannot be read as one.</summary>
    public static ButtonAction? Decode(string? data)
    {
        if (string.IsNullOrEmpty(data) || Encoding.UTF8.GetByteCount(data) > 1024)
        {
            return null;
        }

        var parts = data.Split(':');
        return parts[0] == Version ? DecodeCurrent(parts[1..]) : DecodeLegacy(parts);
    }

    private static ButtonAction? DecodeCurrent(string[] parts) => parts switch
    {
        ["m", var item] => MenuFrom(item) is { } m ? new MenuAction(m) : null,
        ["p", var page] when Page(page) is { } p => new TicketsPageAction(p),
        ["t", var n] when Ticket(n) is { } t => new ShowTicketAction(t),
        ["l", "ru"] => new LanguageAction(Language.Ru),
        ["l", "en"] => new LanguageAction(Language.En),
        ["cm", var n] when Ticket(n) is { } t => new AttachCommentAction(t),
        ["cf", var n, "y" or "n"] when Ticket(n) is { } t => new ConfirmAction(t, parts[2] == "y"),
        ["d", var seq, var tag] when Seq(seq) is { } s && KeyFrom(tag) is { } key && !HasValue(key) => new IntakeAction(s, key),
        ["d", var seq, var tag, var value] when Seq(seq) is { } s && KeyFrom(tag) is { } key && HasValue(key) && Valid(key, value) is { } v => new IntakeAction(s, key, v),
        ["cl", var n] when Ticket(n) is { } t => new ClaimAction(t),
        ["i", var n] when Ticket(n) is { } t => new DetailsAction(t),
        ["w", var n] when Ticket(n) is { } t => new WaitAction(t),
        ["rt", var n, var score] when Ticket(n) is { } t && score is ['1' or '2' or '3' or '4' or '5'] => new RateAction(t, score[0] - '0'),
        ["fg", "y" or "n"] => new ForgetAction(parts[1] == "y"),
        ["as", var n, var id] when Ticket(n) is { } t && id.Length is > 0 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') => new AssignAction(t, id),
        ["ad", var n] when Ticket(n) is { } t => new DeclineAssignmentAction(t),
        ["ic", var i] when IncidentId(i) is { } id => new IncidentClaimAction(id),
        ["ix", var i, var q, "y" or "n"] when IncidentId(i) is { } id && Ticket(q) is { } question => new IncidentCloseAction(id, question, parts[3] == "y"),
        ["ij", var n, var i] when Ticket(n) is { } t && IncidentId(i) is { } id => new IncidentJoinAction(t, id),
        _ => null,
    };

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static long? IncidentId(string text) =>
        text.Length is > 0 and <= 18 && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    /// <summary>The format written before the codec (issue 3–8 era): kept readable for buttons already in chats.</summary>
    private static ButtonAction? DecodeLegacy(string[] parts) => parts switch
    {
        ["m", "new"] => new MenuAction(MenuItem.NewRequest),
        ["m", "my"] => new MenuAction(MenuItem.MyRequests),
        ["m", "help"] => new MenuAction(MenuItem.Help),
        ["my", var page] when Page(page) is { } p => new TicketsPageAction(p),
        ["t", var n] when Ticket(n) is { } t => new ShowTicketAction(t),
        ["lang", "ru"] => new LanguageAction(Language.Ru),
        ["lang", "en"] => new LanguageAction(Language.En),
        ["cm", var n] when Ticket(n) is { } t => new AttachCommentAction(t),
        ["cf", var n, "y" or "n"] when Ticket(n) is { } t => new ConfirmAction(t, parts[2] == "y"),
        ["d", var seq, var action] when Seq(seq) is { } s && LegacyIntake(action) is { } legacy => new IntakeAction(s, legacy.Key, legacy.Value),
        ["claim", var n] when Ticket(n) is { } t => new ClaimAction(t),
        ["info", var n] when Ticket(n) is { } t => new DetailsAction(t),
        _ => null,
    };

    private static (IntakeKey Key, int Value)? LegacyIntake(string action) => action switch
    {
        "cancel" => (IntakeKey.Cancel, 0),
        "done" => (IntakeKey.Done, 0),
        "clear" => (IntakeKey.Clear, 0),
        "ok" => (IntakeKey.AcceptProposal, 0),
        "reg" => (IntakeKey.Register, 0),
        "guide" => (IntakeKey.Guide, 0),
        "edit" => (IntakeKey.Edit, 0),
        "back" => (IntakeKey.Back, 0),
        "eorg" => (IntakeKey.EditOrganisation, 0),
        "ecat" => (IntakeKey.EditCategory, 0),
        "edesc" => (IntakeKey.EditDescription, 0),
        "elvl" => (IntakeKey.EditLevel, 0),
        ['c', 'a', 't', var c and >= '1' and <= '4'] => (IntakeKey.Category, c - '0'),
        ['l', 'v', 'l', var l and >= '1' and <= '3'] => (IntakeKey.Level, l - '0'),
        ['s', 't', var s and >= '1' and <= '4'] => (IntakeKey.Software, s - '0'),
        "alty" => (IntakeKey.Alternative, 1),
        "altn" => (IntakeKey.Alternative, 0),
        _ => null,
    };

    private static readonly Dictionary<IntakeKey, string> IntakeTags = new()
    {
        [IntakeKey.Cancel] = "x",
        [IntakeKey.Done] = "ok",
        [IntakeKey.Clear] = "clr",
        [IntakeKey.AcceptProposal] = "yes",
        [IntakeKey.Register] = "reg",
        [IntakeKey.Guide] = "g",
        [IntakeKey.Edit] = "e",
        [IntakeKey.Back] = "b",
        [IntakeKey.EditOrganisation] = "eo",
        [IntakeKey.EditCategory] = "ec",
        [IntakeKey.EditDescription] = "ed",
        [IntakeKey.EditLevel] = "el",
        [IntakeKey.Category] = "c",
        [IntakeKey.Level] = "l",
        [IntakeKey.Software] = "s",
        [IntakeKey.Alternative] = "a",
    };

    private static readonly Dictionary<string, IntakeKey> IntakeKeys = IntakeTags.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private static IntakeKey? KeyFrom(string tag) => IntakeKeys.TryGetValue(tag, out var key) ? key : null;

    private static bool HasValue(IntakeKey key) => key is IntakeKey.Category or IntakeKey.Level or IntakeKey.Software or IntakeKey.Alternative;

    private static int? Valid(IntakeKey key, string text) => Whole(text) is { } v && key switch
    {
        IntakeKey.Category or IntakeKey.Software => v is >= 1 and <= 4,
        IntakeKey.Level => v is >= 1 and <= 3,
        _ => v is 0 or 1,
    } ? v : null;

    private static string MenuTag(MenuItem item) => item switch
    {
        MenuItem.NewRequest => "n",
        MenuItem.MyRequests => "my",
        _ => "h",
    };

    private static MenuItem? MenuFrom(string tag) => tag switch
    {
        "n" => MenuItem.NewRequest,
        "my" => MenuItem.MyRequests,
        "h" => MenuItem.Help,
        _ => null,
    };

    private static string Join(params string[] parts) => Version + ":" + string.Join(':', parts);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Digits only (no sign, no spaces, no leading «+»): what the codec writes.</summary>
    private static int? Whole(string text) =>
        text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static int? Ticket(string text) => Whole(text) is { } n and > 0 ? n : null;

    private static int? Page(string text) => Whole(text) is { } p and < 10_000 ? p : null;

    private static int? Seq(string text) => Whole(text);
}
