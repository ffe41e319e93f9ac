namespace ChatSupport.Domain.Localization;

/// <summary>What /block and /unblock say, and what a blocked customer is told (once).</summary>
public static class BlockTexts
{
    public static string Usage(Language lang) => lang.L(
        "Формат: /block 12 [причина] — клиент заявки #12, или /block telegram:1001 (max:…, mail:адрес). Снять: /unblock 12",
        "Use: /block 12 [reason] — the customer of request #12, or /block telegram:1001 (max:…, mail:address). Lift: /unblock 12");

    public static string NoSuchCustomer(string target, Language lang) => lang.L($"Не нашёл клиента «{target}».", $"No customer «{target}».");

    public static string Blocked(string who, string target, Language lang) => lang.L(
        $"⛔ Клиент заблокирован: {who}. Его сообщения сохраняются, но до поддержки не доходят; при следующем сообщении ему один раз сообщат, куда писать возражение. Снять: /unblock {target}",
        $"⛔ Customer blocked: {who}. Their messages are kept but reach no one in support; at their next message they are told once where to object. Lift: /unblock {target}");

    public static string AlreadyBlocked(string who, Language lang) => lang.L($"Клиент уже заблокирован: {who}.", $"The customer is already blocked: {who}.");

    public static string Unblocked(string who, int kept, Language lang) => lang.L(
        $"✅ Блокировка снята: {who}. Новые сообщения снова доходят до поддержки (сохранённых за время блокировки: {kept}).",
        $"✅ Unblocked: {who}. New messages reach support again ({kept} kept while blocked).");

    public static string NotBlocked(string who, Language lang) => lang.L($"Клиент не заблокирован: {who}.", $"The customer is not blocked: {who}.");

    /// <summary>To the customer, once.</summary>
    public static string ToCustomer(string? objectionAddress, Language lang, bool byMail = false)
    {
        var where = byMail ? lang.L("по почте", "by e-mail") : lang.L("в этом чате", "in this chat");
        return objectionAddress is null
            ? lang.L(
                $"Поддержка больше не принимает ваши обращения {where}. Если вы считаете это ошибкой, обратитесь к вашему менеджеру у поставщика.",
                $"Support no longer takes your requests {where}. If you think this is a mistake, contact your account manager at the vendor.")
            : lang.L(
                $"Поддержка больше не принимает ваши обращения {where}. Если вы считаете это ошибкой, напишите на {objectionAddress}.",
                $"Support no longer takes your requests {where}. If you think this is a mistake, write to {objectionAddress}.");
    }

    public static string Notice(Language lang) => lang.L("Обращения не принимаются", "Requests not accepted");
}
