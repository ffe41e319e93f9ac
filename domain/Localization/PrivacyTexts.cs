using ChatSupport.Domain.Buttons;
using ChatSupport.Domain.Channels;

namespace ChatSupport.Domain.Localization;

/// <summary>What the desk tells customers about their personal data (152-ФЗ), and /forget.</summary>
public static class PrivacyTexts
{
    /// <summary>Shown once, at the first contact: what is stored, why, the policy, and how to have it erased.</summary>
    public static string Notice(string policyUrl, Language lang) => lang.L(
        $"ℹ️ Чтобы решать ваши заявки, мы храним ваше имя, организацию, сообщения и файлы. Как мы обращаемся с персональными данными: {policyUrl}. Удалить свои данные можно командой /forget.",
        $"ℹ️ To solve your requests we keep your name, organisation, messages and files. How we handle personal data: {policyUrl}. To have your data erased, send /forget.");

    /// <summary>The same in the first letter's acknowledgement (no commands by mail).</summary>
    public static string MailNotice(string policyUrl, Language lang) => lang.L(
        $"Персональные данные: чтобы решать ваши заявки, мы храним ваше имя, организацию, адрес, письма и вложения. Как мы с ними обращаемся: {policyUrl}. Чтобы мы их удалили, ответьте на это письмо с такой просьбой.",
        $"Personal data: to solve your requests we keep your name, organisation, address, letters and attachments. How we handle them: {policyUrl}. To have them erased, reply to this letter asking us to.");

    public static Reply Ask(int closedTickets, Language lang) => new(
        closedTickets == 0
            ? lang.L(
                "Удалить ваши персональные данные? Заявок у вас нет; из профиля удалятся имя и организация. Отменить удаление будет нельзя.",
                "Erase your personal data? You have no requests; your name and organisation will be erased from your profile. This cannot be undone.")
            : lang.L(
                $"Удалить ваши персональные данные? Из ваших закрытых заявок ({closedTickets}) удалятся имя, организация, тексты сообщений и файлы, из профиля — имя и организация. Номера заявок, даты, уровни и сроки останутся — для статистики поддержки. Отменить удаление будет нельзя.",
                $"Erase your personal data? Your name, organisation, message texts and files will be erased from your closed requests ({closedTickets}), and your name and organisation from your profile. Request numbers, dates, levels and deadlines stay — for the support statistics. This cannot be undone."),
        [[Button.For(lang.L("🗑 Да, удалить", "🗑 Yes, erase"), new ForgetAction(true)), Button.For(lang.L("Нет, оставить", "No, keep"), new ForgetAction(false))]]);

    /// <summary>Not now: a ticket is open (its data is needed to solve it), or a request is being written.</summary>
    public static string Refused(IReadOnlyList<int> open, bool writing, Language lang)
    {
        if (open.Count > 0)
        {
            var list = string.Join(", ", open.Select(n => $"#{n}"));
            return open.Count == 1
                ? lang.L(
                    $"Сейчас удалить данные нельзя: заявка {list} ещё открыта — данные нужны, чтобы её решить. Когда она будет закрыта, повторите /forget.",
                    $"Your data cannot be erased now: request {list} is still open — the data is needed to solve it. When it is closed, send /forget again.")
                : lang.L(
                    $"Сейчас удалить данные нельзя: заявки {list} ещё открыты — данные нужны, чтобы их решить. Когда они будут закрыты, повторите /forget.",
                    $"Your data cannot be erased now: requests {list} are still open — the data is needed to solve them. When they are closed, send /forget again.");
        }

        return lang.L(
            "Сейчас удалить данные нельзя: вы оформляете новую заявку. Завершите её или отмените (/cancel), затем повторите /forget.",
            "Your data cannot be erased now: you are writing a new request. Finish or cancel it (/cancel), then send /forget again.");
    }

    public static string Done(IReadOnlyList<int> tickets, Language lang)
    {
        var list = string.Join(", ", tickets.Select(n => $"#{n}"));
        return tickets.Count == 0
            ? lang.L(
                "🗑 Готово: из профиля удалены ваше имя и организация. Заявок у вас не было. Сообщения, которые бот уже переслал инженерам в чаты, он удалить не может.",
                "🗑 Done: your name and organisation were erased from your profile. You had no requests. Messages the bot already forwarded to the engineers' chats it cannot delete.")
            : lang.L(
                $"🗑 Готово: ваши персональные данные удалены — из заявок {list} имя, организация, тексты сообщений и файлы, из профиля имя и организация. Номера, даты и сроки этих заявок остались для статистики поддержки. Сообщения, которые бот уже переслал инженерам в чаты, он удалить не может.",
                $"🗑 Done: your personal data was erased — name, organisation, message texts and files from requests {list}, name and organisation from your profile. Their numbers, dates and deadlines stay for the support statistics. Messages the bot already forwarded to the engineers' chats it cannot delete.");
    }

    public static string DoneNotice(Language lang) => lang.L("Данные удалены", "Data erased");

    public static string Kept(Language lang) => lang.L("Хорошо, ничего не удалено.", "All right, nothing was erased.");

    public static string KeptNotice(Language lang) => lang.L("Ничего не удалено", "Nothing erased");

    public static string RefusedNotice(Language lang) => lang.L("Сейчас удалить нельзя", "Cannot erase now");
}
