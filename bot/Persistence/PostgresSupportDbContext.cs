using Microsoft.EntityFrameworkCore;

namespace ChatSupport.Bot.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so that its migrations (Persistence/Migrations/Postgres) are
/// PostgreSQL's, generated for it, while the SQLite ones stay with <see cref="SupportDbContext"/>.
/// </summary>
public sealed class PostgresSupportDbContext(DbContextOptions<PostgresSupportDbContext> options) : SupportDbContext(options);
