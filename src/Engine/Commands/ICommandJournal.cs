namespace Saga.Engine.Commands;

/// <summary>Reads and prunes the commands the journal keeps per instance (its own table, <c>Commands</c>).</summary>
public interface ICommandJournal
{
    /// <summary>The commands of <paramref name="instanceIds"/>, in the order they were recorded.</summary>
    Task<IReadOnlyList<NodeCommand>> ListAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the commands of a run and of every instance under it: its children (and theirs), and the instances that
    /// name it as their correlation id (its restores) with their children. Returns how many it deleted.
    /// </summary>
    Task<int> PruneAsync(string runId, CancellationToken cancellationToken);
}
