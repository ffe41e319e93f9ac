using ChatSupport.Domain.Export;
using ChatSupport.Domain.Tickets;
using NodaTime;

namespace ChatSupport.Domain.Localization;

/// <summary>The export's column names and cell words, in the reader's language.</summary>
public static class ExportTexts
{
    public static IReadOnlyList<string> Header(Language lang) =>
    [
        lang.L("Номер", "Number"),
        lang.L("Мессенджер", "Messenger"),
        lang.L("Организация", "Organisation"),
        lang.L("Клиент", "Customer"),
        lang.L("Категория", "Category"),
        lang.L("Уровень", "Level"),
        lang.L("Изменения уровня", "Level changes"),
        lang.L("Статус", "Status"),
        lang.L("Получена", "Received"),
        lang.L("Зарегистрирована", "Registered"),
        lang.L("Срок реакции", "Reaction deadline"),
        lang.L("Взята в работу", "Claimed"),
        lang.L("Реакция", "Reaction"),
        lang.L("Исполнитель", "Holder"),
        lang.L("Решена", "Resolved"),
        lang.L("Закрыта", "Closed"),
        lang.L("Открыта снова, раз", "Reopened, times"),
        lang.L("Оценка клиента", "Customer score"),
        lang.L("Комментарий к оценке", "Score comment"),
    ];

    /// <summary>One row's cells, in the header's order: times in ISO 8601 with the zone's offset, so no reader guesses the zone.</summary>
    public static IReadOnlyList<string> Cells(TicketExportRow r, SupportTimeFormat format, Instant now, Language lang)
    {
        string At(Instant? at) => at is { } a ? format.Machine(a) : string.Empty;
        return
        [
            r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CardTexts.ChannelName(r.Channel, lang),
            r.Organisation,
            r.Customer,
            Texts.CategoryName(r.Category, lang),
            ((int)r.Level).ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Join("; ", r.LevelChanges.Select(c => $"{c.From}→{c.To} {format.Machine(c.At)}")),
            Texts.StatusName(r.Status, lang),
            At(r.Received),
            At(r.Registered),
            At(r.ReactionDeadline?.At),
            At(r.Claimed),
            r.Reaction(now) switch
            {
                ReactionOutcome.Met => lang.L("в срок", "met"),
                ReactionOutcome.Late => lang.L("просрочена", "breached"),
                _ => r.ReactionDeadline is null ? string.Empty : lang.L("ещё идёт", "pending"),
            },
            r.Holder ?? string.Empty,
            At(r.Resolved),
            At(r.Closed),
            r.Reopened.ToString(System.Globalization.CultureInfo.InvariantCulture),
            r.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            r.ScoreComment ?? string.Empty,
        ];
    }
}
