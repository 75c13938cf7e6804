using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Instances;
using Saga.Tests.Lab;

namespace Saga.Benchmarks;

/// <summary>
/// 1 control and 50 compute nodes with package operations delayed 1 s: the wall time of <c>saga run</c> at parallel 10,
/// 25 and 50, against the ideal (one node's critical path times ceil(50 / parallel)); the saga process's peak memory.
/// </summary>
internal static class DowngradeBenchmark
{
    private const int Compute = 50;
    private static readonly string[] Control = ["ctl:centos7:control"];

    public static async Task<int> RunAsync()
    {
        var saga = FindSaga();
        foreach (var parallel in new[] { 10, 25, 50 })
        {
            var nodes = Control.Concat(Enumerable.Range(0, Compute).Select(i => $"c{i:00}:{(i % 2 == 0 ? "centos7" : "xenial")}:compute")).ToArray();
            await using var lab = await Lab.StartAsync(1, nodes);
            var work = Directory.CreateTempSubdirectory("saga-bench-run-").FullName;
            try
            {
                var (wall, peak, code) = await RunSagaAsync(saga, work, lab.InventoryPath, parallel);
                var (phase, critical) = await MeasureAsync(Path.Combine(work, "saga.db"));
                var ideal = critical * Math.Ceiling((double)Compute / parallel);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"parallel {parallel,2}: saga run {wall.TotalSeconds,6:F1} s (exit {code}); compute phase {phase.TotalSeconds,6:F1} s; one node {critical.TotalSeconds:F1} s; " +
                    $"ideal {ideal.TotalSeconds,6:F1} s; ratio {phase / ideal:F2} (target <= 1.25); peak memory {peak / 1024.0:F1} MiB"));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(work, recursive: true);
            }
        }

        return 0;
    }

    private static async Task<(TimeSpan Wall, long PeakKiB, int Code)> RunSagaAsync(string saga, string work, string inventory, int parallel)
    {
        var info = new ProcessStartInfo(saga, ["run", "-i", inventory, "--parallel", parallel.ToString(CultureInfo.InvariantCulture), "--canary", "0"])
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, HighWaterMark(process.Id));
            await Task.Delay(100);
        }

        await process.WaitForExitAsync();
        await output;
        return (clock.Elapsed, peak, process.ExitCode);
    }

    /// <summary>Waits, reading the store (a process started per look would load the machine it measures), until the downgrade ended.</summary>
    public static async Task WaitUntilEndedAsync(IReadOnlyDictionary<string, string?> store)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(store).Build();
        await using var services = new ServiceCollection().AddLogging().AddSagaEngine(configuration).BuildServiceProvider();
        var instances = services.GetRequiredService<IWorkflowInstances>();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            try
            {
                var parent = (await instances.ListAsync(null, 10, CancellationToken.None)).SingleOrDefault(i => i.ParentInstanceId is null);
                if (parent?.Status is InstanceStatus.Finished or InstanceStatus.Faulted or InstanceStatus.Cancelled)
                    return;
            }
            catch (System.Data.Common.DbException)
            {
                // not there or not migrated yet
            }
        }
    }

    /// <summary>From the store: the compute phase (first child created to last child finished) and the median node's duration.</summary>
    public static Task<(TimeSpan Phase, TimeSpan Critical)> MeasureAsync(string sqliteFile) => MeasureAsync(Sqlite(sqliteFile));

    /// <summary>The settings of a SQLite store file.</summary>
    public static Dictionary<string, string?> Sqlite(string file) => new() { ["ConnectionStrings:Saga"] = $"Data Source={file}" };

    public static async Task<(TimeSpan Phase, TimeSpan Critical)> MeasureAsync(IReadOnlyDictionary<string, string?> store)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(store).Build();
        await using var services = new ServiceCollection().AddLogging().AddSagaEngine(configuration).BuildServiceProvider();
        var instances = services.GetRequiredService<IWorkflowInstances>();
        var parent = (await instances.ListAsync(null, 100, CancellationToken.None)).Single(i => i.ParentInstanceId is null);
        var children = await instances.ListChildrenAsync(parent.Id, CancellationToken.None);
        var durations = new List<TimeSpan>();
        foreach (var child in children)
        {
            var journal = (await instances.GetAsync(child.Id, CancellationToken.None))!.Journal;
            durations.Add(journal[^1].EndedAt - journal[0].StartedAt);
        }

        durations.Sort();
        var phase = children.Max(c => c.FinishedAt ?? c.LastExecutedAt ?? c.CreatedAt) - children.Min(c => c.CreatedAt);
        return (phase, durations[durations.Count / 2]);
    }

    /// <summary>The journal of the downgrade (the instance without a parent).</summary>
    public static async Task<IReadOnlyList<JournalEntry>> ParentJournalAsync(IReadOnlyDictionary<string, string?> store)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(store).Build();
        await using var services = new ServiceCollection().AddLogging().AddSagaEngine(configuration).BuildServiceProvider();
        var instances = services.GetRequiredService<IWorkflowInstances>();
        var parent = (await instances.ListAsync(null, 100, CancellationToken.None)).Single(i => i.ParentInstanceId is null);
        return (await instances.GetAsync(parent.Id, CancellationToken.None))!.Journal;
    }

    private static long HighWaterMark(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static string FindSaga()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Host", "bin", "Release", "net10.0", "saga");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new InvalidOperationException("build saga first: dotnet build src/Host -c Release");
    }
}
