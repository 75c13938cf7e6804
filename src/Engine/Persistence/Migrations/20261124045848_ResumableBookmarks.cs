using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Saga.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ResumableBookmarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "BookmarkResumesOnRun",
                table: "Instances",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BookmarkResumesOnRun",
                table: "Instances");
        }
    }
}
