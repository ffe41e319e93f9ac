using ChatSupport.Bot.Persistence;
using ChatSupport.Domain.Localization;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Extensions;

namespace ChatSupport.Bot.Staff;

/// <summary>
/// The staff list in the database (<c>StaffMembers</c>, every change audited in <c>StaffChanges</c>), and the one
/// process-local copy of it, <see cref="StaffDirectory"/>, kept current without guessing: every change moves the
/// «staff-version» counter in the same transaction, and every batch of updates (and every job run) reads that one
/// number first and reloads the list when it moved — so a change made on one replica holds on every replica from
/// their next update on.
/// </summary>
public sealed partial class StaffStore(StaffDirectory directory, TimeProvider time, ILogger<StaffStore> logger)
{
    public const string VersionCounter = "staff-version";

    /// <summary>Reloads the directory if the staff changed since it was read (one single-row read when it did not).</summary>
    public async Task RefreshAsync(SupportDbContext db, CancellationToken cancellationToken)
    {
        var version = await db.Counters.Where(c => c.Name == VersionCounter).Select(c => (long?)c.Value).SingleOrDefaultAsync(cancellationToken);
        if (version is not { } current || current == directory.Version)
        {
            return;
        }

        var rows = await db.StaffMembers.AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        directory.Replace([.. rows.Select(r => new StaffMember(r.Name, r.Role, r.UserId, r.Language))], current);
    }

    /// <summary>Records a change (the row is the caller's), audits it and moves the version.</summary>
    public static async Task ChangedAsync(SupportDbContext db, string action, StaffMemberRecord member, string byName, string? byId, Instant at, CancellationToken cancellationToken)
    {
        db.StaffChanges.Add(new StaffChangeRecord { At = at, ByName = byName, ById = byId, Action = action, UserId = member.UserId, Name = member.Name, Role = member.Role });
        await Counter.EnsureAsync(db, VersionCounter, 0, cancellationToken);
        await Counter.NextAsync(db, VersionCounter, cancellationToken);
    }

    /// <summary>
    /// At start: <c>Support:Staff</c> into the table — added if new, brought in line if changed (configuration wins for
    /// the people it names); people added with /staff stay. Then the directory is read.
    /// </summary>
    public async Task SeedAsync(SupportDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetCurrentInstant();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var rows = await db.StaffMembers.ToDictionaryAsync(m => m.UserId, cancellationToken);
            var changes = 0;
            foreach (var member in directory.Configured)
            {
                if (!rows.TryGetValue(member.UserId, out var row))
                {
                    row = new StaffMemberRecord { UserId = member.UserId, Name = member.Name, Role = member.Role, Language = member.Language, Configured = true, AddedAt = now };
                    db.StaffMembers.Add(row);
                    await ChangedAsync(db, "added", row, "configuration", null, now, cancellationToken);
                    changes++;
                }
                else if (row.Name != member.Name || row.Role != member.Role || row.Language != member.Language || !row.Configured)
                {
                    (row.Name, row.Role, row.Language, row.Configured) = (member.Name, member.Role, member.Language, true);
                    await ChangedAsync(db, "configured", row, "configuration", null, now, cancellationToken);
                    changes++;
                }
            }

            // Named in the configuration before, not now: kept — taking someone out of Support:Staff does not remove them;
            // /staff remove does. Said in the log and recorded, so nobody believes a fired manager gone when they are not.
            foreach (var row in rows.Values.Where(r => r.Configured && directory.Configured.All(c => c.UserId != r.UserId)))
            {
                row.Configured = false;
                await ChangedAsync(db, "unconfigured", row, "configuration", null, now, cancellationToken);
                LogUnconfigured(logger, row.Name, row.UserId);
                changes++;
            }

            await Counter.EnsureAsync(db, VersionCounter, 0, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (changes > 0)
            {
                LogSeeded(logger, changes);
            }
        }

        await RefreshAsync(db, cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Staff: {Name} ({UserId}) is no longer in Support:Staff but stays on the staff list (added there before); remove them with /staff remove if they left")]
    private static partial void LogUnconfigured(ILogger logger, string name, string userId);

    [LoggerMessage(LogLevel.Information, "Staff: {Changes} change(s) from Support:Staff written to the staff list")]
    private static partial void LogSeeded(ILogger logger, int changes);
}

/// <summary>Seeds the staff list at start (after the migrations, before any update is taken).</summary>
public sealed class StaffSeeding(IServiceScopeFactory scopes, StaffStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SupportDbContext>();
            try
            {
                await store.SeedAsync(db, cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another replica seeded the same people at the same moment: read what it wrote and go again.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
