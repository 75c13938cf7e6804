namespace Saga.Contracts;

/// <summary>Event: a downgrade was created and is about to run its first step.</summary>
/// <param name="InstanceId">The downgrade.</param>
/// <param name="Name">Its name (the inventory's, unless given).</param>
/// <param name="At">When (UTC).</param>
public sealed record DowngradeStarted(string InstanceId, string? Name, DateTime At);

/// <summary>Event: a step of the downgrade completed and was checkpointed.</summary>
/// <param name="InstanceId">The downgrade.</param>
/// <param name="ActivityId">The step's id in the flow (e.g. <c>downgrade-control</c>).</param>
/// <param name="ActivityType">Its activity type.</param>
/// <param name="Outcome">The outcome it took (usually <c>Done</c>).</param>
/// <param name="Output">What it reported, bounded.</param>
/// <param name="At">When (UTC).</param>
public sealed record DowngradeStepCompleted(string InstanceId, string ActivityId, string? ActivityType, string? Outcome, string? Output, DateTime At);

/// <summary>Event: the downgrade waits: for an approval, or for its compute nodes.</summary>
/// <param name="InstanceId">The downgrade.</param>
/// <param name="ActivityId">The step that waits.</param>
/// <param name="Bookmark">What it waits on: <c>Approval</c>, or <c>compute-nodes</c>.</param>
/// <param name="At">When (UTC).</param>
public sealed record DowngradeWaiting(string InstanceId, string ActivityId, string? Bookmark, DateTime At);

/// <summary>Event: one compute node finished its downgrade.</summary>
/// <param name="InstanceId">The downgrade.</param>
/// <param name="NodeInstanceId">The node's child instance.</param>
/// <param name="Node">The compute node.</param>
/// <param name="At">When (UTC).</param>
public sealed record DowngradeNodeFinished(string InstanceId, string NodeInstanceId, string? Node, DateTime At);

/// <summary>Event: one compute node's downgrade faulted; the downgrade goes on while failures stay within fanOut.maxFailures.</summary>
/// <param name="InstanceId">The downgrade.</param>
/// <param name="NodeInstanceId">The node's child instance.</param>
/// <param name="Node">The compute node.</param>
/// <param name="ActivityId">The node's step that faulted.</param>
/// <param name="Error">Why.</param>
/// <param name="At">When (UTC).</param>
public sealed record DowngradeNodeFaulted(string InstanceId, string NodeInstanceId, string? Node, string? ActivityId, string? Error, DateTime At);

/// <summary>Event: the downgrade finished: every node is on Calico 2.6.</summary>
/// <param name="InstanceId">The downgrade.</param>
/// <param name="At">When (UTC).</param>
public sealed record DowngradeFinished(string InstanceId, DateTime At);

/// <summary>Event: the downgrade stopped at a fault; fix the cause, then send <see cref="ResumeDowngrade"/>.</summary>
/// <param name="InstanceId">The downgrade.</param>
/// <param name="ActivityId">The step that faulted.</param>
/// <param name="Error">Why.</param>
/// <param name="At">When (UTC).</param>
public sealed record DowngradeFaulted(string InstanceId, string? ActivityId, string? Error, DateTime At);

/// <summary>Event: the downgrade was cancelled.</summary>
/// <param name="InstanceId">The downgrade.</param>
/// <param name="At">When (UTC).</param>
public sealed record DowngradeCancelled(string InstanceId, DateTime At);

/// <summary>Event: a command was refused (an inventory that does not load, an unknown instance, no approval waiting); nothing changed.</summary>
/// <param name="InstanceId">The instance the command named.</param>
/// <param name="Command">The command's type name (<c>StartDowngrade</c>, ...).</param>
/// <param name="Reason">Why, in one line.</param>
/// <param name="At">When (UTC).</param>
public sealed record CommandRejected(string InstanceId, string Command, string Reason, DateTime At);
