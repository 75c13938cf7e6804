namespace Saga.Contracts;

/// <summary>
/// Event: a compute node's child instance stopped (Finished, Faulted or Cancelled); the parent counts it. Ids only: how
/// the node ended is read from the store, and the message is ignored unless the child has ended there.
/// </summary>
/// <param name="ParentInstanceId">The downgrade that fanned out.</param>
/// <param name="ChildInstanceId">The node's child instance.</param>
public sealed record ComputeNodeFinished(string ParentInstanceId, string ChildInstanceId);
