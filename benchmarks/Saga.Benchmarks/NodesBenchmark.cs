using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Saga.Activities.Facts;
using Saga.Activities.Nodes;
using Saga.Activities.Nodes.Ssh;
using Saga.Engine;
using Saga.Engine.Commands;
using Saga.Tests.Lab;

namespace Saga.Benchmarks;

/// <summary>A lab of 100 nodes: connect to all and read their facts at parallelism 1, 10 and 50; one extra command on a warm connection; peak memory.</summary>
internal static class NodesBenchmark
{
    private const int Nodes = 100;
    private const int WarmCommands = 200;

    public static async Task<int> RunAsync()
    {
        string[] os = ["centos7", "trusty", "xenial"];
        var clock = Stopwatch.StartNew();
        await using var lab = await Lab.StartAsync(Enumerable.Range(0, Nodes).Select(i => $"n{i:000}:{os[i % 3]}:{(i == 0 ? "control" : "compute")}").ToArray());
        Console.WriteLine($"lab of {Nodes} nodes up in {clock.Elapsed.TotalSeconds:F1} s");
        var nodes = lab.Inventory.Nodes;

        foreach (var parallel in new[] { 1, 10, 50 })
        {
            await using var shell = Shell();
            var reader = new NodeFactsReader(shell);
            clock.Restart();
            await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (node, ct) =>
            {
                await reader.ReadAsync(node, ct);
            });
            Console.WriteLine($"connect + facts, {Nodes} nodes, parallel {parallel,2}: {clock.Elapsed.TotalSeconds,6:F2} s ({Nodes / clock.Elapsed.TotalSeconds:F1} nodes/s)");
        }

        await using (var warm = Shell())
        {
            var node = nodes[0];
            await warm.RunAsync(node, ShellCommand.Plain("true"), CancellationToken.None);
            clock.Restart();
            for (var i = 0; i < WarmCommands; i++)
                await warm.RunAsync(node, ShellCommand.Plain("true"), CancellationToken.None);
            Console.WriteLine($"one more command on a warm connection: {clock.Elapsed.TotalMilliseconds / WarmCommands:F2} ms");
        }

        Console.WriteLine($"peak memory of this process: {EngineBenchmark.PeakKiB() / 1024.0:F1} MiB");
        return 0;
    }

    private static SshNodeShell Shell() =>
        new(SshConnections.Create(new SshOptions(), () => null), new NodeCommandLog(Options.Create(new EngineOptions())), TimeProvider.System, NullLogger<SshNodeShell>.Instance);
}
