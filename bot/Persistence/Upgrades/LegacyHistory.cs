using W = ChatSupport.Domain.Localization.LegacyWording;

namespace ChatSupport.Bot.Persistence.Upgrades;

/// <summary>
/// Turns the history lines the bot wrote before (Russian text in <c>TicketEvents.Details</c>, e.g. «реакция с
/// опозданием на 2 ч 05 мин») into the facts it writes now (JSON in <c>Data</c>), in SQL so a migration can run it.
/// Each kind's old wording was fixed by the code that wrote it; a line that does not match keeps its words as text.
/// </summary>
internal static class LegacyHistory
{
    /// <summary>The UPDATE that converts every row still holding text (JSON rows start with «{»).</summary>
    public static string ConvertSql => $"""
        UPDATE TicketEvents SET Data = CASE Kind
            WHEN 'Registered' THEN CASE
                -- StaffWork's line for the tickets that existed then: «level Low (recorded by migration)».
                WHEN Data LIKE 'level % (recorded by migration)' THEN json_object('level',
                    CASE WHEN Data LIKE 'level Critical%' THEN 1 WHEN Data LIKE 'level Medium%' THEN 2 ELSE 3 END)
                ELSE json_object(
                'level', CAST(substr(Data, {W.Level.Length + 1}, 1) AS INTEGER),
                'needsTriage', CASE WHEN Data LIKE '%{W.NeedsTriage}%' THEN json('true') ELSE NULL END) END
            WHEN 'Claimed' THEN CASE
                WHEN Data = '{W.ReactionMet}' THEN json_object('reaction', 'Met')
                WHEN Data = '{W.ReactionAlreadyRecorded}' THEN json_object('reaction', 'AlreadyRecorded')
                WHEN Data LIKE '{W.ReactionLate}%' THEN json_object('reaction', 'Late', 'lateSeconds', {Seconds($"substr(Data, {W.ReactionLate.Length + 1})")})
                ELSE json_object('text', Data) END
            WHEN 'Released' THEN CASE
                WHEN instr(Data, ': ') > 0 THEN json_object('holder', substr(Data, {W.From.Length + 1}, instr(Data, ': ') - {W.From.Length + 1}), 'text', substr(Data, instr(Data, ': ') + 2))
                ELSE json_object('holder', substr(Data, {W.From.Length + 1})) END
            WHEN 'LevelChanged' THEN json_object(
                'previousLevel', CAST(substr(Data, 1, 1) AS INTEGER),
                'level', CAST(substr(Data, 5, 1) AS INTEGER),
                'text', CASE WHEN instr(Data, ': ') > 0 THEN substr(Data, instr(Data, ': ') + 2) ELSE NULL END)
            WHEN 'CustomerMessage' THEN {Said("Customer")}
            WHEN 'EngineerMessage' THEN {Said("Engineer")}
            WHEN 'Note' THEN {Said("Internal")}
            WHEN 'Resolved' THEN CASE WHEN trim(Data) = '' THEN json_object() ELSE json_object('text', Data) END
            WHEN 'Confirmed' THEN json_object()
            WHEN 'Closed' THEN CASE
                WHEN Data LIKE '{W.NoAnswer}%' THEN json_object('closed', 'NoAnswer', 'days', CAST(substr(Data, {W.NoAnswer.Length + 1}, instr(Data, '{W.DaysSuffix}') - {W.NoAnswer.Length + 1}) AS INTEGER))
                ELSE json_object('closed', 'Confirmed') END
            WHEN 'Reopened' THEN json_object('level', CAST(substr(Data, -1, 1) AS INTEGER))
            WHEN 'Escalated' THEN json_object(
                'step', CASE WHEN Data LIKE '{W.RepeatAfterBreach}%' THEN NULL ELSE substr(Data, 1, instr(Data, ' → ') - 1) END,
                'repeat', CASE WHEN Data LIKE '{W.RepeatAfterBreach}%' THEN json('true') ELSE NULL END,
                'to', CASE
                    WHEN Data LIKE '%{W.DutyAndManagers}%' THEN 'Duty, Managers'
                    WHEN Data LIKE '%{W.ToManagers}%' THEN 'Managers'
                    ELSE 'Duty' END,
                'lateSeconds', CASE WHEN instr(Data, '{W.Late}') > 0 THEN {Seconds($"substr(Data, instr(Data, '{W.Late}') + {W.Late.Length})")} ELSE NULL END)
            WHEN 'Undeliverable' THEN CASE
                WHEN instr(Data, ': ') > 0 THEN json_object('channel', substr(Data, 1, instr(Data, ': ') - 1), 'error', substr(Data, instr(Data, ': ') + 2))
                ELSE json_object('error', Data) END
            ELSE json_object('text', Data) END
        ;
        """;

