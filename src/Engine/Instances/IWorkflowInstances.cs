namespace Saga.Engine.Instances;

/// <summary>Reads instances and their journals.</summary>
public interface IWorkflowInstances
{
    /// <summary>Instances, newest first, optionally of one status; child instances (a fan-out's nodes) only when asked.</summary>
    Task<IReadOnlyList<InstanceSummary>> ListAsync(InstanceStatus? status, int limit, CancellationToken cancellationToken, bool includeChildren = false);

    /// <summary>The child instances of a parent (a fan-out's nodes), oldest first.</summary>
    Task<IReadOnlyList<InstanceSummary>> ListChildrenAsync(string parentInstanceId, CancellationToken cancellationToken);

    /// <summary>One instance with its variables and its journal; null when unknown.</summary>
    Task<InstanceDetails?> GetAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>One instance as lists show it, without its journal; null when unknown.</summary>
    Task<InstanceSummary?> FindAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>The page of instances <paramref name="query"/> asks for, filtered, sorted and counted by the store.</summary>
    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>How many child instances each of <paramref name="parentInstanceIds"/> has in each status, in one query; parents without children are absent.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<InstanceStatus, int>>> CountChildrenAsync(IReadOnlyCollection<string> parentInstanceIds, CancellationToken cancellationToken);

    /// <summary>How many instances of a definition have not ended (neither Finished nor Cancelled): running, waiting or faulted ones may still run.</summary>
    Task<int> CountNotEndedAsync(string definitionId, CancellationToken cancellationToken);
}

/// <summary>One instance as lists show it.</summary>
public sealed record InstanceSummary(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int DefinitionVersion,
    string? Name,
    InstanceStatus Status,
    string? CurrentActivityId,
    string? BookmarkName,
    string? FaultActivityId,
    string? FaultMessage,
    DateTime CreatedAt,
    DateTime? LastExecutedAt,
    DateTime? FinishedAt,
    DateTime? FaultedAt,
    DateTime? CancelledAt,
    string? LeaseOwner,
    DateTime? LeaseExpiresAt,
    string? CorrelationId,
    string? ParentInstanceId,
    bool BookmarkResumesOnRun = false,
    string? FaultType = null)
{
    /// <summary>The runner holding the lease, for people ("pid 1234 on host-a").</summary>
    public string? LeaseHolder => LeaseOwner is null ? null : Runtime.RunnerIdentity.Describe(LeaseOwner);

    /// <summary>Running with no live lease: its runner stopped or died; resume continues it.</summary>
    public bool IsInterruptedAt(DateTime now) => Status == InstanceStatus.Running && (LeaseExpiresAt is null || LeaseExpiresAt <= now || (LeaseOwner is not null && Runtime.RunnerIdentity.IsKnownDead(LeaseOwner)));
}

/// <summary>One instance in full.</summary>
public sealed record InstanceDetails(InstanceSummary Summary, string VariablesJson, IReadOnlyList<JournalEntry> Journal);

/// <summary>One activity run, as the journal keeps it.</summary>
/// <param name="Sequence">Its place in the journal (increasing).</param>
/// <param name="ActivityId">The activity.</param>
/// <param name="ActivityType">Its type.</param>
/// <param name="EventName">Executed, Suspended, Faulted, Cancelled or Rewound.</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="EndedAt">When it ended (UTC).</param>
/// <param name="Outcome">Executed: the outcome taken; Suspended: the bookmark; Rewound: the activity rewound to.</param>
/// <param name="Output">A bounded excerpt of what it ran and saw.</param>
/// <param name="Error">Faulted: what failed; Cancelled: why.</param>
/// <param name="Nodes">What it did on each node it touched; empty when it touched none.</param>
public sealed record JournalEntry(
    long Sequence, string ActivityId, string ActivityType, string EventName, DateTime StartedAt, DateTime EndedAt, string? Outcome, string? Output, string? Error,
    IReadOnlyList<Activities.NodeResult> Nodes);
