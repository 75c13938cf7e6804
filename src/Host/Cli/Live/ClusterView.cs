using Saga.Engine.Instances;

namespace Saga.Host.Cli.Live;

/// <summary>What the live view shows at one moment: the run's step and state, and each compute node's.</summary>
/// <param name="InstanceId">The downgrade (or any instance).</param>
/// <param name="Title">Its definition and name.</param>
/// <param name="State">running, waiting, finished, faulted, ...</param>
/// <param name="Step">The step it is at, or last took.</param>
/// <param name="Since">When it was created.</param>
/// <param name="Nodes">Its child instances: one per compute node.</param>
/// <param name="ComputeTotal">Compute nodes in all, including those not started yet.</param>
internal sealed record ClusterView(string InstanceId, string Title, string State, string? Step, DateTime Since, IReadOnlyList<NodeView> Nodes, int ComputeTotal)
{
    public int Finished => Nodes.Count(n => n.State == NodeView.Done);

    public int Failed => Nodes.Count(n => n.State == NodeView.Failed);

    public int InFlight => Nodes.Count(n => n.State == NodeView.Running);

    /// <summary>Compute nodes not yet running: not started, or waiting for a slot or a resume.</summary>
    public int Waiting => Math.Max(0, ComputeTotal - Finished - Failed - InFlight);

    /// <summary>From the store's summaries (no journal): for <c>saga status --watch</c> and the start of a run.</summary>
    public static ClusterView From(InstanceSummary parent, IReadOnlyList<InstanceSummary> children, int? computeTotal, DateTime now) => new(
        parent.Id,
        $"{parent.DefinitionId}{(parent.Name is null ? "" : $" ({parent.Name})")}",
        StateOf(parent, now),
        parent.FaultActivityId ?? parent.CurrentActivityId,
        parent.CreatedAt,
        children.Select(c => new NodeView(c.Name ?? c.Id, NodeStateOf(c, now), c.FaultActivityId ?? c.CurrentActivityId, c.CreatedAt, c.FinishedAt ?? c.FaultedAt ?? c.CancelledAt)).ToList(),
        Math.Max(computeTotal ?? 0, children.Count));

    public static string StateOf(InstanceSummary s, DateTime now) => s.Status switch
    {
        InstanceStatus.Running when s.IsInterruptedAt(now) => "interrupted",
        InstanceStatus.Suspended when s.BookmarkResumesOnRun => "waiting for its nodes",
        InstanceStatus.Suspended => $"waiting on {s.BookmarkName}",
        _ => s.Status.ToString().ToLowerInvariant(),
    };

    private static string NodeStateOf(InstanceSummary s, DateTime now) => s.Status switch
    {
        InstanceStatus.Finished => NodeView.Done,
        InstanceStatus.Faulted or InstanceStatus.Cancelled => NodeView.Failed,
        InstanceStatus.Running when s.LastExecutedAt is null && s.LeaseOwner is null => NodeView.Queued,
        InstanceStatus.Running when s.IsInterruptedAt(now) => NodeView.Queued,
        InstanceStatus.Running => NodeView.Running,
        _ => NodeView.Queued,
    };
}

/// <summary>One compute node in the view.</summary>
internal sealed record NodeView(string Name, string State, string? Step, DateTime Since, DateTime? Ended)
{
    public const string Running = "running";
    public const string Done = "finished";
    public const string Failed = "failed";
    public const string Queued = "waiting";
}
