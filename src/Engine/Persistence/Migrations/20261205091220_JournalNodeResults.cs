using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JournalNodeResults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NodesJson",
                table: "Journal",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NodesJson",
                table: "Journal");
        }
    }
}
