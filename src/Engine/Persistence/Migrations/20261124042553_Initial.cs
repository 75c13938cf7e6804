using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Saga.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Definitions",
                columns: table => new
                {
                    Id = table.Column<string>(maxLength: 64, nullable: false),
                    DefinitionId = table.Column<string>(maxLength: 200, nullable: false),
                    Version = table.Column<int>(nullable: false),
                    IsLatest = table.Column<bool>(nullable: false),
                    IsPublished = table.Column<bool>(nullable: false),
                    Name = table.Column<string>(maxLength: 400, nullable: true),
                    DisplayName = table.Column<string>(maxLength: 400, nullable: true),
                    Description = table.Column<string>(nullable: true),
                    CreatedAt = table.Column<DateTime>(nullable: false),
                    Json = table.Column<string>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Definitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Instances",
                columns: table => new
                {
                    Id = table.Column<string>(maxLength: 64, nullable: false),
                    DefinitionId = table.Column<string>(maxLength: 200, nullable: false),
                    DefinitionVersionId = table.Column<string>(maxLength: 64, nullable: false),
                    DefinitionVersion = table.Column<int>(nullable: false),
                    Name = table.Column<string>(nullable: true),
                    CorrelationId = table.Column<string>(nullable: true),
                    ParentInstanceId = table.Column<string>(nullable: true),
                    Status = table.Column<string>(maxLength: 16, nullable: false),
                    CurrentActivityId = table.Column<string>(nullable: true),
                    VariablesJson = table.Column<string>(nullable: false),
                    BookmarkName = table.Column<string>(nullable: true),
                    ResumePayloadJson = table.Column<string>(nullable: true),
                    FaultActivityId = table.Column<string>(nullable: true),
                    FaultMessage = table.Column<string>(nullable: true),
                    FaultType = table.Column<string>(nullable: true),
                    CancelRequested = table.Column<bool>(nullable: false),
                    CreatedAt = table.Column<DateTime>(nullable: false),
                    LastExecutedAt = table.Column<DateTime>(nullable: true),
                    FinishedAt = table.Column<DateTime>(nullable: true),
                    FaultedAt = table.Column<DateTime>(nullable: true),
                    CancelledAt = table.Column<DateTime>(nullable: true),
                    LeaseOwner = table.Column<string>(nullable: true),
                    LeaseAcquiredAt = table.Column<DateTime>(nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(nullable: true),
                    ConcurrencyToken = table.Column<long>(nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Instances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Journal",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<string>(nullable: false),
                    ActivityId = table.Column<string>(nullable: false),
                    ActivityType = table.Column<string>(nullable: false),
                    EventName = table.Column<string>(nullable: false),
                    StartedAt = table.Column<DateTime>(nullable: false),
                    EndedAt = table.Column<DateTime>(nullable: false),
                    Outcome = table.Column<string>(nullable: true),
                    Output = table.Column<string>(nullable: true),
                    Error = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Journal", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Journal_Instances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "Instances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Definitions_DefinitionId_Version",
                table: "Definitions",
                columns: new[] { "DefinitionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Instances_CreatedAt",
                table: "Instances",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Instances_ParentInstanceId",
                table: "Instances",
                column: "ParentInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_Instances_Status",
                table: "Instances",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Journal_InstanceId_Id",
                table: "Journal",
                columns: new[] { "InstanceId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Definitions");

            migrationBuilder.DropTable(
                name: "Journal");

            migrationBuilder.DropTable(
                name: "Instances");
        }
    }
}
