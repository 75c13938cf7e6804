namespace Saga.Contracts;

/// <summary>Command: cancel a downgrade and its unfinished compute nodes; nothing is undone on the nodes.</summary>
/// <param name="InstanceId">The downgrade.</param>
public sealed record CancelDowngrade(string InstanceId) : ISignedCommand
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
