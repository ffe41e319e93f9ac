using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChatSupport.Bot.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Counters",
                columns: table => new
                {
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Counters", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Customers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ChatId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "text", nullable: false),
                    Username = table.Column<string>(type: "text", nullable: true),
                    Organisation = table.Column<string>(type: "text", nullable: true),
                    Language = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LanguageChosen = table.Column<bool>(type: "boolean", nullable: false),
                    Awaiting = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PendingComment = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Customers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EscalationsSent",
                columns: table => new
                {
                    TicketNumber = table.Column<int>(type: "integer", nullable: false),
                    Window = table.Column<int>(type: "integer", nullable: false),
                    Step = table.Column<string>(type: "text", nullable: false),
                    SentAt = table.Column<long>(type: "bigint", nullable: false),
                    Lateness = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EscalationsSent", x => new { x.TicketNumber, x.Window, x.Step });
                });

            migrationBuilder.CreateTable(
                name: "FloodMarks",
                columns: table => new
                {
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NextAt = table.Column<long>(type: "bigint", nullable: false),
                    Warned = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FloodMarks", x => new { x.Channel, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ChatId = table.Column<string>(type: "text", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    TrackKey = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    SentAt = table.Column<long>(type: "bigint", nullable: true),
                    SentMessageId = table.Column<string>(type: "text", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    ClaimedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClaimedUntil = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessedUpdates",
                columns: table => new
                {
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UpdateKey = table.Column<string>(type: "text", nullable: false),
                    ProcessedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedUpdates", x => new { x.Channel, x.UpdateKey });
                });

            migrationBuilder.CreateTable(
                name: "ScheduleRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TicketNumber = table.Column<int>(type: "integer", nullable: false),
                    RequestedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SendSlots",
                columns: table => new
                {
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    NextAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SendSlots", x => new { x.Channel, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "StaffChats",
                columns: table => new
                {
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UnreachableSince = table.Column<long>(type: "bigint", nullable: true),
                    LastDutyNoticeAt = table.Column<long>(type: "bigint", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffChats", x => new { x.Channel, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "Tickets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    LevelChoice = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NeedsTriage = table.Column<bool>(type: "boolean", nullable: false),
                    Received = table.Column<long>(type: "bigint", nullable: false),
                    Registered = table.Column<long>(type: "bigint", nullable: false),
                    ReactionWindowStart = table.Column<long>(type: "bigint", nullable: false),
                    ReactedAt = table.Column<long>(type: "bigint", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    HolderId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    HolderName = table.Column<string>(type: "text", nullable: true),
                    ResolvedAt = table.Column<long>(type: "bigint", nullable: true),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    ReopenCount = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Customer_Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Customer_ChatId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Customer_CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Customer_Name = table.Column<string>(type: "text", nullable: false),
                    Customer_Organisation = table.Column<string>(type: "text", nullable: false),
                    Customer_UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Customer_Username = table.Column<string>(type: "text", nullable: true),
                    ReactionDeadline_At = table.Column<long>(type: "bigint", nullable: false),
                    ReactionDeadline_EndOfDay = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tickets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrackedMessages",
                columns: table => new
                {
                    Key = table.Column<string>(type: "text", nullable: false),
                    Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ChatId = table.Column<string>(type: "text", nullable: false),
                    MessageId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackedMessages", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "Dialogues",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    State = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    LastActivityAt = table.Column<long>(type: "bigint", nullable: false),
                    HasDescription = table.Column<bool>(type: "boolean", nullable: false),
                    TicketNumber = table.Column<int>(type: "integer", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Dialogues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Dialogues_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReactionWindows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TicketId = table.Column<long>(type: "bigint", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Start = table.Column<long>(type: "bigint", nullable: false),
                    Level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ClaimedAt = table.Column<long>(type: "bigint", nullable: true),
                    ClaimedBy = table.Column<string>(type: "text", nullable: true),
                    ClaimedById = table.Column<string>(type: "text", nullable: true),
                    Deadline_At = table.Column<long>(type: "bigint", nullable: false),
                    Deadline_EndOfDay = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReactionWindows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReactionWindows_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TicketAttachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Author = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Added = table.Column<long>(type: "bigint", nullable: false),
                    TicketId = table.Column<long>(type: "bigint", nullable: true),
                    File_Channel = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    File_FileId = table.Column<string>(type: "text", nullable: false),
                    File_FileName = table.Column<string>(type: "text", nullable: true),
                    File_Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    File_MimeType = table.Column<string>(type: "text", nullable: true),
                    File_Size = table.Column<long>(type: "bigint", nullable: true),
                    File_Url = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketAttachments_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TicketEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TicketId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActorKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActorName = table.Column<string>(type: "text", nullable: false),
                    ActorId = table.Column<string>(type: "text", nullable: true),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketEvents_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TicketMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Author = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AuthorName = table.Column<string>(type: "text", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Attachments = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    TicketId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TicketMessages_Tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "Tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "Counters",
                columns: new[] { "Name", "Value" },
                values: new object[] { "ticket-number", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Channel_UserId",
                table: "Customers",
                columns: new[] { "Channel", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Dialogues_ActivePerCustomer",
                table: "Dialogues",
                column: "CustomerId",
                unique: true,
                filter: "\"Status\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_Dialogues_Status_LastActivityAt",
                table: "Dialogues",
                columns: new[] { "Status", "LastActivityAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_Status_NextAttemptAt",
                table: "Outbox",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedUpdates_ProcessedAt",
                table: "ProcessedUpdates",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReactionWindows_ClaimedAt",
                table: "ReactionWindows",
                column: "ClaimedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReactionWindows_TicketId_Sequence",
                table: "ReactionWindows",
                columns: new[] { "TicketId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TicketAttachments_TicketId",
                table: "TicketAttachments",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_TicketEvents_Kind_At",
                table: "TicketEvents",
                columns: new[] { "Kind", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketEvents_TicketId_At",
                table: "TicketEvents",
                columns: new[] { "TicketId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketMessages_TicketId",
                table: "TicketMessages",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_CustomerId",
                table: "Tickets",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_HolderId_Status",
                table: "Tickets",
                columns: new[] { "HolderId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Number",
                table: "Tickets",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Registered",
                table: "Tickets",
                column: "Registered");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Status_Registered",
                table: "Tickets",
                columns: new[] { "Status", "Registered" });

            migrationBuilder.CreateIndex(
                name: "IX_TrackedMessages_Channel_ChatId_MessageId",
                table: "TrackedMessages",
                columns: new[] { "Channel", "ChatId", "MessageId" });

            // As in the SQLite migrations: columns of complex properties indexed by hand (the digest and the queue read
            // them by range), and the history append-only.
            migrationBuilder.Sql("""CREATE INDEX "IX_ReactionWindows_Deadline_At" ON "ReactionWindows" ("Deadline_At");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Tickets_Status_Deadline" ON "Tickets" ("Status", "ReactionDeadline_At");""");
            // Each chat's next pending message, read by every replica's outbox pass.
            migrationBuilder.Sql("""CREATE INDEX "IX_Outbox_PendingHeads" ON "Outbox" ("Channel", "ChatId", "Id") WHERE "Status" = 'Pending';""");
            migrationBuilder.Sql("""
                CREATE FUNCTION "TicketEvents_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'TicketEvents is append-only'; END $$;
                """);
            migrationBuilder.Sql("""CREATE TRIGGER "TicketEvents_NoChange" BEFORE UPDATE OR DELETE ON "TicketEvents" FOR EACH ROW EXECUTE FUNCTION "TicketEvents_AppendOnly"();""");

            // Quartz.NET's clustered job store lives in the same database; its own PostgreSQL script creates the tables.
            foreach (var statement in ChatSupport.Bot.Scheduling.QuartzSchema.CreatePostgresStatements())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in ChatSupport.Bot.Scheduling.QuartzSchema.Tables)
            {
                migrationBuilder.Sql($"DROP TABLE IF EXISTS {table.ToLowerInvariant()} CASCADE;");
            }

            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TicketEvents_NoChange" ON "TicketEvents";""");
            migrationBuilder.Sql("""DROP FUNCTION IF EXISTS "TicketEvents_AppendOnly"();""");
            migrationBuilder.DropTable(
                name: "Counters");

            migrationBuilder.DropTable(
                name: "Dialogues");

            migrationBuilder.DropTable(
                name: "EscalationsSent");

            migrationBuilder.DropTable(
                name: "FloodMarks");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "ProcessedUpdates");

            migrationBuilder.DropTable(
                name: "ReactionWindows");

            migrationBuilder.DropTable(
                name: "ScheduleRequests");

            migrationBuilder.DropTable(
                name: "SendSlots");

            migrationBuilder.DropTable(
                name: "StaffChats");

            migrationBuilder.DropTable(
                name: "TicketAttachments");

            migrationBuilder.DropTable(
                name: "TicketEvents");

            migrationBuilder.DropTable(
                name: "TicketMessages");

            migrationBuilder.DropTable(
                name: "TrackedMessages");

            migrationBuilder.DropTable(
                name: "Customers");

            migrationBuilder.DropTable(
                name: "Tickets");
        }
    }
}
