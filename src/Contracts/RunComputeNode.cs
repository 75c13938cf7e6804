namespace Saga.Contracts;

/// <summary>
/// Command: run (or resume) one compute node's child instance. Ids only: the worker takes the node, its inventory and
/// its state from the store, and runs nothing unless the child exists there as a compute node of that downgrade.
/// Redelivery is normal: the child resumes from its checkpoint.
/// </summary>
/// <param name="ParentInstanceId">The downgrade that fans out.</param>
/// <param name="ChildInstanceId">The node's child instance (calico-downgrade-compute-node).</param>
public sealed record RunComputeNode(string ParentInstanceId, string ChildInstanceId);
