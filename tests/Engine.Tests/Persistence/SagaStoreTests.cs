using Microsoft.Data.Sqlite;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Persistence;

public sealed class SagaStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureReady_MissingDatabaseAndFolder_AreCreatedInWalMode()
    {
        await using var engine = await TestEngine.StartAsync();
        var file = Path.Combine(engine.Folder, "store", "saga.db");

        Assert.True(File.Exists(file));
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task EnsureReady_ExistingStore_KeepsItsData()
    {
        await using var first = await TestEngine.StartAsync();
        var id = await first.CreateAsync(Flow.Named("keep").Then("a1", "Record").Build());

        await using var second = await TestEngine.StartAsync(first.Folder); // opens and migrates the same file again

        Assert.NotNull(await second.Instances.GetAsync(id, Ct));
    }

    [Fact]
    public async Task EnsureReady_StoreCreatedByTheFirstMigration_MigratesAndResumesWhatItsRunnerLeft()
    {
        var folder = Path.Combine(Path.GetTempPath(), "saga-tests", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "store", "saga.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await using (var old = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await old.OpenAsync(Ct);
            await using var script = old.CreateCommand();
            script.CommandText = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sqlite-store-initial.sql"), Ct);
            await script.ExecuteNonQueryAsync(Ct);
        }

        await using var engine = await TestEngine.StartAsync(folder);
        var outcome = await engine.Runner.RunAsync("5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b", Ct);

        Assert.Equal(InstanceStatus.Finished, outcome.Status);
        Assert.Equal(["a2", "a3"], engine.Calls.Order);
        var details = await engine.GetAsync(outcome.InstanceId);
        Assert.Equal(["a1", "a2", "a3"], details.Journal.Select(j => j.ActivityId));
        Assert.Equal((new DateTime(2026, 11, 24, 7, 0, 1, DateTimeKind.Utc), DateTimeKind.Utc), (details.Journal[0].StartedAt, details.Journal[0].StartedAt.Kind));
    }

    [Fact]
    public async Task EnsureReady_FileThatIsNotADatabase_ThrowsAClearErrorNamingTheFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "saga-tests", Guid.NewGuid().ToString("N"), "store");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "saga.db"), new string('x', 4096), Ct);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => TestEngine.StartAsync(Path.GetDirectoryName(folder)));

        Assert.Contains(Path.Combine(folder, "saga.db"), error.Message, StringComparison.Ordinal);
        Assert.Contains("is not a usable SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureReady_DatabaseLockedByAnotherProcess_ThrowsAClearErrorSayingLocked()
    {
        var folder = Path.Combine(Path.GetTempPath(), "saga-tests", Guid.NewGuid().ToString("N"));
        var file = Path.Combine(folder, "store", "saga.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await using var holder = new SqliteConnection($"Data Source={file}");
        await holder.OpenAsync(Ct);
        await using (var take = holder.CreateCommand())
        {
            take.CommandText = "PRAGMA locking_mode = EXCLUSIVE; CREATE TABLE held(x); BEGIN EXCLUSIVE;";
            await take.ExecuteNonQueryAsync(Ct);
        }

        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Saga"] = $"Data Source={file};Default Timeout=1" };
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => TestEngine.StartAsync(folder, settings));

        Assert.Contains("is locked by another process", error.Message, StringComparison.Ordinal);
    }
}
