using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>
/// Puts files back as their undo records say: byte for byte from the copy taken before the run (owner, mode and times
/// with it, <c>cp -p</c>), or removed when the file did not exist. Each file is checked first: one whose sha256 already
/// is the recorded one is left alone; a copy whose sha256 is not the recorded one is refused.
/// </summary>
public sealed class FileRestore(INodeShell shell)
{
    // "absent", or the file's sha256.
    private const string HashScript = """
        [ -e "$1" ] || { echo absent; exit 0; }
        sha256sum < "$1" | cut -d' ' -f1
        """;

    /// <summary>The file's sha256 on the node, or null when it does not exist.</summary>
    public async Task<string?> HashAsync(NodeSpec node, string path, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var result = (await shell.RunAsync(node, ShellCommand.Script(true, HashScript, path), cancellationToken)).EnsureSuccess();
        transcript.Command(result);
        var text = result.Stdout.Trim();
        return text == "absent" ? null : text;
    }

    /// <summary>Whether the file is as the record says it was before the run.</summary>
    public async Task<bool> IsRestoredAsync(NodeSpec node, UndoRecord file, NodeTranscript transcript, CancellationToken cancellationToken) =>
        await HashAsync(node, file.Target, transcript, cancellationToken) == (file.Backup is null ? null : file.Sha256);

    /// <summary>Puts the file back; false when it already was.</summary>
    public async Task<bool> RestoreAsync(NodeSpec node, UndoRecord file, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        if (await IsRestoredAsync(node, file, transcript, cancellationToken))
            return false;
        if (file.Backup is null)
        {
            transcript.Command((await shell.RunAsync(node, ShellCommand.Sudo("rm", "-f", "--", file.Target), cancellationToken)).EnsureSuccess());
            transcript.Note($"{file.Target}: removed (it did not exist before the run)");
            return true;
        }

        var copy = await HashAsync(node, file.Backup, transcript, cancellationToken);
        if (copy != file.Sha256)
        {
            throw new NodeException(node.Name,
                $"the copy of {file.Target}, {file.Backup}, {(copy is null ? "is gone" : $"has sha256 {copy}, not the {file.Sha256} recorded when it was taken")}; the file was not restored",
                retryable: false);
        }

        transcript.Command((await shell.RunAsync(node, ShellCommand.Sudo("cp", "-p", "--", file.Backup, file.Target), cancellationToken)).EnsureSuccess());
        if (!await IsRestoredAsync(node, file, transcript, cancellationToken))
            throw new NodeException(node.Name, $"{file.Target} does not have sha256 {file.Sha256} after copying {file.Backup} back", retryable: false);
        transcript.Note($"{file.Target}: restored from {file.Backup} (sha256 {file.Sha256})");
        return true;
    }

    /// <summary>Package sources: yum's repository files and apt's source lists.</summary>
    public static bool IsPackageSource(string path) =>
        path.StartsWith("/etc/yum.repos.d/", StringComparison.Ordinal) || path.StartsWith("/etc/yum/repos.d/", StringComparison.Ordinal)
        || path == AptCalicoRepository.SourcesList || path.StartsWith("/etc/apt/sources.list.d/", StringComparison.Ordinal);
}
