using Saga.Activities.Inventory;

namespace Saga.Activities.Nodes;

/// <summary>All an activity knows of SSH: run a command, read a file, write a file.</summary>
public interface INodeShell
{
    /// <summary>Runs a command; a non-zero exit comes back in the result. Refused sudo, timeouts and lost connections throw.</summary>
    Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken);

    /// <summary>The file's exact bytes (read with sudo), or null when it does not exist.</summary>
    Task<byte[]?> ReadFileAsync(NodeSpec node, string path, CancellationToken cancellationToken);

    /// <summary>Replaces a file atomically (the content checked by its sha256, then a sudo rename), keeping its owner and mode when it existed.</summary>
    Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken);

    /// <summary>
    /// Runs every part of <paramref name="batch"/>, in one round trip where the shell can (SSH sends them as one script);
    /// otherwise part by part. Each part's non-zero exit comes back in its result.
    /// </summary>
    Task<NodeBatchResult> RunBatchAsync(NodeSpec node, NodeBatch batch, CancellationToken cancellationToken) =>
        batch.RunEachAsync(this, node, cancellationToken);
}
