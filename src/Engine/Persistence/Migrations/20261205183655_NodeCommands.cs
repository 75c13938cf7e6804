using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Saga.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class NodeCommands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CommandsKept",
                table: "Instances",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Commands",
                columns: table => new
                {
                    Id = table.Column<long>(nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstanceId = table.Column<string>(nullable: false),
                    ActivityId = table.Column<string>(nullable: false),
                    Node = table.Column<string>(nullable: false),
                    Command = table.Column<string>(nullable: false),
                    ExitCode = table.Column<int>(nullable: true),
                    StartedAt = table.Column<DateTime>(nullable: false),
                    DurationMs = table.Column<long>(nullable: false),
                    Excerpt = table.Column<string>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Commands", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Commands_Instances_InstanceId",
                        column: x => x.InstanceId,
                        principalTable: "Instances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Commands_InstanceId_Id",
                table: "Commands",
                columns: new[] { "InstanceId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Commands");

            migrationBuilder.DropColumn(
                name: "CommandsKept",
                table: "Instances");
        }
    }
}
