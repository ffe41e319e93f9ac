using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Roster;

/// <summary>
/// A staff member named in a command: <c>@username</c> (as last seen on their messages), their Telegram user id, their
/// full name, or one word of it when only one person has that word (<c>Петров</c>). Case does not matter.
/// </summary>
public static class StaffNames
{
    public static StaffMember? Find(string text, IReadOnlyList<StaffMember> staff, IReadOnlyDictionary<string, string> idByUsername)
    {
        var typed = text.Trim();
        if (typed.Length == 0)
        {
            return null;
        }

        if (typed[0] == '@')
        {
            return idByUsername.TryGetValue(typed[1..].ToLowerInvariant(), out var id) ? staff.FirstOrDefault(s => s.UserId == id) : null;
        }

        var exact = staff.FirstOrDefault(s => s.UserId == typed) ?? staff.FirstOrDefault(s => string.Equals(s.Name, typed, StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }

        var byWord = staff.Where(s => s.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => string.Equals(w, typed, StringComparison.OrdinalIgnoreCase))).ToList();
        return byWord.Count == 1 ? byWord[0] : null;
    }

    /// <summary>
    /// Two people in a row (<c>Иван Петров Мария Сидорова</c>, <c>@ivan Мария</c>): the one way to cut the words so that
    /// both sides name someone, different people. Null when no cut or more than one does.
    /// </summary>
    public static (StaffMember From, StaffMember To)? FindPair(string text, IReadOnlyList<StaffMember> staff, IReadOnlyDictionary<string, string> idByUsername)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        (StaffMember, StaffMember)? found = null;
        for (var cut = 1; cut < words.Length; cut++)
        {
            var from = Find(string.Join(' ', words[..cut]), staff, idByUsername);
            var to = Find(string.Join(' ', words[cut..]), staff, idByUsername);
            if (from is null || to is null || from.UserId == to.UserId)
            {
                continue;
            }

            if (found is { } other && (other.Item1.UserId != from.UserId || other.Item2.UserId != to.UserId))
            {
                return null;
            }

            found = (from, to);
        }

        return found;
    }
}
