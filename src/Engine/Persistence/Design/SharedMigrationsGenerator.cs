using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Saga.Engine.Persistence.Design;

/// <summary>
/// Writes migrations, their target models and the model snapshot without SQLite's default column types (the
/// design-time factory builds the model on SQLite), so each provider picks its own: TEXT and INTEGER on SQLite;
/// text, varchar(n), bigint, boolean and timestamp with time zone on PostgreSQL. A SQLite autoincrement column is
/// also a PostgreSQL identity column. An explicit column type other than SQLite's defaults is kept.
/// </summary>
internal sealed partial class SharedMigrationsGenerator(
    MigrationsCodeGeneratorDependencies dependencies, CSharpMigrationsGeneratorDependencies csharpDependencies)
    : CSharpMigrationsGenerator(dependencies, csharpDependencies)
{
    private const string SqliteAutoincrement = "Sqlite:Autoincrement";
    private const string NpgsqlStrategy = "Npgsql:ValueGenerationStrategy";
    private static readonly HashSet<string> SqliteDefaultTypes = new(StringComparer.OrdinalIgnoreCase) { "TEXT", "INTEGER", "REAL", "BLOB" };

    public override string GenerateMigration(
        string? migrationNamespace, string migrationName, IReadOnlyList<MigrationOperation> upOperations, IReadOnlyList<MigrationOperation> downOperations)
    {
        foreach (var column in upOperations.Concat(downOperations).SelectMany(Columns))
            Share(column);
        return base.GenerateMigration(migrationNamespace, migrationName, upOperations, downOperations);
    }

    public override string GenerateMetadata(string? migrationNamespace, Type contextType, string migrationName, string migrationId, IModel targetModel) =>
        WithoutSqliteDefaultTypes(base.GenerateMetadata(migrationNamespace, contextType, migrationName, migrationId, targetModel));

    public override string GenerateSnapshot(string? modelSnapshotNamespace, Type contextType, string modelSnapshotName, IModel model) =>
        WithoutSqliteDefaultTypes(base.GenerateSnapshot(modelSnapshotNamespace, contextType, modelSnapshotName, model));

    private static IEnumerable<ColumnOperation> Columns(MigrationOperation operation) => operation switch
    {
        CreateTableOperation table => table.Columns,
        AlterColumnOperation alter => [alter, alter.OldColumn],
        ColumnOperation column => [column],
        _ => [],
    };

    private static void Share(ColumnOperation column)
    {
        if (column.ColumnType is { } type && SqliteDefaultTypes.Contains(type))
            column.ColumnType = null;
        if (column[SqliteAutoincrement] is true && column[NpgsqlStrategy] is null)
            column.AddAnnotation(NpgsqlStrategy, NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
    }

    /// <summary>The snapshot generator writes every property's column type; SQLite's defaults are dropped.</summary>
    private static string WithoutSqliteDefaultTypes(string code) => SqliteDefaultColumnType().Replace(code, "");

    [GeneratedRegex("""\r?\n[ \t]*\.HasColumnType\("(?:TEXT|INTEGER|REAL|BLOB)"\)""")]
    private static partial Regex SqliteDefaultColumnType();
}
