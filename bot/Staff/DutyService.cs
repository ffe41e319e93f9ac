using ChatSupport.Bot.Configuration;
using ChatSupport.Bot.Persistence;
using ChatSupport.Bot.Sla;
using ChatSupport.Domain.Roster;
using ChatSupport.Domain.Sla;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// The duty roster as it stands: the configured shifts (<see cref="DutyRoster"/>) with the chat's changes from the
/// database, so every replica sees a /duty on the moment it commits. Who is on duty now, who to mention in a ping,
/// and the changes themselves.
/// </summary>
public sealed class DutyService(SupportDbContext db, DutyRoster roster, StaffDirectory staff, TimeProvider time)
{
    /// <summary>Changes older than this no longer matter to «now» and are not read.</summary>
    private static readonly Duration Lookback = Duration.FromDays(2);

    public DutyRoster Roster => roster;

    public async Task<IReadOnlyList<DutyChange>> ChangesAsync(Instant now, CancellationToken cancellationToken)
    {
        var since = now - Lookback;
        return [.. (await db.DutyChanges.AsNoTracking().Where(c => c.Until > since).OrderBy(c => c.Id).ToListAsync(cancellationToken)).Select(c => c.ToChange())];
    }

    public async Task<DutyNow> NowAsync(CancellationToken cancellationToken)
    {
        var now = time.GetCurrentInstant();
        return roster.At(now, await ChangesAsync(now, cancellationToken));
    }

    /// <summary>The staff members on duty now (people the roster names but who left Support:Staff are skipped).</summary>
    public async Task<IReadOnlyList<StaffMember>> OnDutyAsync(CancellationToken cancellationToken)
    {
        var now = await NowAsync(cancellationToken);
        return [.. now.OnDuty.Select(o => staff.Find(staff.Channel, o.EngineerId)).OfType<StaffMember>()];
    }

    /// <summary>Whom a ping mentions: the engineers on duty, or every engineer when nobody is.</summary>
    public async Task<IReadOnlyList<StaffMember>> ToMentionAsync(CancellationToken cancellationToken)
    {
        var on = await OnDutyAsync(cancellationToken);
        return on.Count > 0 ? on : [.. staff.All.Where(s => s.Role == StaffRole.Engineer)];
    }

    /// <summary>@username → user id, as last seen on staff messages.</summary>
    public async Task<IReadOnlyDictionary<string, string>> UsernamesAsync(CancellationToken cancellationToken) =>
        (await db.StaffUsernames.AsNoTracking().Where(u => u.Channel == staff.Channel).ToListAsync(cancellationToken))
            .GroupBy(u => u.Username.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => g.First().UserId, StringComparer.Ordinal);

    /// <summary>
    /// Remembers the username a staff member writes under: one read, and a write only when it changed — an upsert, so
    /// two replicas taking this person's first two updates at once both succeed.
    /// </summary>
    public async Task RememberUsernameAsync(StaffMember member, string? username, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(username) || username.Length > 64)
        {
            return;
        }

        var known = await db.StaffUsernames.AsNoTracking().Where(u => u.Channel == staff.Channel && u.UserId == member.UserId).Select(u => u.Username).SingleOrDefaultAsync(cancellationToken);
        if (known != username)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"""INSERT INTO "StaffUsernames" ("Channel", "UserId", "Username") VALUES ({staff.Channel.Name}, {member.UserId}, {username}) ON CONFLICT ("Channel", "UserId") DO UPDATE SET "Username" = excluded."Username" """,
                cancellationToken);
        }
    }

    public void Record(DutyChange change, StaffMember by, Instant at) => db.DutyChanges.Add(new DutyChangeRecord
    {
        Kind = change.Kind,
        EngineerId = change.EngineerId,
        OtherId = change.OtherId,
        Date = change.Date,
        From = change.From,
        Until = change.Until,
        ByName = by.Name,
        At = at,
    });

    /// <summary>
    /// The roster from configuration: <c>Support:Roster</c> against the staff list, in the provider's zone, with the
    /// holidays of <c>Support:Calendar:Holidays</c> and <c>HolidaysFile</c> (read for the roster in either calendar mode).
    /// </summary>
    public static DutyRoster FromConfiguration(IConfiguration configuration, StaffDirectory staff, SlaSetup sla)
    {
        var entries = LayeredConfiguration.Items(configuration.GetSection(RosterSettings.Section))
            .Select(e => new RosterEntry(e.Path, e["Engineer"], e.GetChildren().Where(c => !string.Equals(c.Key, "Engineer", StringComparison.OrdinalIgnoreCase)).ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase)))
            .ToList();
        IReadOnlyList<(string Key, string? Value)> holidays = [.. LayeredConfiguration.ReadValues(configuration, $"{CalendarSettings.Section}:Holidays"),
            .. (sla.HolidaysFile?.Holidays ?? []).Select(d => ($"{CalendarSettings.Section}:HolidaysFile", (string?)d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))];
        return RosterSettings.Build(entries, staff.All, sla.Policy.Calendar.Zone, holidays);
    }
}
