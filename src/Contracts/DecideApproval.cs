namespace Saga.Contracts;

/// <summary>Command: approve or reject the approval a downgrade waits on; it then runs on (the Rejected branch when rejected).</summary>
/// <param name="InstanceId">The waiting downgrade.</param>
/// <param name="Approved">True to approve, false to reject.</param>
/// <param name="By">Who says they decided: kept as a comment only; the journal records the id of the key that signed the command as who decided.</param>
/// <param name="Comment">Why; kept in the journal.</param>
public sealed record DecideApproval(string InstanceId, bool Approved, string? By = null, string? Comment = null) : ISignedCommand
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
