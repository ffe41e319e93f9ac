using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Incidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "IncidentId",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OpenedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    HolderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    UpdatesSent = table.Column<int>(type: "INTEGER", nullable: false),
                    LastUpdateAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TicketsChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CloseQuestion = table.Column<int>(type: "INTEGER", nullable: false),
                    PendingClose = table.Column<string>(type: "TEXT", nullable: true),
                    PendingCloseById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Summary = table.Column<string>(type: "TEXT", nullable: true),
                    OpenSlot = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_IncidentId",
                table: "Tickets",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_OpenSlot",
                table: "Incidents",
                column: "OpenSlot",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_IncidentId",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "IncidentId",
                table: "Tickets");
        }
    }
}
