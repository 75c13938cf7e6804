using Saga.Activities.Calico;
using Saga.Engine.Activities;
using Saga.Engine.Commands;

namespace Saga.Workflows.Reports;

/// <summary>What was done in one downgrade run, cluster-wide and to each node: what <c>saga report</c> prints.</summary>
public sealed record RunDocument
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public required string Status { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? EndedAt { get; init; }

    /// <summary>Who started it, as saga knows it; null for a run started before saga kept it (or by a generic start).</summary>
    public Actor? StartedBy { get; init; }

    /// <summary>Where and why it stopped, when it faulted.</summary>
    public string? Fault { get; init; }

    /// <summary>Set when the run was started with --force over overlapping runs.</summary>
    public string? ForcedOver { get; init; }

    public IReadOnlyList<ApprovalLine> Approvals { get; init; } = [];

    /// <summary>The 2.6 version sets the run resolved, by platform.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> VersionSets { get; init; } = new Dictionary<string, Dictionary<string, string>>();

    /// <summary>/calico/v1/Ready before the run (null: missing, or not read) and after it.</summary>
    public string? ReadyBefore { get; init; }

    public string? ReadyAfter { get; init; }

    /// <summary>The etcdv3 dump taken before the delete.</summary>
    public EtcdV3Dump? EtcdV3Dump { get; init; }

    /// <summary>What the etcdv3 delete did, as journalled.</summary>
    public string? EtcdV3Delete { get; init; }

    public IReadOnlyList<NodeDocument> Nodes { get; init; } = [];

    /// <summary>Restores of this run, oldest first.</summary>
    public IReadOnlyList<RestoreLine> Restores { get; init; } = [];
}

/// <summary>An approval: which gate, when, and the decision with who and why, as journalled.</summary>
public sealed record ApprovalLine(string ActivityId, DateTime At, string Decision)
{
    /// <summary>Approved or rejected; null when only the journal's text is known.</summary>
    public bool? Approved { get; init; }

    /// <summary>Who decided (<see cref="Approval.Decided.Who"/>).</summary>
    public string? By { get; init; }

    /// <summary>Why, as the approver wrote it.</summary>
    public string? Comment { get; init; }
}

/// <summary>One node: what it is, its versions before and after, every step that touched it, the copies kept, how it ended.</summary>
public sealed record NodeDocument(
    string Name,
    string Role,
    string? Platform,
    IReadOnlyDictionary<string, string> VersionsBefore,
    IReadOnlyDictionary<string, string> VersionsAfter,
    IReadOnlyList<StepLine> Steps,
    IReadOnlyList<UndoRecord> Backups,
    string FinalState)
{
    /// <summary>Every remote command run on the node for the run and its restores, in order, as the journal keeps them.</summary>
    public IReadOnlyList<NodeCommand> Commands { get; init; } = [];

    /// <summary>What the run changed in felix.cfg: <c>-line</c> removed, <c>+line</c> added (secrets masked); empty when nothing.</summary>
    public IReadOnlyList<string> FelixCfgDiff { get; init; } = [];

    /// <summary>The restores of this node: by <c>saga restore</c>, or automatic after its failure.</summary>
    public IReadOnlyList<NodeRestoreLine> Restores { get; init; } = [];
}

/// <summary>A step on a node: its result, when it started, how long it took, and an excerpt of what it ran and saw there.</summary>
public sealed record StepLine(string Instance, string ActivityId, string Result, string Reason, DateTime StartedAt, double Seconds, string? Excerpt);

/// <summary>A restore of the run: its instance, its state, and each node's result.</summary>
public sealed record RestoreLine(string Id, string Status, DateTime CreatedAt, IReadOnlyList<NodeResult> Nodes)
{
    /// <summary>Who started it; <see cref="ActorKind.Saga"/> for the automatic restore of a node after its failure.</summary>
    public Actor? StartedBy { get; init; }

    /// <summary>Started by saga itself (<c>fanOut.onNodeFailure: restore</c>), not by a person.</summary>
    public bool Automatic => StartedBy?.Kind == ActorKind.Saga;
}

/// <summary>A restore as one node saw it: which restore, started by whom, and how it ended there.</summary>
public sealed record NodeRestoreLine(string RestoreId, string Status, DateTime CreatedAt, Actor? StartedBy, NodeResultKind Result, string Reason)
{
    /// <summary>Started by saga itself after the node failed.</summary>
    public bool Automatic => StartedBy?.Kind == ActorKind.Saga;
}
