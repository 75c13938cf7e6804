namespace Saga.Contracts;

/// <summary>Event: a compute node's child instance stopped (Finished, Faulted or Cancelled); the parent counts it.</summary>
/// <param name="ParentInstanceId">The downgrade that fanned out.</param>
/// <param name="ChildInstanceId">The node's child instance.</param>
/// <param name="Node">The compute node's name.</param>
/// <param name="Status">How the child ended: Finished, Faulted or Cancelled.</param>
/// <param name="Message">The fault, if any.</param>
public sealed record ComputeNodeFinished(string ParentInstanceId, string ChildInstanceId, string Node, string Status, string? Message);
