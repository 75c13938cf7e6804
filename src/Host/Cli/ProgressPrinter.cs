using Saga.Engine.Instances;
using Saga.Host.Cli.Live;

namespace Saga.Host.Cli;

/// <summary>
/// Prints a line whenever the instance or one of its nodes moves: step, state and elapsed time; plain text, fit for logs.
/// The nodes come from what the engine pushed (<paramref name="progress"/>) when they run in this process, else from the store.
/// </summary>
internal sealed class ProgressPrinter(IWorkflowInstances instances, TimeProvider time, TextWriter output, ClusterProgress? progress = null)
{
    private readonly Dictionary<string, string> seen = [];

    public async Task PrintChangesAsync(InstanceSummary summary, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (output == TextWriter.Null)
            return; // the live view shows it
        Print(summary.Id, $"{summary.DefinitionId}", State(summary), summary.FaultActivityId ?? summary.CurrentActivityId, summary.CreatedAt, now);
        if (progress?.Snapshot(0) is { Nodes.Count: > 0 } pushed && pushed.InstanceId == summary.Id)
        {
            foreach (var node in pushed.Nodes)
                Print(node.Name, $"  {node.Name}", node.State == NodeView.Queued ? NodeView.Running : node.State, node.Step, node.Since, now);
            return;
        }

        foreach (var child in await instances.ListChildrenAsync(summary.Id, cancellationToken))
            Print(child.Name ?? child.Id, $"  {child.Name}", State(child), child.FaultActivityId ?? child.CurrentActivityId, child.CreatedAt, now);
    }

    private void Print(string key, string who, string state, string? step, DateTime since, DateTime now)
    {
        var line = $"{who,-32} {state,-10} {step ?? "-",-24}";
        if (seen.TryGetValue(key, out var last) && last == line)
            return;
        seen[key] = line;
        output.WriteLine($"{now:HH:mm:ss} {line} {Formats.Duration(now - since)}".TrimEnd());
    }

    private static string State(InstanceSummary s) => s.Status switch
    {
        InstanceStatus.Suspended when s.BookmarkResumesOnRun => "waiting",
        InstanceStatus.Suspended => "approval",
        _ => s.Status.ToString().ToLowerInvariant(),
    };
}
