using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>Where a node's package manager gets Calico from, and how it is pointed back at 2.6.</summary>
public interface ICalicoRepository
{
    /// <summary>Points the node at the 2.6 packages; false when it already was.</summary>
    Task<bool> PointAt26Async(INodeShell shell, NodeSpec node, NodeTranscript transcript, CancellationToken cancellationToken);

    /// <summary>Which of the available versions come from the 2.6 source.</summary>
    Task<Func<AvailableVersion, bool>> Is26SourceAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken);

    /// <summary>The files a backup should keep.</summary>
    IReadOnlyList<string> Files { get; }

    /// <summary>What <see cref="PointAt26Async"/> does, for plans.</summary>
    string Plan { get; }
}
