using Saga.Engine.Instances;

namespace Saga.Engine.Runtime;

/// <summary>
/// Hears what the runner has just checkpointed: an instance created, an activity completed, an instance suspended,
/// faulted, finished or cancelled. Called after the change is in the store, never before; an observer that throws
/// is logged and ignored, so it cannot fail a run. Keep it quick: it runs on the runner's path.
/// </summary>
public interface IWorkflowObserver
{
    ValueTask OnChangedAsync(WorkflowChange change, CancellationToken cancellationToken);
}

/// <summary>What changed.</summary>
public enum WorkflowChangeKind
{
    Created,
    ActivityCompleted,
    Suspended,
    Faulted,
    Finished,
    Cancelled,
}

/// <summary>One checkpointed change of an instance.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="DefinitionId">Its definition.</param>
/// <param name="ParentInstanceId">The instance that created it (a fan-out), if any.</param>
/// <param name="Name">The instance's name (a compute node's children are named after the node).</param>
/// <param name="ActivityId">The activity concerned, if any.</param>
/// <param name="ActivityType">Its type.</param>
/// <param name="Outcome">The outcome taken, or the bookmark waited on.</param>
/// <param name="Message">The fault, or the activity's output excerpt.</param>
/// <param name="Status">The instance's status after the change.</param>
/// <param name="At">When it was checkpointed (UTC).</param>
public sealed record WorkflowChange(
    WorkflowChangeKind Kind,
    string InstanceId,
    string DefinitionId,
    string? ParentInstanceId,
    string? Name,
    string? ActivityId,
    string? ActivityType,
    string? Outcome,
    string? Message,
    InstanceStatus Status,
    DateTime At);
