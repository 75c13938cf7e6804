using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>
/// Runs one step on many nodes, at most <c>parallel</c> at a time, each with its transcript. A node's failure does not
/// stop the others; the step faults afterwards naming every node that failed, and resume runs it again (each node
/// checks before it acts, so nodes already done say so).
/// </summary>
public static class NodeWork
{
    public static async Task<ActivityResult> ForEachAsync(
        string runbook,
        IReadOnlyList<NodeSpec> nodes,
        int parallel,
        ILogger logger,
        Func<NodeSpec, NodeTranscript, CancellationToken, Task<string>> work,
        CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentDictionary<string, Exception>();
        var transcripts = nodes.ToDictionary(n => n.Name, n => new NodeTranscript(n.Name));
        await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken }, async (node, ct) =>
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["Node"] = node.Name });
            try
            {
                outcomes[node.Name] = await work(node, transcripts[node.Name], ct);
                logger.LogInformation("{Node}: {Outcome}", node.Name, outcomes[node.Name]);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures[node.Name] = ex;
                transcripts[node.Name].Note("FAILED: " + ex.Message);
                logger.LogError("{Error}", ex.Message); // the message names the node
            }
        });

        var output = new StringBuilder().Append("Runbook: ").Append(runbook).Append('\n');
        foreach (var node in nodes)
        {
            output.Append("== ").Append(node.Name).Append(": ")
                .Append(failures.TryGetValue(node.Name, out var failure) ? "failed" : outcomes[node.Name]).Append('\n')
                .Append(transcripts[node.Name]);
        }

        if (failures.IsEmpty)
            return ActivityResult.Completed(output.ToString());
        var names = nodes.Where(n => failures.ContainsKey(n.Name)).Select(n => $"{n.Name} ({Short(failures[n.Name].Message, n.Name)})");
        return ActivityResult.Fault($"{failures.Count} of {nodes.Count} node(s) failed: {string.Join("; ", names)}", output.ToString());
    }

    private static string Short(string message, string node) => message.StartsWith(node + ": ", StringComparison.Ordinal) ? message[(node.Length + 2)..] : message;
}
