using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatSupport.Bot.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the bot.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SupportDbContext>
{
    public SupportDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SupportDbContext>().UseSqlite("Data Source=design.db").Options);
}
