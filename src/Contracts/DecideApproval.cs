namespace Saga.Contracts;

/// <summary>Command: approve or reject the approval a downgrade waits on; it then runs on (the Rejected branch when rejected).</summary>
/// <param name="InstanceId">The waiting downgrade.</param>
/// <param name="Approved">True to approve, false to reject.</param>
/// <param name="By">Who decided; kept in the journal.</param>
/// <param name="Comment">Why; kept in the journal.</param>
public sealed record DecideApproval(string InstanceId, bool Approved, string? By = null, string? Comment = null);
