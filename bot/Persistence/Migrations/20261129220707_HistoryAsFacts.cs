using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HistoryAsFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Details",
                table: "TicketEvents",
                newName: "Data");

            // The history said its lines in Russian words; now it keeps their facts and says them in the reader's
            // language. The lines written so far are converted once: the append-only guard is lifted for this
            // migration alone and put back before it ends, so afterwards updates and deletes are refused as before.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TicketEvents_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TicketEvents_NoDelete;");
            migrationBuilder.Sql(Upgrades.LegacyHistory.ConvertSql);
            migrationBuilder.Sql("CREATE TRIGGER TicketEvents_NoUpdate BEFORE UPDATE ON TicketEvents BEGIN SELECT RAISE(ABORT, 'TicketEvents is append-only'); END;");
            migrationBuilder.Sql("CREATE TRIGGER TicketEvents_NoDelete BEFORE DELETE ON TicketEvents BEGIN SELECT RAISE(ABORT, 'TicketEvents is append-only'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Data",
                table: "TicketEvents",
                newName: "Details");
        }
    }
}
