namespace Saga.Contracts;

/// <summary>Command: continue an interrupted or faulted downgrade at the step that did not complete.</summary>
/// <param name="InstanceId">The downgrade.</param>
public sealed record ResumeDowngrade(string InstanceId) : ISignedCommand
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
