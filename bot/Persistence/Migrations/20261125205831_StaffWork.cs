using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StaffWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClosedAt",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HolderId",
                table: "Tickets",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HolderName",
                table: "Tickets",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReactedAt",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReopenCount",
                table: "Tickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ResolvedAt",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Tickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ReactionWindows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TicketId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimedBy = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimedById = table.Column<string>(type: "TEXT", nullable: true),
                    Deadline_At = table.Column<long>(type: "INTEGER", nullable: false),
                    Deadline_EndOfDay = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReactionWindows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReactionWindows_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TicketEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TicketId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActorKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Details = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketEvents_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TrackedMessages_Channel_ChatId_MessageId",
                table: "TrackedMessages",
                columns: new[] { "Channel", "ChatId", "MessageId" });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_HolderId_Status",
                table: "Tickets",
                columns: new[] { "HolderId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ReactionWindows_TicketId_Sequence",
                table: "ReactionWindows",
                columns: new[] { "TicketId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TicketEvents_Kind_At",
                table: "TicketEvents",
                columns: new[] { "Kind", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketEvents_TicketId_At",
                table: "TicketEvents",
                columns: new[] { "TicketId", "At" });

            // Tickets registered before this version get their first reaction window (and a history line),
            // so an old database keeps working and its SLA figures stay whole.
            migrationBuilder.Sql(@"INSERT INTO ReactionWindows (TicketId, Sequence, Start, Level, Deadline_At, Deadline_EndOfDay)
                SELECT Id, 1, ReactionWindowStart, Level, ReactionDeadline_At, ReactionDeadline_EndOfDay FROM Tickets;");
            migrationBuilder.Sql(@"INSERT INTO TicketEvents (TicketId, Kind, ActorKind, ActorName, At, Details)
                SELECT Id, 'Registered', 'Customer', Customer_Name, Registered, 'level ' || substr(Level, 1) || ' (recorded by migration)' FROM Tickets;");

            // The audit trail is append-only, enforced by the database itself.
            migrationBuilder.Sql("CREATE TRIGGER TicketEvents_NoUpdate BEFORE UPDATE ON TicketEvents BEGIN SELECT RAISE(ABORT, 'TicketEvents is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER TicketEvents_NoDelete BEFORE DELETE ON TicketEvents BEGIN SELECT RAISE(ABORT, 'TicketEvents is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TicketEvents_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TicketEvents_NoDelete;");

            migrationBuilder.DropTable(
                name: "ReactionWindows");

            migrationBuilder.DropTable(
                name: "TicketEvents");

            migrationBuilder.DropIndex(
                name: "IX_TrackedMessages_Channel_ChatId_MessageId",
                table: "TrackedMessages");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_HolderId_Status",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "HolderId",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "HolderName",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "ReactedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "ReopenCount",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Tickets");
        }
    }
}
