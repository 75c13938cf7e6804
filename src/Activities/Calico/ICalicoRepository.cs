using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>Where a node's package manager gets Calico from, and how it is pointed back at 2.6.</summary>
public interface ICalicoRepository
{
    /// <summary>
    /// Points the node at the 2.6 packages, finding the sources by what they say, not by their file names; every file
    /// is saved with <paramref name="backup"/> before it changes. False when nothing had to change.
    /// </summary>
    Task<bool> PointAt26Async(INodeShell shell, NodeSpec node, Func<IEnumerable<string>, ShellCommand> backup, NodeTranscript transcript, CancellationToken cancellationToken);

    /// <summary>Which of the available versions come from the 2.6 source.</summary>
    Task<Func<AvailableVersion, bool>> Is26SourceAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken);

    /// <summary>The enabled sources that still name Calico 3.1, as "file: line".</summary>
    Task<IReadOnlyList<string>> Enabled31SourcesAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken);

    /// <summary>The files a backup should keep.</summary>
    IReadOnlyList<string> Files { get; }

    /// <summary>What <see cref="PointAt26Async"/> does, for plans.</summary>
    string Plan { get; }
}
