using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <summary>
    /// A dialogue belongs to a customer that exists. On SQLite adding a foreign key rebuilds the table outside any
    /// transaction, so it has a migration of its own: the history conversion before it stays one atomic step.
    /// </summary>
    public partial class DialogueCustomer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "FK_Dialogues_Customers_CustomerId",
                table: "Dialogues",
                column: "CustomerId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Dialogues_Customers_CustomerId",
                table: "Dialogues");
        }
    }
}
