using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PlanWaitingTickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Tickets that were already waiting when the Scheduling migration added the pings never got a plan: no
            // ping ever came for them. Ask the planner to plan every waiting ticket (re-planning one that has its
            // triggers is harmless: triggers are keyed by ticket, window and step, and each ping is recorded once).
            migrationBuilder.Sql("""
                INSERT INTO ScheduleRequests (TicketNumber, RequestedAt)
                SELECT Number, CAST(strftime('%s', 'now') AS INTEGER) * 10000000
                FROM Tickets
                WHERE Status IN ('Registered', 'Reopened') AND ReactedAt IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the requests are consumed by the planner.
        }
    }
}
