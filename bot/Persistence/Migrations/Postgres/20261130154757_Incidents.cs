using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations.Postgres
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
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OpenedAt = table.Column<long>(type: "bigint", nullable: false),
                    OpenedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OpenedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HolderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    HolderName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    UpdatesSent = table.Column<int>(type: "integer", nullable: false),
                    LastUpdateAt = table.Column<long>(type: "bigint", nullable: true),
                    TicketsChangedAt = table.Column<long>(type: "bigint", nullable: true),
                    CloseQuestion = table.Column<int>(type: "integer", nullable: false),
                    PendingClose = table.Column<string>(type: "text", nullable: true),
                    PendingCloseById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    ClosedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Summary = table.Column<string>(type: "text", nullable: true),
                    OpenSlot = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
