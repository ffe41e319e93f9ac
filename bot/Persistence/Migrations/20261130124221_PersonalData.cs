using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "Customers",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PrivacyNoticeAt",
                table: "Customers",
                type: "INTEGER",
                nullable: true);

            // The history stays append-only with one sanctioned exception, erasure (152-ФЗ): an update may only remove
            // the free text and a messenger's error from a line's facts and blank the customer's name and id on their
            // own lines. Kind, time, ticket, actor kind and every other fact must stay as they were; deletes stay refused.
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TicketEvents_NoUpdate;");
            migrationBuilder.Sql("""
                CREATE TRIGGER TicketEvents_NoUpdate BEFORE UPDATE ON TicketEvents
                WHEN NOT (NEW.Id = OLD.Id AND NEW.TicketId IS OLD.TicketId AND NEW.Kind = OLD.Kind AND NEW.At = OLD.At AND NEW.ActorKind = OLD.ActorKind
                    AND (NEW.ActorName = OLD.ActorName OR (OLD.ActorKind = 'Customer' AND NEW.ActorName = '—'))
                    AND (NEW.ActorId IS OLD.ActorId OR (OLD.ActorKind = 'Customer' AND NEW.ActorId IS NULL))
                    AND NEW.Data = json_remove(OLD.Data, '$.text', '$.error'))
                BEGIN SELECT RAISE(ABORT, 'TicketEvents is append-only: the one update allowed erases personal data (text, error, the customer''s name and id)'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "PrivacyNoticeAt",
                table: "Customers");

            migrationBuilder.Sql("DROP TRIGGER IF EXISTS TicketEvents_NoUpdate;");
            migrationBuilder.Sql("CREATE TRIGGER TicketEvents_NoUpdate BEFORE UPDATE ON TicketEvents BEGIN SELECT RAISE(ABORT, 'TicketEvents is append-only'); END;");
        }
    }
}
