using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Blocking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BlockNoticeAt",
                table: "Customers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BlockReason",
                table: "Customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BlockedAt",
                table: "Customers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BlockedBy",
                table: "Customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BlockedMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    Attachments = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlockedMessages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BlockedMessages_At",
                table: "BlockedMessages",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_BlockedMessages_CustomerId_At",
                table: "BlockedMessages",
                columns: new[] { "CustomerId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BlockedMessages");

            migrationBuilder.DropColumn(
                name: "BlockNoticeAt",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "BlockReason",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "BlockedAt",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "BlockedBy",
                table: "Customers");
        }
    }
}
