using System.Collections.Concurrent;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Host.Cli.Live;

/// <summary>
/// The live view's state, pushed by the engine as it checkpoints (an <see cref="IWorkflowObserver"/>), so a run in
/// this process is shown without reading the store again. Nodes run by other processes are not heard here; the view
/// then falls back to the store's summaries.
/// </summary>
internal sealed class ClusterProgress(TimeProvider time) : IWorkflowObserver
{
    private readonly ConcurrentDictionary<string, NodeView> nodes = new(StringComparer.Ordinal);
    private volatile Parent? parent;

    /// <summary>When the last change was heard.</summary>
    public DateTime LastHeard { get; private set; }

    public ValueTask OnChangedAsync(WorkflowChange change, CancellationToken cancellationToken)
    {
        LastHeard = time.GetUtcNow().UtcDateTime;
        if (change.ParentInstanceId is null)
        {
            var since = parent?.Id == change.InstanceId ? parent.Since : change.At;
            parent = new Parent(change.InstanceId, change.DefinitionId, change.Name, State(change), change.ActivityId, since);
            return ValueTask.CompletedTask;
        }

        nodes.AddOrUpdate(change.Name ?? change.InstanceId,
            _ => Node(change, change.At),
            (_, known) => Node(change, known.Since));
        return ValueTask.CompletedTask;
    }

    /// <summary>Starts from what the store says (nodes a resumed run finished before); what is heard later wins.</summary>
    public void Seed(ClusterView view)
    {
        parent ??= new Parent(view.InstanceId, view.Title, null, view.State, view.Step, view.Since);
        foreach (var node in view.Nodes)
            nodes.TryAdd(node.Name, node);
    }

    /// <summary>The view as last heard; null until the run has said anything.</summary>
    public ClusterView? Snapshot(int computeTotal)
    {
        if (parent is not { } p)
            return null;
        var children = nodes.Values.OrderBy(n => n.Since).ToList();
        return new ClusterView(p.Id, $"{p.DefinitionId}{(p.Name is null ? "" : $" ({p.Name})")}", p.State, p.Step, p.Since, children, Math.Max(computeTotal, children.Count));
    }

    private static NodeView Node(WorkflowChange change, DateTime since) => change.Kind switch
    {
        WorkflowChangeKind.Created => new NodeView(change.Name ?? change.InstanceId, NodeView.Queued, null, since, null),
        WorkflowChangeKind.Finished => new NodeView(change.Name ?? change.InstanceId, NodeView.Done, change.ActivityId, since, change.At),
        WorkflowChangeKind.Faulted or WorkflowChangeKind.Cancelled => new NodeView(change.Name ?? change.InstanceId, NodeView.Failed, change.ActivityId, since, change.At),
        _ => new NodeView(change.Name ?? change.InstanceId, NodeView.Running, change.ActivityId, since, null),
    };

    private static string State(WorkflowChange change) => change.Status switch
    {
        InstanceStatus.Suspended => $"waiting on {change.Outcome}",
        _ => change.Status.ToString().ToLowerInvariant(),
    };

    private sealed record Parent(string Id, string DefinitionId, string? Name, string State, string? Step, DateTime Since);
}
