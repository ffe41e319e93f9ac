using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MailChannel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Category",
                table: "Tickets",
                type: "TEXT",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 32);

            migrationBuilder.CreateTable(
                name: "MailAutoReplies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailAutoReplies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MailLetters",
                columns: table => new
                {
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    TicketNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Outgoing = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailLetters", x => x.MessageId);
                });

            migrationBuilder.CreateTable(
                name: "MailThreads",
                columns: table => new
                {
                    TicketNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailThreads", x => x.TicketNumber);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MailAutoReplies_Address_At",
                table: "MailAutoReplies",
                columns: new[] { "Address", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_MailLetters_TicketNumber_At",
                table: "MailLetters",
                columns: new[] { "TicketNumber", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MailAutoReplies");

            migrationBuilder.DropTable(
                name: "MailLetters");

            migrationBuilder.DropTable(
                name: "MailThreads");

            migrationBuilder.AlterColumn<string>(
                name: "Category",
                table: "Tickets",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 32,
                oldNullable: true);
        }
    }
}
