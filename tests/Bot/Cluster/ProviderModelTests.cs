using ChatSupport.Bot.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatSupport.Tests.Bot.Cluster;

/// <summary>
/// SQLite and PostgreSQL each have their own migrations (EF Core's advice for several providers). Both must describe
/// the model: a change to the model with a migration for one provider only fails here. No server is needed.
/// </summary>
public sealed class ProviderModelTests
{
    [Fact]
    public void SqliteMigrations_MatchTheModel()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: dotnet ef migrations add <Name> --context SupportDbContext --output-dir Persistence/Migrations");
    }

    [Fact]
    public void PostgresMigrations_MatchTheModel()
    {
        using var db = Postgres();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration: dotnet ef migrations add <Name> --context PostgresSupportDbContext --output-dir Persistence/Migrations/Postgres --namespace ChatSupport.Bot.Persistence.Migrations.Postgres");
    }

    [Fact]
    public void BothProvidersSnapshots_HoldTheSameTablesColumnsKeysAndIndexes()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        var a = Shape(sqlite);
        var b = Shape(postgres);
        Assert.NotEmpty(a);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var table in a.Keys)
        {
            Assert.Equal(a[table], b[table]);
        }
    }

    [Fact]
    public void EachProvider_HasItsOwnMigrations()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        var sqliteIds = sqlite.Database.GetMigrations().ToList();
        var postgresIds = postgres.Database.GetMigrations().ToList();
        Assert.True(sqliteIds.Count > 1);
        Assert.NotEmpty(postgresIds);
        Assert.Empty(sqliteIds.Intersect(postgresIds));
    }

    private static SupportDbContext Sqlite() => new(new DbContextOptionsBuilder<SupportDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static PostgresSupportDbContext Postgres() => new(new DbContextOptionsBuilder<PostgresSupportDbContext>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);

    /// <summary>Per table: its columns (name, nullability), primary key and indexes, as the provider's snapshot has them.</summary>
    private static Dictionary<string, string> Shape(SupportDbContext db)
    {
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
        var shape = new Dictionary<string, string>();
        foreach (var entity in snapshot.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = entity.GetTableName()!;
            var columns = ColumnsOf(entity).Order();
            var key = string.Join(",", entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName()));
            var indexes = entity.GetIndexes().Select(i => $"{i.GetDatabaseName()}({string.Join(",", i.Properties.Select(p => p.GetColumnName()))}){(i.IsUnique ? " unique" : string.Empty)}{(i.GetFilter() is { } f ? " where " + f : string.Empty)}").Order();
            shape[table] = $"columns: {string.Join("; ", columns)} | key: {key} | indexes: {string.Join("; ", indexes)}";
        }

        return shape;
    }

    private static IEnumerable<string> ColumnsOf(IReadOnlyEntityType entity) =>
        entity.GetProperties().Select(p => $"{p.GetColumnName()}{(p.IsNullable ? "?" : string.Empty)}{(p.IsConcurrencyToken ? " token" : string.Empty)}")
            .Concat(entity.GetComplexProperties().SelectMany(c => c.ComplexType.GetProperties().Select(p => $"{p.GetColumnName()}{(p.IsNullable ? "?" : string.Empty)}")));
}
