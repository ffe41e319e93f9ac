using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Scheduling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EscalationsSent",
                columns: table => new
                {
                    TicketNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Window = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<string>(type: "TEXT", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Lateness = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationsSent", x => new { x.TicketNumber, x.Window, x.Step });
                });

            migrationBuilder.CreateTable(
                name: "ScheduleRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TicketNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleRequests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Registered",
                table: "Tickets",
                column: "Registered");

            migrationBuilder.CreateIndex(
                name: "IX_ReactionWindows_ClaimedAt",
                table: "ReactionWindows",
                column: "ClaimedAt");

            // Columns of complex properties are indexed here: the digest and the queue read them by range.
            migrationBuilder.Sql("CREATE INDEX IX_ReactionWindows_Deadline_At ON ReactionWindows (Deadline_At);");
            migrationBuilder.Sql("CREATE INDEX IX_Tickets_Status_Deadline ON Tickets (Status, ReactionDeadline_At);");

            // Quartz.NET's persistent job store lives in the same file; its own SQLite script creates the tables.
            foreach (var statement in ChatSupport.Bot.Scheduling.QuartzSchema.CreateStatements())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in ChatSupport.Bot.Scheduling.QuartzSchema.Tables)
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
            }

            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_ReactionWindows_Deadline_At;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Tickets_Status_Deadline;");

            migrationBuilder.DropTable(
                name: "EscalationsSent");

            migrationBuilder.DropTable(
                name: "ScheduleRequests");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_Registered",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_ReactionWindows_ClaimedAt",
                table: "ReactionWindows");
        }
    }
}
