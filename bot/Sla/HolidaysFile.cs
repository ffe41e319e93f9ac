using System.Globalization;
using ChatSupport.Domain.Configuration;
using ChatSupport.Domain.Sla;
using Ical.Net.CalendarComponents;
using NodaTime;

namespace ChatSupport.Bot.Sla;

/// <summary>
/// <c>Support:Calendar:HolidaysFile</c>: a production calendar as an iCalendar file (RFC 5545, read with Ical.Net) —
/// the form in which Russia's calendar is commonly published. Every all-day event is a holiday (an event over several
/// days, each of its days), except those with <c>CATEGORIES:WORKDAY</c> or a summary starting «Рабочий день»: those are
/// working days transferred onto a weekend. Anything the file cannot mean is a start-up error naming the key, the
/// file and the event, never a silently wrong deadline.
/// </summary>
public static class HolidaysFile
{
    public const string Key = CalendarSettings.Section + ":HolidaysFile";

    /// <summary>Longer than any real calendar file; a bigger one is a mistake (a log, a dump).</summary>
    private const long MaxBytes = 2 * 1024 * 1024;

    /// <summary>The New Year holidays are the longest run; an event longer than this is not a holiday.</summary>
    private const int MaxEventDays = 31;

    public static CalendarFileDays Read(string path)
    {
        var full = Path.GetFullPath(path.Trim());
        string text;
        try
        {
            var info = new FileInfo(full);
            if (info.Exists && info.Length > MaxBytes)
            {
                throw new SupportConfigurationException(Key, path, $"{full} is {info.Length:N0} bytes; a holidays calendar is a few kilobytes");
            }

            text = File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupportConfigurationException(Key, path, $"cannot read {full}: {ex.Message}");
        }

        return Parse(text, full, path);
    }

    /// <summary>Reads the calendar's text; <paramref name="source"/> names the file in errors and in the merged calendar.</summary>
    public static CalendarFileDays Parse(string text, string source, string? configured = null)
    {
        configured ??= source;
        Ical.Net.Calendar? calendar;
        try
        {
            calendar = Ical.Net.Calendar.Load(text);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // Whatever the parser throws on a file it cannot read: one line naming the key and the file, never a stack trace.
            throw new SupportConfigurationException(Key, configured, $"{source} is not an iCalendar file: {ex.Message}");
        }

        if (calendar is null || !text.TrimStart().StartsWith("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            throw new SupportConfigurationException(Key, configured, $"{source} is not an iCalendar file (it must begin with BEGIN:VCALENDAR)");
        }

        var holidays = new SortedSet<LocalDate>();
        var workdays = new SortedSet<LocalDate>();
        var skipped = 0;
        foreach (var calendarEvent in calendar.Events)
        {
            var name = $"«{calendarEvent.Summary}» ({calendarEvent.DtStart})";
            if (calendarEvent.DtStart is not { } start)
            {
                throw new SupportConfigurationException(Key, configured, $"{source}: the event «{calendarEvent.Summary}» has no DTSTART");
            }

            if (string.Equals(calendarEvent.Status, "CANCELLED", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (start.HasTime || Domain.Localization.CalendarTexts.IsShortenedDay(calendarEvent.Summary))
            {
                // A shortened pre-holiday day or a meeting: not a whole day off, and not ours to guess.
                skipped++;
                continue;
            }

            if (calendarEvent.RecurrenceRule is not null || calendarEvent.RecurrenceDates.GetAllDates().Any())
            {
                throw new SupportConfigurationException(Key, configured, $"{source}: the event {name} repeats (RRULE/RDATE); list each year's dates as their own events");
            }

            var first = LocalDate.FromDateOnly(start.Date);
            if (calendarEvent.DtEnd is { } before && before.Date < start.Date)
            {
                throw new SupportConfigurationException(Key, configured, $"{source}: the event {name} ends before it starts");
            }

            // DTEND is exclusive; some producers write it equal to DTSTART for a one-day event.
            var days = calendarEvent.DtEnd is { } end
                ? Math.Max(1, Period.DaysBetween(first, LocalDate.FromDateOnly(end.Date)))
                : calendarEvent.Duration is { } duration ? (duration.Weeks ?? 0) * 7 + (duration.Days ?? 0) : 1;

            if (days is < 1 or > MaxEventDays)
            {
                throw new SupportConfigurationException(Key, configured, $"{source}: the event {name} lasts {days} days; a holiday event lasts 1 to {MaxEventDays}");
            }

            var working = calendarEvent.Categories.Any(c => string.Equals(c.Trim(), "WORKDAY", StringComparison.OrdinalIgnoreCase))
                || (calendarEvent.Summary ?? string.Empty).TrimStart().StartsWith(Domain.Localization.CalendarTexts.WorkdaySummary, StringComparison.OrdinalIgnoreCase);
            for (var i = 0; i < days; i++)
            {
                var date = first.PlusDays(i);
                if ((working ? holidays : workdays).Contains(date))
                {
                    throw new SupportConfigurationException(Key, configured,
                        $"{source}: {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is both a holiday and a working day in the file");
                }

                (working ? workdays : holidays).Add(date);
            }
        }

        return new CalendarFileDays(source, [.. holidays], [.. workdays], skipped);
    }
}
