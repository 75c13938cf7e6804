using Microsoft.EntityFrameworkCore;
using Npgsql;
using Saga.Engine.Tests.Support;
using Saga.Tests.Postgres;

namespace Saga.Engine.Tests.Persistence;

/// <summary>One migration set for both providers: it applies on each, and the model snapshot matches each.</summary>
public sealed class MigrationsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Model_OnSqlite_HasNoChangesTheMigrationsLack()
    {
        await using var engine = await TestEngine.StartAsync();
        await using var db = await engine.Contexts.CreateDbContextAsync(Ct);

        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Model_OnPostgres_HasNoChangesTheMigrationsLack()
    {
        await using var database = await PostgresDatabase.CreateAsync(Ct);
        await using var engine = await TestEngine.OnPostgresAsync(database);
        await using var db = await engine.Contexts.CreateDbContextAsync(Ct);

        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Migrate_EmptyPostgresDatabase_AppliesEveryMigrationWithPostgresTypes_AndAgainChangesNothing()
    {
        await using var database = await PostgresDatabase.CreateAsync(Ct);
        await (await TestEngine.OnPostgresAsync(database)).DisposeAsync();

        await using var again = await TestEngine.OnPostgresAsync(database); // opens and migrates the same database again

        await using var db = await again.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(
            [
                ("Definitions", "CreatedAt", "timestamp with time zone", "NO"),
                ("Definitions", "Id", "character varying", "NO"),
                ("Instances", "BookmarkResumesOnRun", "boolean", "NO"),
                ("Instances", "ConcurrencyToken", "bigint", "NO"),
                ("Instances", "LeaseExpiresAt", "timestamp with time zone", "NO"),
                ("Journal", "Id", "bigint", "YES"),
            ],
            await ColumnsAsync(database, ("Definitions", "CreatedAt"), ("Definitions", "Id"), ("Instances", "BookmarkResumesOnRun"),
                ("Instances", "ConcurrencyToken"), ("Instances", "LeaseExpiresAt"), ("Journal", "Id")));
    }

    [Fact]
    public async Task Migrate_TwoHostsStartTogetherOnAnEmptyPostgresDatabase_BothOpenItAndEachMigrationRunsOnce()
    {
        await using var database = await PostgresDatabase.CreateAsync(Ct);

        var engines = await Task.WhenAll(Task.Run(() => TestEngine.OnPostgresAsync(database), Ct), Task.Run(() => TestEngine.OnPostgresAsync(database), Ct));

        await using var first = engines[0];
        await using var second = engines[1];
        await using var db = await second.Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
        Assert.Empty(await first.Instances.ListAsync(null, 10, Ct));
    }

    /// <summary>Table, column, data type and whether it is an identity column, as the server reports them.</summary>
    private static async Task<List<(string, string, string, string)>> ColumnsAsync(PostgresDatabase database, params (string Table, string Column)[] wanted)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var columns = new List<(string, string, string, string)>();
        while (await reader.ReadAsync(Ct))
        {
            var column = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
            if (wanted.Contains((column.Item1, column.Item2)))
                columns.Add(column);
        }

        return columns;
    }
}
