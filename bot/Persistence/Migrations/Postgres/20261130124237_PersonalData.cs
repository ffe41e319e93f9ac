using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations.Postgres
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "Customers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PrivacyNoticeAt",
                table: "Customers",
                type: "bigint",
                nullable: true);

            // As on SQLite: the history is append-only except the one update erasure needs (152-ФЗ) — free text, a
            // messenger's error, the customer's name and id removed; kind, time, ticket, actor kind and other facts unchanged.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION "TicketEvents_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE'
                        AND NEW."Id" = OLD."Id" AND NEW."TicketId" IS NOT DISTINCT FROM OLD."TicketId" AND NEW."Kind" = OLD."Kind"
                        AND NEW."At" = OLD."At" AND NEW."ActorKind" = OLD."ActorKind"
                        AND (NEW."ActorName" = OLD."ActorName" OR (OLD."ActorKind" = 'Customer' AND NEW."ActorName" = '—'))
                        AND (NEW."ActorId" IS NOT DISTINCT FROM OLD."ActorId" OR (OLD."ActorKind" = 'Customer' AND NEW."ActorId" IS NULL)) THEN
                        BEGIN
                            IF NEW."Data"::jsonb = (OLD."Data"::jsonb - 'text' - 'error') THEN
                                RETURN NEW;
                            END IF;
                        EXCEPTION WHEN invalid_text_representation THEN
                            -- Not JSON at all: refused below, as any other change.
                            NULL;
                        END;
                    END IF;
                    RAISE EXCEPTION 'TicketEvents is append-only: the one update allowed erases personal data (text, error, the customer''s name and id)';
                END $$;
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

            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION "TicketEvents_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'TicketEvents is append-only'; END $$;
                """);
        }
    }
}
