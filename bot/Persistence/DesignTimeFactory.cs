using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatSupport.Bot.Persistence;

/// <summary>Lets <c>dotnet ef migrations add … --context SupportDbContext</c> build the SQLite context without starting the bot.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SupportDbContext>
{
    public SupportDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SupportDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>
/// The same for PostgreSQL (<c>--context PostgresSupportDbContext --output-dir Persistence/Migrations/Postgres</c>); no
/// server is needed to add a migration.
/// </summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSupportDbContext>
{
    public PostgresSupportDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSupportDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
