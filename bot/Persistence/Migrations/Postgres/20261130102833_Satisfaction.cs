using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Satisfaction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SatisfactionAskedAt",
                table: "Tickets",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SatisfactionAt",
                table: "Tickets",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SatisfactionComment",
                table: "Tickets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SatisfactionScore",
                table: "Tickets",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AwaitingTicket",
                table: "Customers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AwaitingUntil",
                table: "Customers",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SatisfactionAskedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SatisfactionAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SatisfactionComment",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "SatisfactionScore",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "AwaitingTicket",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "AwaitingUntil",
                table: "Customers");
        }
    }
}