    // A message's line kept as it read («текст [2 файла]»): the words before the files' mark — its exact length known
    // from the number of files on the stored message itself (same ticket, moment and author), so a «[» in the text
    // cannot confuse it; without the message, the first « [» with «файл» after it.
    private static string Said(string author) => $"""
        CASE WHEN (SELECT json_array_length(m.Attachments) FROM TicketMessages m
                   WHERE m.TicketId = TicketEvents.TicketId AND m.At = TicketEvents.At AND m.Author = '{author}' ORDER BY m.Id LIMIT 1) > 0
            THEN (SELECT json_object(
                    'text', NULLIF(substr(TicketEvents.Data, 1, length(TicketEvents.Data) - length({Mark("json_array_length(m.Attachments)")})), ''),
                    'files', json_array_length(m.Attachments))
                  FROM TicketMessages m WHERE m.TicketId = TicketEvents.TicketId AND m.At = TicketEvents.At AND m.Author = '{author}' ORDER BY m.Id LIMIT 1)
            WHEN Data LIKE '%{W.File}%]' AND instr(Data, ' [') > 0 THEN json_object(
                'text', CASE WHEN instr(Data, ' [') = 1 THEN NULL ELSE substr(Data, 1, instr(Data, ' [') - 1) END,
                'files', CAST(substr(Data, instr(Data, ' [') + 2) AS INTEGER))
            WHEN trim(Data) = '' THEN json_object()
            ELSE json_object('text', Data) END
        """;

    /// <summary>« [2 файла]» for a count, in SQL, with Russian's three plural forms as <c>Texts.Files</c> chose them.</summary>
    private static string Mark(string n) => $"""
        (' [' || {n} || '{W.File}' || CASE
            WHEN {n} % 100 BETWEEN 11 AND 14 THEN '{W.FilesMany}'
            WHEN {n} % 10 = 1 THEN ''
            WHEN {n} % 10 BETWEEN 2 AND 4 THEN '{W.FilesFew}'
            ELSE '{W.FilesMany}' END || ']')
        """;

    /// <summary>A duration as the bot wrote it («3 д 4 ч», «2 ч 05 мин», «7 мин») back to seconds.</summary>
    private static string Seconds(string text) => $"""
        (CASE
            WHEN {text} LIKE '%{W.Days}%{W.Hours}' THEN CAST(substr({text}, 1, instr({text}, '{W.Days}') - 1) AS INTEGER) * 86400
                + CAST(substr({text}, instr({text}, '{W.Days}') + {W.Days.Length}, instr({text}, '{W.Hours}') - instr({text}, '{W.Days}') - {W.Days.Length}) AS INTEGER) * 3600
            WHEN {text} LIKE '%{W.HoursAnd}%{W.Minutes}' THEN CAST(substr({text}, 1, instr({text}, '{W.HoursAnd}') - 1) AS INTEGER) * 3600
                + CAST(substr({text}, instr({text}, '{W.HoursAnd}') + {W.HoursAnd.Length}, instr({text}, '{W.Minutes}') - instr({text}, '{W.HoursAnd}') - {W.HoursAnd.Length}) AS INTEGER) * 60
            WHEN {text} LIKE '%{W.Minutes}' THEN CAST(substr({text}, 1, instr({text}, '{W.Minutes}') - 1) AS INTEGER) * 60
            ELSE NULL END)
        """;
}
