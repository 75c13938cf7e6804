using System.Text;
using Microsoft.Extensions.Logging;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>
/// Runs one step on many nodes, at most <c>parallel</c> at a time, each with its transcript. A node's failure does not
/// stop the others; the step faults afterwards naming every node that failed, and resume runs it again (each node
/// checks before it acts, so nodes already done say so). The step's result carries a <see cref="NodeResult"/> per node.
/// </summary>
public static class NodeWork
{
    public static async Task<ActivityResult> ForEachAsync(
        string runbook,
        IReadOnlyList<NodeSpec> nodes,
        int parallel,
        ILogger logger,
        Func<NodeSpec, NodeTranscript, CancellationToken, Task<NodeOutcome>> work,
        CancellationToken cancellationToken)
    {
        var results = new NodeResult[nodes.Count];
        var transcripts = nodes.Select(n => new NodeTranscript(n.Name)).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, nodes.Count), options, async (i, ct) =>
        {
            var node = nodes[i];
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["Node"] = node.Name });
            try
            {
                results[i] = WithUndo((await work(node, transcripts[i], ct)).For(node.Name), transcripts[i]);
                logger.LogInformation("{Node}: {Result}", node.Name, results[i].Describe());
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                throw; // the step was stopped (the caller, a lost lease, a cancel request): the engine tells which
            }
            catch (Exception ex)
            {
                // Anything else is this node's failure, OperationCanceledException too (an HttpClient timeout).
                results[i] = WithUndo(NodeResult.Failed(node.Name, Short(ex.Message, node.Name)), transcripts[i]);
                transcripts[i].Note("FAILED: " + ex.Message);
                logger.LogError("{Error}", ex.Message); // the message names the node
            }
        });

        var output = new StringBuilder().Append("Runbook: ").Append(runbook).Append('\n');
        for (var i = 0; i < nodes.Count; i++)
        {
            output.Append("== ").Append(nodes[i].Name).Append(": ")
                .Append(results[i].Result == NodeResultKind.Failed ? "failed" : results[i].Describe()).Append('\n')
                .Append(transcripts[i]);
        }

        var failed = results.Where(r => r.Result == NodeResultKind.Failed).ToList();
        var result = failed.Count == 0
            ? ActivityResult.Completed(output.ToString())
            : ActivityResult.Fault($"{failed.Count} of {nodes.Count} node(s) failed: {string.Join("; ", failed.Select(f => $"{f.Node} ({f.Reason})"))}", output.ToString());
        return result with { Nodes = results };
    }

    /// <summary>
    /// The node's result with what the step recorded to undo: a step that changed the node, or failed part-way, keeps
    /// it; one that found its work already done, or did not apply, changed nothing and keeps nothing.
    /// </summary>
    private static NodeResult WithUndo(NodeResult result, NodeTranscript transcript) =>
        result.Result is NodeResultKind.Done or NodeResultKind.Failed && transcript.UndoRecords is { Count: > 0 } undo ? result with { Undo = undo } : result;

    private static string Short(string message, string node) => message.StartsWith(node + ": ", StringComparison.Ordinal) ? message[(node.Length + 2)..] : message;
}
