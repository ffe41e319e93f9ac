using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What /staff says to the manager managing the team.</summary>
public static class StaffAdminTexts
{
    public static string Role(StaffRole role, Language lang) => role == StaffRole.Manager ? lang.L("менеджер", "manager") : lang.L("инженер", "engineer");

    public static string List(IReadOnlyList<(StaffMember Member, bool Configured)> staff, Language lang) =>
        lang.L($"👥 Сотрудники ({staff.Count}):", $"👥 Staff ({staff.Count}):") + "\n"
        + string.Join("\n", staff.Select(s => $"{s.Member.Name} — {Role(s.Member.Role, lang)} · {s.Member.UserId}" + (s.Configured ? lang.L(" · из конфигурации", " · from configuration") : string.Empty)))
        + "\n" + lang.L(
            "Добавить: /staff add 3004 engineer Пётр Иванов · убрать: /staff remove Пётр · роль: /staff role Мария manager",
            "Add: /staff add 3004 engineer Petr Ivanov · remove: /staff remove Petr · role: /staff role Maria manager");

    public static string Usage(Language lang) => lang.L(
        "Формат: /staff · /staff add 3004 engineer Пётр Иванов (Telegram id; или ответьте этой командой без id на сообщение, пересланное от сотрудника) · /staff remove Пётр · /staff role Мария manager",
        "Use: /staff · /staff add 3004 engineer Petr Ivanov (Telegram id; or send it without the id as a reply to a message forwarded from the person) · /staff remove Petr · /staff role Maria manager");

    public static string NoForward(Language lang) => lang.L(
        "Не вижу, чей это аккаунт: пересланное сообщение скрывает отправителя (его настройки приватности). Укажите Telegram id: /staff add 3004 engineer Пётр Иванов",
        "Cannot tell whose account it is: the forwarded message hides its sender (their privacy settings). Give the Telegram id: /staff add 3004 engineer Petr Ivanov");

    public static string BadName(Language lang) => lang.L("Имя сотрудника — от 2 до 100 символов.", "A staff member's name is 2 to 100 characters.");

    public static string Added(StaffMember m, Language lang) => lang.L(
        $"✅ В команде: {m.Name} — {Role(m.Role, lang)} (Telegram id {m.UserId}). Работать с заявками можно сразу; пусть сотрудник напишет боту /start, чтобы получать личные сообщения.",
        $"✅ On the team: {m.Name} — {Role(m.Role, lang)} (Telegram id {m.UserId}). They can work tickets at once; ask them to send /start to the bot to get private messages.");

    public static string AlreadyThere(StaffMember m, Language lang) => lang.L($"Этот Telegram id уже в команде: {m.Name}.", $"This Telegram id is on the team already: {m.Name}.");

    public static string NotFound(string who, Language lang) => lang.L($"Не нашёл сотрудника «{who}».", $"No staff member «{who}».");

    public static string Removed(string name, bool configured, Language lang) => lang.L(
        $"🗑 Больше не в команде: {name}. Кнопки и команды этого сотрудника больше не действуют."
            + (configured ? " Внимание: сотрудник описан в Support:Staff — после перезапуска бот вернёт его оттуда; уберите его и из конфигурации." : string.Empty),
        $"🗑 No longer on the team: {name}. Their buttons and commands no longer work."
            + (configured ? " Note: they are listed in Support:Staff — a restart brings them back; remove them from the configuration too." : string.Empty));

    public static string StillHolds(string name, string firstWord, IReadOnlyList<int> tickets, Language lang)
    {
        var list = string.Join(", ", tickets.Select(n => $"#{n}"));
        return lang.L(
            $"Нельзя убрать: {name} ведёт или должен взять заявки {list}. Сначала передайте их: /reassign {firstWord} <кому>",
            $"Cannot remove: {name} has tickets {list}. Hand them over first: /reassign {firstWord} <whom>");
    }

    public static string LastManager(string name, Language lang) => lang.L(
        $"Нельзя: {name} — единственный менеджер, без менеджера некому управлять командой.",
        $"Cannot: {name} is the only manager; without one nobody can manage the team.");

    public static string RoleSet(StaffMember m, bool configured, Language lang) => lang.L(
        $"✅ Роль изменена: {m.Name} — {Role(m.Role, lang)}." + (configured ? " Внимание: сотрудник описан в Support:Staff — после перезапуска вернётся роль оттуда." : string.Empty),
        $"✅ Role changed: {m.Name} — {Role(m.Role, lang)}." + (configured ? " Note: they are listed in Support:Staff — a restart brings back the role there." : string.Empty));

    public static string SameRole(StaffMember m, Language lang) => lang.L($"У сотрудника уже эта роль: {m.Name} — {Role(m.Role, lang)}.", $"They have this role already: {m.Name} — {Role(m.Role, lang)}.");
}
