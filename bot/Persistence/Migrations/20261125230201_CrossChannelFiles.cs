using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CrossChannelFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "File_Channel",
                table: "TicketAttachments",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                // Every file stored before MAX arrived came from Telegram.
                defaultValue: "Telegram");

            migrationBuilder.AddColumn<string>(
                name: "File_Url",
                table: "TicketAttachments",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "File_Channel",
                table: "TicketAttachments");

            migrationBuilder.DropColumn(
                name: "File_Url",
                table: "TicketAttachments");
        }
    }
}
