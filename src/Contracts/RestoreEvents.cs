namespace Saga.Contracts;

/// <summary>
/// Event: a restore of a downgrade run was created and is about to run; the run is compensated and can no longer be
/// resumed. The restore is an instance like a run: its progress follows as <see cref="DowngradeStepCompleted"/>,
/// <see cref="DowngradeNodeFinished"/> / <see cref="DowngradeNodeFaulted"/> (one per node) and
/// <see cref="DowngradeFinished"/>, <see cref="DowngradeFaulted"/> or <see cref="DowngradeCancelled"/>, all carrying
/// <paramref name="RestoreId"/>.
/// </summary>
/// <param name="InstanceId">The run it restores.</param>
/// <param name="RestoreId">The restore's instance (calico-restore).</param>
/// <param name="Nodes">The nodes it restores, in the order it restores them.</param>
/// <param name="At">When (UTC).</param>
public sealed record RestoreStarted(string InstanceId, string RestoreId, IReadOnlyList<string> Nodes, DateTime At);
