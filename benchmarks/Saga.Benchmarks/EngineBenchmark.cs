using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;
using Saga.Engine.Runtime;

namespace Saga.Benchmarks;

/// <summary>
/// Checkpointed transitions per second through a chain of no-op activities, against the raw rate of single-row
/// committed inserts into SQLite with the same durability (WAL, synchronous=FULL); and the peak memory of a process
/// listing 10,000 suspended instances.
/// </summary>
internal static class EngineBenchmark
{
    private const int Chain = 1000;
    private const int Suspended = 10_000;

    public static async Task<int> RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "saga-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var store = Path.Combine(folder, "engine.db");
            await using var services = Services(store);
            await services.GetRequiredService<ISagaStore>().EnsureReadyAsync(CancellationToken.None);

            await RunChainAsync(services, Chain); // warm-up: tiered JIT, connection pool, statement cache
            var engineRate = await RunChainAsync(services, Chain);
            var rawRate = RawInserts(Path.Combine(folder, "raw.db"), Chain);

            Console.WriteLine($"engine: {Chain} checkpointed activity transitions: {engineRate:F0}/s");
            Console.WriteLine($"sqlite: {Chain} single-row committed inserts (WAL, synchronous=FULL): {rawRate:F0}/s");
            Console.WriteLine($"ratio engine/raw: {engineRate / rawRate:F2} (target >= 0.50)");

            await InsertSuspendedAsync(services, Suspended);
            var (peakKiB, listed) = await MeasureListingAsync(store);
            Console.WriteLine($"listing {listed} suspended instances: peak memory {peakKiB / 1024.0:F1} MiB (separate process)");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    public static async Task<int> ListSuspendedAsync(string store)
    {
        await using var services = Services(store);
        var list = await services.GetRequiredService<IWorkflowInstances>().ListAsync(InstanceStatus.Suspended, int.MaxValue, CancellationToken.None);
        var lines = list.Count(i => i.BookmarkName is not null);
        Console.WriteLine($"{lines} {PeakKiB()}");
        return 0;
    }

    private static ServiceProvider Services(string store)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Saga"] = $"Data Source={store}" }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSagaEngine(configuration).AddActivity<Noop>();
        return services.BuildServiceProvider();
    }

    private static async Task<double> RunChainAsync(IServiceProvider services, int length)
    {
        var definition = new WorkflowDefinition { DefinitionId = $"chain-{length}" };
        for (var i = 0; i < length; i++)
        {
            definition.Activities.Add(new ActivityDefinition { ActivityId = $"n{i}", Type = nameof(Noop) });
            if (i > 0)
                definition.Connections.Add(new ConnectionDefinition { SourceActivityId = $"n{i - 1}", Outcome = "Done", TargetActivityId = $"n{i}" });
        }

        await services.GetRequiredService<IWorkflowDefinitions>().SaveAsync(definition, publish: true, CancellationToken.None);
        var runner = services.GetRequiredService<IWorkflowRunner>();
        var id = (await runner.CreateAsync(definition.DefinitionId, null, null, CancellationToken.None)).InstanceId;
        var clock = Stopwatch.StartNew();
        var outcome = await runner.RunAsync(id, CancellationToken.None);
        clock.Stop();
        if (outcome.Status != InstanceStatus.Finished)
            throw new InvalidOperationException($"chain ended {outcome.Status}: {outcome.Describe()}");
        return length / clock.Elapsed.TotalSeconds;
    }

    private static double RawInserts(string file, int count)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode = WAL; " + SqlitePragmas.Statement + " CREATE TABLE t (id INTEGER PRIMARY KEY, activity TEXT, at TEXT);";
            setup.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (activity, at) VALUES ($a, $t)";
        var a = insert.Parameters.Add("$a", SqliteType.Text);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            a.Value = "n" + i.ToString(CultureInfo.InvariantCulture);
            t.Value = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery(); // autocommit: one transaction, one WAL sync, per row
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task InsertSuspendedAsync(IServiceProvider services, int count)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<SagaDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var now = DateTime.UtcNow;
        db.Instances.AddRange(Enumerable.Range(0, count).Select(i => new InstanceRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            DefinitionId = "calico-downgrade-compute-node",
            DefinitionVersionId = "v1",
            DefinitionVersion = 1,
            Name = "cmp-" + i.ToString(CultureInfo.InvariantCulture),
            Status = InstanceStatus.Suspended,
            CurrentActivityId = "approve",
            BookmarkName = "Approval",
            VariablesJson = """{"node":"cmp","parallel":10}""",
            CreatedAt = now.AddSeconds(i),
        }));
        await db.SaveChangesAsync();
    }

    private static async Task<(long PeakKiB, int Listed)> MeasureListingAsync(string store)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (!Environment.ProcessPath!.EndsWith("Saga.Benchmarks", StringComparison.Ordinal))
            info.ArgumentList.Add(typeof(EngineBenchmark).Assembly.Location); // running under `dotnet`
        info.ArgumentList.Add("list-memory");
        info.ArgumentList.Add(store);
        using var child = Process.Start(info)!;
        var output = (await child.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
        await child.WaitForExitAsync();
        return (long.Parse(output[1], CultureInfo.InvariantCulture), int.Parse(output[0], CultureInfo.InvariantCulture));
    }

    /// <summary>The process's high-water mark of resident memory (Linux VmHWM).</summary>
    public static long PeakKiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
