namespace Saga.Contracts;

/// <summary>
/// Command: put nodes of a downgrade run back to Calico 3.1 as its preflight found them, as <c>saga restore</c> does:
/// <paramref name="Nodes"/> by name, or <paramref name="All"/> the nodes the run changed (then also the etcdv3 data it
/// deleted, first, and the Ready flag, last); exactly one of the two. Refused (a <see cref="CommandRejected"/>) while
/// the run may still move (running, interrupted, waiting: cancel it first), while another restore of it has not ended,
/// for a node the run's inventory does not have, and for some nodes after the etcdv3 delete unless the v3 data is back.
/// Idempotent by <paramref name="RestoreId"/>: a redelivered or repeated command never starts a second restore.
/// </summary>
/// <param name="InstanceId">The downgrade run whose nodes go back.</param>
/// <param name="RestoreId">The restore instance's id, chosen by the sender (32 hex digits, e.g. a Guid "N"), to follow it by.</param>
/// <param name="Nodes">The nodes to restore, by their inventory names; null or empty with <paramref name="All"/>.</param>
/// <param name="All">Every node the run changed, control nodes last.</param>
public sealed record RestoreNodes(string InstanceId, string RestoreId, IReadOnlyList<string>? Nodes = null, bool All = false) : ISignedCommand
{
    /// <inheritdoc/>
    public string? KeyId { get; init; }

    /// <inheritdoc/>
    public long? IssuedAt { get; init; }

    /// <inheritdoc/>
    public string? Nonce { get; init; }

    /// <inheritdoc/>
    public string? Signature { get; init; }
}
