using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Saga.Tests.Lab;
using Saga.Tests.Postgres;

namespace Saga.Benchmarks;

/// <summary>
/// 200 compute nodes (and one control node) with no delay: end-to-end node jobs per second of the compute phase,
/// through MassTransit's in-memory transport (saga run in one process), and through RabbitMQ (Debian's
/// rabbitmq-server) with saga serve leaving node work to one, then two saga worker processes, on the SQLite store
/// and then on PostgreSQL (Debian's postgresql), the store several hosts would share. Prints the ratios.
/// </summary>
internal static class BusBenchmark
{
    private const int Compute = 200;
    private static readonly string[] Control = ["ctl:centos7:control"];
    private static readonly Dictionary<string, string> NoEnvironment = [];

    public static async Task<int> RunAsync()
    {
        var saga = DowngradeBenchmark.FindSaga();
        var inMemory = await MeasureAsync("in-memory, saga run", (work, inventory) => InMemoryAsync(saga, work, inventory));
        await using var broker = await Broker.StartAsync();
        var one = await MeasureAsync("RabbitMQ, 1 worker ", (work, inventory) => OverRabbitMqAsync(saga, broker, work, inventory, workers: 1, null));
        var two = await MeasureAsync("RabbitMQ, 2 workers", (work, inventory) => OverRabbitMqAsync(saga, broker, work, inventory, workers: 2, null));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratios: RabbitMQ 1 worker / in-memory {one / inMemory:F2}; 2 workers / in-memory {two / inMemory:F2}; 2 workers / 1 worker {two / one:F2}"));

        double onPostgres;
        await using (var database = await PostgresDatabase.CreateAsync(CancellationToken.None))
            onPostgres = await MeasureAsync("RabbitMQ, 2 workers, PostgreSQL store", (work, inventory) => OverRabbitMqAsync(saga, broker, work, inventory, workers: 2, database), database.Settings);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio: 2 workers on PostgreSQL / on SQLite {onPostgres / two:F2}"));
        return 0;
    }

    /// <param name="label">What is measured.</param>
    /// <param name="run">Runs the downgrade in a work folder, of an inventory.</param>
    /// <param name="store">The store's settings; default the SQLite file in the work folder.</param>
    private static async Task<double> MeasureAsync(string label, Func<string, string, Task> run, IReadOnlyDictionary<string, string?>? store = null)
    {
        var nodes = Control.Concat(Enumerable.Range(0, Compute).Select(i => $"c{i:000}:{(i % 2 == 0 ? "centos7" : "xenial")}:compute")).ToArray();
        await using var lab = await Lab.StartAsync(nodes);
        var work = Directory.CreateTempSubdirectory("saga-bench-bus-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            await run(work, lab.InventoryPath);
            var wall = clock.Elapsed;
            var (phase, node) = await DowngradeBenchmark.MeasureAsync(store ?? DowngradeBenchmark.Sqlite(Path.Combine(work, "saga.db")));
            var rate = Compute / phase.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {Compute} nodes in {phase.TotalSeconds,6:F1} s = {rate,6:F1} node jobs/s (median node {node.TotalSeconds:F1} s; whole downgrade {wall.TotalSeconds:F1} s)"));
            return rate;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task InMemoryAsync(string saga, string work, string inventory)
    {
        using var run = Start(saga, work, NoEnvironment, "run", "-i", inventory, "--parallel", $"{Compute}", "--canary", "0");
        await run.StandardOutput.ReadToEndAsync(); // its progress, unread, would fill the pipe and stop it
        await run.WaitForExitAsync();
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"saga run exited {run.ExitCode}");
    }

    private static async Task OverRabbitMqAsync(string saga, Broker broker, string work, string inventory, int workers, PostgresDatabase? database)
    {
        var environment = new Dictionary<string, string>(broker.Environment)
        {
            ["Saga__Bus__RunNodesHere"] = "false",
            ["Saga__Api__Key"] = "benchmark-key-0123456789abcdef0123",
            ["Saga__Inventories__Directory"] = Path.GetDirectoryName(Path.GetFullPath(inventory))!, // the lab's keys and calicoctl are beside its inventory
        };
        foreach (var (key, value) in database?.Environment ?? new Dictionary<string, string>())
            environment[key] = value;
        var processes = new List<Process>();
        try
        {
            processes.Add(Start(saga, work, environment, "serve", "--urls", "http://127.0.0.1:0"));
            for (var i = 0; i < workers; i++)
                processes.Add(Start(saga, work, environment, "worker"));
            await Task.Delay(TimeSpan.FromSeconds(3)); // let them create the store and bind their queues
            using (var trigger = Start(saga, work, environment, "trigger", "start", "-i", inventory, "--parallel", $"{Compute}", "--canary", "0"))
            {
                await trigger.WaitForExitAsync();
                if (trigger.ExitCode != 0)
                    throw new InvalidOperationException($"saga trigger exited {trigger.ExitCode}");
            }

            await DowngradeBenchmark.WaitUntilEndedAsync(database?.Settings ?? DowngradeBenchmark.Sqlite(Path.Combine(work, "saga.db")));
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    /// <summary>Starts saga; its standard output is captured only for the commands whose output is read.</summary>
    private static Process Start(string saga, string work, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var capture = args[0] is "run";
        var info = new ProcessStartInfo(saga, args) { WorkingDirectory = work, RedirectStandardOutput = capture, UseShellExecute = false };
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        return Process.Start(info)!;
    }
}
