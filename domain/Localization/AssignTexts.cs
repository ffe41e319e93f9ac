using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;

namespace ChatSupport.Domain.Localization;

/// <summary>What /assign and /reassign say to the manager, the engineers and the customer.</summary>
public static class AssignTexts
{
    /// <summary>/assign N alone: the engineers as buttons, those on duty first (🟢).</summary>
    public static Reply Choose(int number, IReadOnlyList<(StaffMember Member, bool OnDuty)> engineers, Language lang) => new(
        lang.L($"Кому назначить заявку #{number}? 🟢 — на дежурстве.", $"Whom to assign request #{number} to? 🟢 — on duty."),
        [.. engineers.Select(e => (IReadOnlyList<Button>)[Button.For((e.OnDuty ? "🟢 " : string.Empty) + e.Member.Name, new AssignAction(number, e.Member.UserId))])]);

    public static string WhoToAssign(int number, Language lang) => lang.L(
        $"Не нашёл такого сотрудника. Формат: /assign {number} Иван Петров (имя, слово из него, @username или Telegram id) — или /assign {number} и выберите кнопкой.",
        $"No such staff member. Format: /assign {number} Ivan Petrov (a name, a word of it, @username or Telegram id) — or /assign {number} and pick a button.");

    public static string WhoToReassign(Language lang) => lang.L(
        "Формат: /reassign Иван Мария — все открытые заявки первого сотрудника перейдут ко второму (имя, слово из него, @username или Telegram id).",
        "Format: /reassign Ivan Maria — all open requests of the first staff member go to the second (a name, a word of it, @username or Telegram id).");

    /// <summary>To the manager: a waiting ticket assigned, its reaction still to come.</summary>
    public static string AssignedWaiting(int number, string assignee, Language lang) => lang.L(
        $"📌 #{number} назначена: {assignee}. Реакция будет учтена, когда сотрудник нажмёт «Беру» у себя в личном чате; до тех пор напоминания о сроке идут как обычно.",
        $"📌 #{number} assigned to {assignee}. The reaction counts when they press «Take it» in their private chat; until then the deadline reminders go on as usual.");

    /// <summary>To the manager: a held ticket handed over.</summary>
    public static string HandedOver(int number, string? previous, string assignee, Language lang) => lang.L(
        $"📌 #{number} передана: {previous} → {assignee}.",
        $"📌 #{number} handed over: {previous} → {assignee}.");

    /// <summary>To the assignee of a waiting ticket, with the button that takes it.</summary>
    public static Reply ToAssignee(Ticket t, string manager, SupportTimeFormat format, Language lang) => new(
        lang.L(
            $"📌 {manager} назначает вам заявку #{t.Number} · {CardTexts.LevelMark(t.Level)} уровень {(int)t.Level}{Organisation(t)}\n{Texts.Preview(Texts.FirstLine(t.Description), 120)}\nРеакция: {format.Due(t.ReactionDeadline, lang)}. Нажмите «Беру», чтобы взять её в работу.",
            $"📌 {manager} assigns you request #{t.Number} · {CardTexts.LevelMark(t.Level)} level {(int)t.Level}{Organisation(t)}\n{Texts.Preview(Texts.FirstLine(t.Description), 120)}\nReaction: {format.Due(t.ReactionDeadline, lang)}. Press «Take it» to take it into work."),
        [[Button.For(lang.L("✋ Беру", "✋ Take it"), new ClaimAction(t.Number)), Button.For(lang.L("↩ Не могу взять", "↩ I can't take it"), new DeclineAssignmentAction(t.Number))]]);

    /// <summary>To the assignee who pressed «Не могу взять».</summary>
    public static string Declined(int number, Language lang) => lang.L(
        $"↩ Вы отказались от заявки #{number}. Дежурный чат и менеджеры предупреждены: её возьмёт другой инженер.",
        $"↩ You declined request #{number}. The duty chat and the managers know: another engineer will take it.");

