using System.Text;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Roster;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Localization;

/// <summary>The duty roster in words: /duty, its changes, and the handover at a shift change.</summary>
public static class DutyTexts
{
    /// <summary>Lists in a handover stop after this many tickets («… и ещё 12»).</summary>
    public const int ListLimit = 25;

    /// <summary>/duty: who is on duty now (until when), the next change, and how to change it.</summary>
    public static string Board(DutyNow now, bool rosterConfigured, Func<string, string> name, SupportTimeFormat format, bool manager, Language lang)
    {
        var text = new StringBuilder();
        if (now.OnDuty.Count == 0)
        {
            text.Append(lang.L("🗓 Сейчас никто не на дежурстве — пинги упоминают всех инженеров.", "🗓 Nobody is on duty now — pings mention every engineer."));
        }
        else
        {
            text.Append(lang.L("🗓 Дежурят сейчас: ", "🗓 On duty now: ")).Append(string.Join(", ", now.OnDuty.Select(o =>
                name(o.EngineerId) + (o.Until is { } until ? lang.L(" (до ", " (until ") + format.Human(until, lang) + ")" : string.Empty)))).Append('.');
        }

        if (now.NextChange is { } next)
        {
            text.Append('\n').Append(now.NextOnDuty.Count == 0
                ? lang.L($"С {format.Human(next, lang)} на дежурстве никого.", $"From {format.Human(next, lang)} nobody is on duty.")
                : lang.L("Следующая смена: ", "Next shift: ") + format.Human(next, lang) + " — " + string.Join(", ", now.NextOnDuty.Select(name)) + ".");
        }
        else if (rosterConfigured)
        {
            text.Append('\n').Append(lang.L("В ближайшие 8 дней смен по расписанию больше нет.", "No more shifts in the roster for the next 8 days."));
        }

        if (!rosterConfigured)
        {
            text.Append('\n').Append(lang.L(
                "Расписание дежурств не задано (Support:Roster): на дежурстве те, кто начал смену командой /duty on.",
                "No duty roster is configured (Support:Roster): on duty are those who started a shift with /duty on."));
        }

        text.Append("\n\n").Append(lang.L("/duty on — начать смену, /duty off — закончить.", "/duty on — start a shift, /duty off — end it."));
        if (manager)
        {
            text.Append('\n').Append(lang.L(
                "/duty swap Петров Сидорова — отдать сегодняшние смены одного другому (имя, @username или Telegram id).",
                "/duty swap Petrov Sidorova — give one engineer's shifts of today to another (name, @username or Telegram id)."));
        }

        return text.ToString();
    }

    public static string Started(Instant until, SupportTimeFormat format, Language lang) => lang.L(
        $"✅ Вы на дежурстве до {format.Human(until, lang)}: пинги будут упоминать вас. Закончить раньше — /duty off.",
        $"✅ You are on duty until {format.Human(until, lang)}: pings will mention you. To end sooner — /duty off.");

    public static string AlreadyOn(Instant? until, SupportTimeFormat format, Language lang) => lang.L(
        "Вы уже на дежурстве" + (until is { } u ? $" (до {format.Human(u, lang)})" : string.Empty) + ". Закончить — /duty off.",
        "You are already on duty" + (until is { } e ? $" (until {format.Human(e, lang)})" : string.Empty) + ". To end it — /duty off.");

    public static string Ended(int holding, Language lang) => lang.L(
        "👋 Смена закончена: пинги больше не упоминают вас." + (holding > 0 ? $" У вас в работе {Texts.Count(holding, lang, "заявка", "заявки", "заявок", "request", "requests")}: передайте их или верните в очередь (/release N)." : string.Empty),
        "👋 Your shift is over: pings no longer mention you." + (holding > 0 ? $" You still hold {Texts.Count(holding, lang, "заявка", "заявки", "заявок", "request", "requests")}: hand them over or release them (/release N)." : string.Empty));

    public static string NotOn(Language lang) => lang.L(
        "Вы сейчас не на дежурстве. Начать смену — /duty on.", "You are not on duty now. To start a shift — /duty on.");

