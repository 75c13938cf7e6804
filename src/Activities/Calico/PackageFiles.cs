using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>
/// The installed 3.1 package files, saved by preflight into the run's backup folder (<c>packages-before/</c>): a
/// Launchpad PPA keeps only its newest version, so a restore may not find them in the repository later. Best effort:
/// what cannot be fetched is named, and a restore of that node needs the repository to still offer it.
/// </summary>
public static class PackageFiles
{
    public const string Folder = "packages-before";

    /// <summary>What preflight saved on a node: the package files, and the packages whose file it could not fetch.</summary>
    public sealed record Saved(IReadOnlyList<string> Files, IReadOnlyList<string> Missing)
    {
        /// <summary>For plans and the journal: where a restore of the node gets its packages from.</summary>
        public string Describe() => Missing.Count == 0
            ? $"{Files.Count} package file(s) saved: a restore does not need the repository"
            : $"not saved: {string.Join(", ", Missing)}: a restore needs the repository to still offer {(Missing.Count == 1 ? "it" : "them")}";
    }

    /// <summary>Adds the listing of <paramref name="backupFolder"/>'s package files to a batch; its result goes to <see cref="SaveAsync"/>.</summary>
    public static int List(NodeBatch batch, string backupFolder) => batch.Run(ListCommand($"{backupFolder}/{Folder}"));

    /// <summary>
    /// Fetches the files of <paramref name="installed"/> that <paramref name="listed"/> (the folder's listing, from the
    /// preflight's batch) does not hold yet, in one more round trip (the download and the listing again), none when
    /// every file is already there (a resume).
    /// </summary>
    public static async Task<Saved> SaveAsync(
        INodeShell shell, NodeSpec node, NodePlatform platform, IReadOnlyDictionary<string, string> installed, string backupFolder, CommandResult listed,
        NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var folder = $"{backupFolder}/{Folder}";
        var versions = installed.Select(p => new PackageVersion(p.Key, p.Value)).ToList();
        if (versions.Count == 0)
            return new Saved([], []);
        var files = Files(listed);
        var wanted = versions.Where(v => !files.Any(f => platform.Packages.IsFileOf(v, f))).ToList();
        if (wanted.Count > 0)
        {
            var batch = new NodeBatch();
            var download = batch.Run(platform.Packages.Download(wanted, folder));
            var list = batch.Run(ListCommand(folder));
            var parts = await shell.RunBatchAsync(node, batch, cancellationToken);
            transcript.Command(parts[download]); // its exit status says little: what is there counts
            files = Files(parts[list]);
        }

        var saved = new Saved(
            files.Where(f => versions.Any(v => platform.Packages.IsFileOf(v, f))).Select(f => $"{folder}/{f}").ToList(),
            versions.Where(v => !files.Any(f => platform.Packages.IsFileOf(v, f))).Select(v => v.ToString()).ToList());
        transcript.Note(saved.Describe());
        return saved;
    }

    private static ShellCommand ListCommand(string folder) =>
        ShellCommand.Script(true, "[ -d \"$1\" ] || exit 0; cd \"$1\" && for f in *; do [ -f \"$f\" ] && printf '%s\\n' \"$f\"; done; exit 0", folder);

    private static string[] Files(CommandResult list) =>
        list.EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