    /// <summary>To the duty chat and the managers.</summary>
    public static string DeclinedToStaff(int number, string engineer, Language lang) => lang.L(
        $"↩ {engineer} не может взять #{number} — заявка снова ждёт любого инженера. Назначить другого: /assign {number}",
        $"↩ {engineer} cannot take #{number} — it waits for any engineer again. Assign someone else: /assign {number}");

    public static string NotAssignedToYou(int number, Language lang) => lang.L(
        $"Заявка #{number} уже не назначена вам — отказываться не от чего.",
        $"Request #{number} is no longer assigned to you — nothing to decline.");

    /// <summary>To the new holder of a held ticket: it is theirs already.</summary>
    public static string ToNewHolder(Ticket t, string manager, string? previous, Language lang) => lang.L(
        $"📌 {manager} передаёт вам заявку #{t.Number}{Organisation(t)} (предыдущий исполнитель: {previous}). Она уже у вас в работе: /ticket {t.Number}",
        $"📌 {manager} hands you request #{t.Number}{Organisation(t)} (previously with {previous}). It is yours now: /ticket {t.Number}");

    private static string Organisation(Ticket t) => string.IsNullOrWhiteSpace(t.Customer.Organisation) || t.Customer.Organisation == "—" ? string.Empty : " · " + t.Customer.Organisation;

    public static string AssignmentMoved(int number, string assignee, string manager, Language lang) => lang.L(
        $"↪ Заявка #{number} назначена другому сотруднику: {assignee} (решение менеджера: {manager}). Брать её не нужно.",
        $"↪ Request #{number} is assigned to someone else: {assignee} (a manager's decision: {manager}). No need to take it.");

    public static string TakenByOther(int number, string engineer, Language lang) => lang.L(
        $"↪ Заявку #{number}, назначенную вам, взял в работу {engineer}. Брать её больше не нужно.",
        $"↪ Request #{number}, assigned to you, was taken by {engineer}. No need to take it any more.");

    public static string ToPreviousHolder(int number, string assignee, string manager, Language lang) => lang.L(
        $"↪ Заявку #{number} теперь ведёт {assignee} (решение менеджера: {manager}).",
        $"↪ Request #{number} is now with {assignee} (a manager's decision: {manager}).");

    public static Reply ToCustomer(int number, string engineer, Language lang) => Reply.Plain(lang.L(
        $"Вашу заявку #{number} теперь ведёт инженер {engineer}.",
        $"Your request #{number} is now handled by engineer {engineer}."));

    /// <summary>/reassign's account: what moved, what was left.</summary>
    public static string Reassigned(string from, string to, IReadOnlyList<int> held, IReadOnlyList<int> assigned, IReadOnlyList<string> refused, Language lang)
    {
        if (held.Count == 0 && assigned.Count == 0 && refused.Count == 0)
        {
            return lang.L($"Открытых заявок нет: {from}.", $"No open requests: {from}.");
        }

        static string List(IEnumerable<int> numbers) => string.Join(", ", numbers.Select(n => $"#{n}"));
        var lines = new List<string> { lang.L($"🔁 Передача заявок: {from} → {to}.", $"🔁 Requests handed over: {from} → {to}.") };
        if (held.Count > 0)
        {
            lines.Add(lang.L($"В работе: {List(held)}.", $"In progress: {List(held)}."));
        }

        if (assigned.Count > 0)
        {
            lines.Add(lang.L($"Назначены, ждут «Беру»: {List(assigned)}.", $"Assigned, awaiting «Take it»: {List(assigned)}."));
        }

        lines.AddRange(refused);
        return string.Join("\n", lines);
    }

    /// <summary>The card's line for a waiting ticket assigned and not yet confirmed.</summary>
    public static string CardLine(string assignee, Language lang) => lang.L($"📌 Назначена: {assignee} — ждёт «Беру»", $"📌 Assigned to {assignee} — awaiting «Take it»");
}