    public static string Swapped(string from, string to, LocalDate date, IReadOnlyList<DutyShift> shifts, SupportTimeFormat format, string by, Language lang)
    {
        var hours = string.Join(", ", shifts.Select(s => format.Human(s.Start, lang) + " — " + format.Human(s.End, lang)));
        return lang.L(
            $"🔁 Замена дежурства на {format.Date(date, lang)} ({hours}): {from} → {to}. Менеджер: {by}.",
            $"🔁 Duty swap for {format.Date(date, lang)} ({hours}): {from} → {to}. Manager: {by}.");
    }

    public static string NothingToSwap(string from, LocalDate date, SupportTimeFormat format, Language lang) => lang.L(
        $"{from}: смен на {format.Date(date, lang)} по расписанию больше нет — менять нечего.",
        $"{from} has no shift in the roster on {format.Date(date, lang)} — nothing to swap.");

    public static string WhoToSwap(Language lang) => lang.L(
        "Не понял, кого с кем поменять. Формат: /duty swap Петров Сидорова — по имени из списка сотрудников, @username или Telegram id; два разных человека.",
        "Could not tell who swaps with whom. Use: /duty swap Petrov Sidorova — by the name in the staff list, @username or Telegram id; two different people.");

    /// <summary>The handover at a shift change: who arrives and leaves, unclaimed tickets, the leavers' tickets, the ones at risk.</summary>
    public static Reply Handover(
        Instant at,
        IReadOnlyList<string> arriving,
        IReadOnlyList<string> leaving,
        IReadOnlyList<Ticket> unclaimed,
        IReadOnlyList<Ticket> leaversHold,
        IReadOnlyList<Ticket> atRisk,
        SupportTimeFormat format,
        Language lang)
    {
        var text = new StringBuilder(lang.L("🔄 Смена дежурных · ", "🔄 Duty handover · ")).Append(format.Human(at, lang));
        text.Append('\n').Append(lang.L("Заступают: ", "Arriving: ")).Append(arriving.Count == 0 ? lang.L("никто", "nobody") : string.Join(", ", arriving));
        text.Append('\n').Append(lang.L("Уходят: ", "Leaving: ")).Append(leaving.Count == 0 ? lang.L("никто", "nobody") : string.Join(", ", leaving));

        text.Append("\n\n").Append(lang.L("Без исполнителя: ", "Unclaimed: ")).Append(unclaimed.Count);
        foreach (var t in unclaimed.Take(ListLimit))
        {
            text.Append("\n• ").Append(Item(t)).Append(" · ").Append(t.ReactedAt is null ? CardTexts.TimeLeft(t.ReactionDeadline, at, lang) : lang.L("возвращена в очередь", "back in the queue"));
        }

        More(text, unclaimed.Count, lang);
        text.Append("\n\n").Append(lang.L("В работе у уходящих: ", "Held by those leaving: ")).Append(leaversHold.Count);
        foreach (var t in leaversHold.Take(ListLimit))
        {
            text.Append("\n• ").Append(Item(t)).Append(" · ").Append(t.HolderName).Append(", ").Append(Texts.StatusName(t.Status, lang));
        }

        More(text, leaversHold.Count, lang);
        if (leaversHold.Count > 0)
        {
            text.Append('\n').Append(lang.L("Передайте их заступающим или верните в очередь: /release N причина.", "Hand them over or release them: /release N reason."));
        }

        text.Append("\n\n").Append(lang.L("Под угрозой и просрочены: ", "At risk or breached: ")).Append(atRisk.Count);
        foreach (var t in atRisk.Take(ListLimit))
        {
            text.Append("\n• ").Append(Item(t)).Append(" · ").Append(CardTexts.TimeLeft(t.ReactionDeadline, at, lang));
        }

        More(text, atRisk.Count, lang);
        return new Reply(text.ToString(), []);
    }

    private static string Item(Ticket t) => $"#{t.Number} {CardTexts.LevelMark(t.Level)} {t.Customer.Organisation}";

    private static void More(StringBuilder text, int count, Language lang)
    {
        if (count > ListLimit)
        {
            text.Append("\n… ").Append(lang.L($"и ещё {count - ListLimit}", $"and {count - ListLimit} more"));
        }
    }
}
