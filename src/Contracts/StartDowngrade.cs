namespace Saga.Contracts;

/// <summary>
/// Command: start a Calico downgrade of the cluster in <paramref name="Inventory"/>. Idempotent by
/// <paramref name="InstanceId"/>: a redelivered or repeated command never starts a second downgrade.
/// </summary>
/// <param name="InstanceId">The new instance's id, chosen by the sender (32 hex digits, e.g. a Guid "N"), to follow it by.</param>
/// <param name="Inventory">The inventory's YAML text (as in examples/cluster.yaml).</param>
/// <param name="Name">A name for the instance, shown by status; default the inventory's name.</param>
/// <param name="Parallel">Compute nodes at a time, overriding fanOut.parallel.</param>
/// <param name="Canary">Canary nodes, overriding fanOut.canary.</param>
/// <param name="MaxFailures">Failed nodes tolerated, overriding fanOut.maxFailures.</param>
/// <param name="BaseDirectory">Where relative paths in the inventory (keys, known_hosts) are, on the host; default the host's working directory.</param>
/// <param name="Force">
/// Start although a run whose nodes overlap this one (same host and port) has not ended; without it such a start is
/// refused with a CommandRejected naming that run. A forced start is journalled.
/// </param>
public sealed record StartDowngrade(
    string InstanceId, string Inventory, string? Name = null, int? Parallel = null, int? Canary = null, int? MaxFailures = null, string? BaseDirectory = null,
    bool Force = false) : ISignedCommand
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
