using System.Text.Json;
using System.Text.Json.Serialization;
using ChatSupport.Domain.Channels;
using ChatSupport.Domain.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace ChatSupport.Bot.Persistence;

/// <summary>
/// The desk's database: customers, dialogues, tickets, processed updates and the outbox. This class carries the SQLite
/// migrations; <see cref="PostgresSupportDbContext"/> is the same model with PostgreSQL's own (EF Core keeps one set of
/// migrations per provider).
/// </summary>
public class SupportDbContext : DbContext
{
    public SupportDbContext(DbContextOptions<SupportDbContext> options)
        : this((DbContextOptions)options)
    {
    }

    protected SupportDbContext(DbContextOptions options)
        : base(options)
    {
        // Changes are looked for once, when saving (see BumpVersions), not on every query and lookup: a unit of work
        // that handles a hundred updates would otherwise scan all it tracks again and again.
        ChangeTracker.AutoDetectChangesEnabled = false;
    }

    /// <summary>How JSON columns are written: web casing, enums by name, NodaTime types in ISO form.</summary>
    internal static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new ChannelKindJson(), new AttachmentRefJson() },
        // Stored, never rendered as HTML: keep Cyrillic readable in the database.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<DialogueRecord> Dialogues => Set<DialogueRecord>();

    public DbSet<Ticket> Tickets => Set<Ticket>();

    public DbSet<ProcessedUpdate> ProcessedUpdates => Set<ProcessedUpdate>();

    public DbSet<Counter> Counters => Set<Counter>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<TrackedMessage> TrackedMessages => Set<TrackedMessage>();

    public DbSet<ScheduleRequest> ScheduleRequests => Set<ScheduleRequest>();

    public DbSet<EscalationSent> EscalationsSent => Set<EscalationSent>();

    public DbSet<StaffChat> StaffChats => Set<StaffChat>();

    public DbSet<SendSlot> SendSlots => Set<SendSlot>();

    public DbSet<FloodMark> FloodMarks => Set<FloodMark>();

    public DbSet<ChannelState> ChannelStates => Set<ChannelState>();

    public DbSet<MailThread> MailThreads => Set<MailThread>();

    public DbSet<MailLetter> MailLetters => Set<MailLetter>();

    public DbSet<MailAutoReply> MailAutoReplies => Set<MailAutoReply>();

    public DbSet<DutyChangeRecord> DutyChanges => Set<DutyChangeRecord>();

    public DbSet<DutyHandover> DutyHandovers => Set<DutyHandover>();

    public DbSet<StaffUsername> StaffUsernames => Set<StaffUsername>();

    public DbSet<TicketTopic> TicketTopics => Set<TicketTopic>();

    public DbSet<BlockedMessage> BlockedMessages => Set<BlockedMessage>();

    public DbSet<StaffMemberRecord> StaffMembers => Set<StaffMemberRecord>();

    public DbSet<StaffChangeRecord> StaffChanges => Set<StaffChangeRecord>();

    public DbSet<Incident> Incidents => Set<Incident>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants as UTC ticks since the Unix epoch: exact, sortable, comparable in SQL.
        configurationBuilder.Properties<Instant>().HaveConversion<InstantConverter>();
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateConverter>();
        // Enums as their names, so the database reads plainly and reordering an enum breaks nothing.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ChannelKind>().HaveConversion<ChannelKindConverter>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(b =>
        {
            b.HasKey(c => c.Id);
            b.HasIndex(c => new { c.Channel, c.UserId }).IsUnique();
            // E-mail addresses are customers' ids too: up to 254 characters.
            b.Property(c => c.UserId).HasMaxLength(254);
            b.Property(c => c.ChatId).HasMaxLength(254);
            b.Property(c => c.PendingComment).HasConversion(JsonConverter<PendingComment?>(), JsonComparer<PendingComment?>());
        });

        modelBuilder.Entity<DialogueRecord>(b =>
        {
            b.ToTable("Dialogues");
            b.HasKey(d => d.Id);
            // At most one active dialogue per customer, enforced by the database.
            b.HasIndex(d => d.CustomerId).IsUnique().HasFilter("\"Status\" = 'Active'").HasDatabaseName("IX_Dialogues_ActivePerCustomer");
            b.HasIndex(d => new { d.Status, d.LastActivityAt });
            b.HasOne(d => d.Customer).WithMany().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Restrict);
            b.Property(d => d.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<Ticket>(b =>
        {
            b.HasKey(t => t.Id);
            b.HasIndex(t => t.Number).IsUnique();
            b.ComplexProperty(t => t.Customer, c =>
            {
                c.Property(p => p.UserId).HasMaxLength(254);
                c.Property(p => p.ChatId).HasMaxLength(254);
            });
            b.ComplexProperty(t => t.ReactionDeadline, d =>
            {
                d.Property(p => p.At);
                d.Property(p => p.EndOfDay);
            });
            b.HasIndex(t => t.CustomerId);
            b.HasIndex(t => new { t.Status, t.Registered });
            b.HasMany(t => t.Attachments).WithOne().HasForeignKey("TicketId").OnDelete(DeleteBehavior.Restrict);
            b.HasMany(t => t.Messages).WithOne().HasForeignKey("TicketId").OnDelete(DeleteBehavior.Restrict);
            b.HasMany(t => t.Events).WithOne().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(t => t.Windows).WithOne().HasForeignKey(w => w.TicketId).OnDelete(DeleteBehavior.Restrict);
            b.Navigation(t => t.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
            b.Navigation(t => t.Messages).UsePropertyAccessMode(PropertyAccessMode.Field);
            b.Navigation(t => t.Events).UsePropertyAccessMode(PropertyAccessMode.Field);
            b.Navigation(t => t.Windows).UsePropertyAccessMode(PropertyAccessMode.Field);
            b.Property(t => t.Version).IsConcurrencyToken();
            b.Property(t => t.HolderId).HasMaxLength(64);
            b.HasIndex(t => new { t.HolderId, t.Status });
            b.HasIndex(t => t.IncidentId);
        });

        modelBuilder.Entity<TicketAttachment>(b =>
        {
            b.ToTable("TicketAttachments");
            b.HasKey(a => a.Id);
            b.ComplexProperty(a => a.File);
        });

        modelBuilder.Entity<TicketEvent>(b =>
        {
            b.ToTable("TicketEvents");
            b.HasKey(e => e.Id);
            b.HasIndex(e => new { e.TicketId, e.At });
            b.HasIndex(e => new { e.Kind, e.At });
            b.Property(e => e.Data).HasColumnName("Data").HasConversion(JsonConverter<TicketEventData>(EventJson), JsonComparer<TicketEventData>(EventJson));
        });

        modelBuilder.Entity<ReactionWindow>(b =>
        {
            b.ToTable("ReactionWindows");
            b.HasKey(w => w.Id);
            b.HasIndex(w => new { w.TicketId, w.Sequence }).IsUnique();
            b.ComplexProperty(w => w.Deadline, d =>
            {
                d.Property(p => p.At);
                d.Property(p => p.EndOfDay);
            });
            b.Ignore(w => w.Met);
            b.Ignore(w => w.IsOpen);
        });

        modelBuilder.Entity<TicketMessage>(b =>
        {
            b.ToTable("TicketMessages");
            b.HasKey(m => m.Id);
            b.Property(m => m.Attachments).HasConversion(JsonConverter<IReadOnlyList<AttachmentRef>>(), JsonComparer<IReadOnlyList<AttachmentRef>>());
        });

        modelBuilder.Entity<ProcessedUpdate>(b =>
        {
            b.HasKey(p => new { p.Channel, p.UpdateKey });
            b.HasIndex(p => p.ProcessedAt);
        });

        modelBuilder.Entity<Counter>(b =>
        {
            b.HasKey(c => c.Name);
            b.HasData(new Counter { Name = Counter.TicketNumber, Value = 0 });
        });

        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable("Outbox");
            b.HasKey(o => o.Id);
            b.HasIndex(o => new { o.Status, o.NextAttemptAt });
            b.Property(o => o.ClaimedBy).HasMaxLength(100);
        });

        modelBuilder.Entity<SendSlot>(b =>
        {
            b.HasKey(s => new { s.Channel, s.Key });
            b.Property(s => s.Key).HasMaxLength(64);
        });

        modelBuilder.Entity<ChannelState>(b =>
        {
            b.HasKey(s => new { s.Channel, s.Key });
            b.Property(s => s.Key).HasMaxLength(64);
            b.Property(s => s.Value).HasMaxLength(200);
        });

        modelBuilder.Entity<FloodMark>(b =>
        {
            b.HasKey(f => new { f.Channel, f.UserId });
            b.Property(f => f.UserId).HasMaxLength(254);
        });

        modelBuilder.Entity<ScheduleRequest>(b => b.HasKey(r => r.Id));
        modelBuilder.Entity<EscalationSent>(b =>
        {
            b.ToTable("EscalationsSent");
            b.HasKey(e => new { e.TicketNumber, e.Window, e.Step });
            b.Property(e => e.Lateness).HasConversion(d => d.ToTimeSpan().Ticks, t => Duration.FromTicks(t));
        });

        // The digest reads reaction windows by deadline and by claim, tickets by registration.
        modelBuilder.Entity<ReactionWindow>().HasIndex("ClaimedAt");
        modelBuilder.Entity<Ticket>().HasIndex(t => t.Registered);

        modelBuilder.Entity<StaffChat>(b =>
        {
            b.HasKey(c => new { c.Channel, c.UserId });
            b.Property(c => c.UserId).HasMaxLength(64);
        });

        modelBuilder.Entity<DutyChangeRecord>(b =>
        {
            b.ToTable("DutyChanges");
            b.HasKey(c => c.Id);
            b.Property(c => c.EngineerId).HasMaxLength(64);
            b.Property(c => c.OtherId).HasMaxLength(64);
            b.Property(c => c.ByName).HasMaxLength(100);
            b.HasIndex(c => c.Until);
        });

        modelBuilder.Entity<DutyHandover>(b =>
        {
            b.HasKey(h => h.Id);
            b.Property(h => h.OnDuty).HasMaxLength(4000);
        });

        modelBuilder.Entity<StaffMemberRecord>(b =>
        {
            b.ToTable("StaffMembers");
            b.HasKey(m => m.UserId);
            b.Property(m => m.UserId).HasMaxLength(32);
            b.Property(m => m.Name).HasMaxLength(100);
            b.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            b.Property(m => m.Language).HasConversion<string>().HasMaxLength(8);
        });

        modelBuilder.Entity<StaffChangeRecord>(b =>
        {
            b.ToTable("StaffChanges");
            b.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            b.Property(m => m.Action).HasMaxLength(16);
        });

        modelBuilder.Entity<Incident>(b =>
        {
            b.ToTable("Incidents");
            b.HasKey(i => i.Id);
            b.Property(i => i.Title).HasMaxLength(Incident.TitleMax);
            b.Property(i => i.OpenedById).HasMaxLength(64);
            b.Property(i => i.OpenedByName).HasMaxLength(100);
            b.Property(i => i.HolderId).HasMaxLength(64);
            b.Property(i => i.HolderName).HasMaxLength(100);
            b.Property(i => i.ClosedByName).HasMaxLength(100);
            b.Property(i => i.PendingCloseById).HasMaxLength(64);
            // One open incident at a time, whichever replica opens it: 1 while open, null (never equal) once closed.
            b.HasIndex(i => i.OpenSlot).IsUnique();
            b.Property(i => i.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<BlockedMessage>(b =>
        {
            b.HasIndex(m => new { m.CustomerId, m.At });
            b.HasIndex(m => m.At);
        });

        modelBuilder.Entity<TicketTopic>(b =>
        {
            b.HasKey(t => t.Number);
            b.Property(t => t.Number).ValueGeneratedNever();
            b.Property(t => t.Name).HasMaxLength(256);
        });

        modelBuilder.Entity<StaffUsername>(b =>
        {
            b.HasKey(u => new { u.Channel, u.UserId });
            b.Property(u => u.UserId).HasMaxLength(64);
            b.Property(u => u.Username).HasMaxLength(64);
        });

        modelBuilder.Entity<MailThread>(b =>
        {
            b.HasKey(t => t.TicketNumber);
            b.Property(t => t.TicketNumber).ValueGeneratedNever();
            b.Property(t => t.Topic).HasMaxLength(500);
        });

        modelBuilder.Entity<MailLetter>(b =>
        {
            b.HasKey(l => l.MessageId);
            b.Property(l => l.MessageId).HasMaxLength(MailLetter.MaxIdLength);
            b.Property(l => l.Address).HasMaxLength(254);
            b.HasIndex(l => new { l.TicketNumber, l.At });
        });

        modelBuilder.Entity<MailAutoReply>(b =>
        {
            b.HasKey(r => r.Id);
            b.Property(r => r.Address).HasMaxLength(254);
            b.HasIndex(r => new { r.Address, r.At });
        });

        modelBuilder.Entity<TrackedMessage>(b =>
        {
            b.HasKey(t => t.Key);
            // Finds the ticket behind a relayed message an engineer replies to.
            b.HasIndex(t => new { t.Channel, t.ChatId, t.MessageId });
        });
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every change to a ticket, a dialogue or an incident moves its version on, so a concurrent change to the same version fails.</summary>
    private void BumpVersions()
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries<Ticket>().Where(e => e.State == EntityState.Modified))
        {
            var version = entry.Property(t => t.Version);
            version.CurrentValue = version.OriginalValue + 1;
        }

        foreach (var entry in ChangeTracker.Entries<DialogueRecord>().Where(e => e.State == EntityState.Modified))
        {
            var version = entry.Property(d => d.Version);
            version.CurrentValue = version.OriginalValue + 1;
        }

        foreach (var entry in ChangeTracker.Entries<Incident>().Where(e => e.State == EntityState.Modified))
        {
            var version = entry.Property(i => i.Version);
            version.CurrentValue = version.OriginalValue + 1;
        }
    }

    /// <summary>History facts: only the fields a line uses (nulls left out), so a row reads plainly.</summary>
    private static readonly JsonSerializerOptions EventJson = new(Json) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static ValueConverter<T, string> JsonConverter<T>(JsonSerializerOptions? options = null) => new(
        v => JsonSerializer.Serialize(v, options ?? Json),
        s => JsonSerializer.Deserialize<T>(s, options ?? Json)!);

    private static ValueComparer<T> JsonComparer<T>(JsonSerializerOptions? options = null) => new(
        (a, b) => JsonSerializer.Serialize(a, options ?? Json) == JsonSerializer.Serialize(b, options ?? Json),
        v => JsonSerializer.Serialize(v, options ?? Json).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, options ?? Json), options ?? Json)!);

    private sealed class InstantConverter() : ValueConverter<Instant, long>(i => i.ToUnixTimeTicks(), t => Instant.FromUnixTimeTicks(t));

    private sealed class LocalDateConverter() : ValueConverter<LocalDate, string>(
        d => LocalDatePattern.Iso.Format(d),
        s => LocalDatePattern.Iso.Parse(s).Value);
}
