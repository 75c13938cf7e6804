namespace Saga.Contracts;

/// <summary>Command: cancel a downgrade and its unfinished compute nodes; nothing is undone on the nodes.</summary>
/// <param name="InstanceId">The downgrade.</param>
public sealed record CancelDowngrade(string InstanceId);
