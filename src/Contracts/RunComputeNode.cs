namespace Saga.Contracts;

/// <summary>Command: run (or resume) one compute node's child instance. Redelivery is normal: the child resumes from its checkpoint.</summary>
/// <param name="ParentInstanceId">The downgrade that fans out.</param>
/// <param name="ChildInstanceId">The node's child instance (calico-downgrade-compute-node).</param>
/// <param name="Node">The compute node's name.</param>
public sealed record RunComputeNode(string ParentInstanceId, string ChildInstanceId, string Node);
