using System.Globalization;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>
/// Copies of node files, taken before anything changes them: one folder per run, the first copy of each file kept. The
/// folders (<c>/var/backups/saga</c> and <c>/var/backups/saga/ID</c>) are root's alone, mode 0700: the copies hold
/// what the files held (neutron.conf's etcd_password, felix.cfg), and the etcdv3 dump the cluster's whole Calico data.
/// Each file's line says where its copy is and the copy's sha256 (<c>saved|kept TAB PATH TAB COPY TAB SHA256</c>, or
/// <c>absent TAB PATH</c>), which <see cref="Record"/> turns into the step's undo records.
/// </summary>
public static class NodeBackup
{
    /// <summary>
    /// Makes the folder <c>$dir</c> names, and its parent, mode 0700 (made so from the start, and an existing one, from an
    /// earlier saga, tightened): a shell line for scripts that take the folder as <c>$dir</c>.
    /// </summary>
    public const string MakeFolder = """(umask 077 && mkdir -p -- "$dir") && chmod 0700 -- "${dir%/*}" "$dir" || exit 1""";

    // A repeated backup (a resume, or a file preflight already saved) keeps the first copy: the file as it was before the run.
    private const string Script = """
        dir=$1; stamp=$2; shift 2
        """ + "\n" + MakeFolder + "\n" + """
        for f in "$@"; do
          [ -e "$f" ] || { printf 'absent\t%s\n' "$f"; continue; }
          name=$(printf '%s' "$f" | tr / _)
          for old in "$dir/$name".*; do
            [ -e "$old" ] && { printf 'kept\t%s\t%s\t%s\n' "$f" "$old" "$(sha256sum < "$old" | cut -d' ' -f1)"; continue 2; }
          done
          cp -p -- "$f" "$dir/$name.$stamp" && printf 'saved\t%s\t%s\t%s\n' "$f" "$dir/$name.$stamp" "$(sha256sum < "$dir/$name.$stamp" | cut -d' ' -f1)"
        done
        """;

    /// <summary>The run's backup folder on every node (a compute node's child instance uses its run's).</summary>
    public static string Folder(ActivityContext context) => context.GetBackupFolder();

    /// <summary>A time stamp for file names: <c>20261124T080000Z</c>.</summary>
    public static string Stamp(TimeProvider time) => time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Makes the run's folder on the node, mode 0700 (<see cref="MakeFolder"/>).</summary>
    public static ShellCommand CreateFolder(ActivityContext context) => ShellCommand.Script(true, "dir=$1\n" + MakeFolder, [Folder(context)]);

    /// <summary>Saves <paramref name="files"/> (those that exist, and have no copy in the folder yet) into the run's folder as <c>_etc_x.STAMP</c>.</summary>
    public static ShellCommand Save(ActivityContext context, params IEnumerable<string> files) =>
        ShellCommand.Script(true, Script, [Folder(context), Stamp(context.Time), .. files]);

    /// <summary>
    /// Saves <paramref name="files"/> before the step changes them and records how to put each back: from its copy, or,
    /// for a file that does not exist yet, by removing it.
    /// </summary>
    public static async Task SaveAsync(INodeShell shell, NodeSpec node, ActivityContext context, NodeTranscript transcript, IEnumerable<string> files, CancellationToken cancellationToken) =>
        Record(transcript, (await shell.RunAsync(node, Save(context, files), cancellationToken)).EnsureSuccess());

    /// <summary>Journals the output of <see cref="Save"/> and records each file's undo (a file that did not exist is removed by the undo).</summary>
    public static void Record(NodeTranscript transcript, CommandResult backup, bool absentToo = true)
    {
        transcript.Command(backup);
        foreach (var copy in Parse(backup.Stdout).Where(c => absentToo || c.Backup is not null))
            transcript.Undo(copy);
    }

    /// <summary>The undo records of <see cref="Save"/>'s output lines.</summary>
    public static IReadOnlyList<UndoRecord> Parse(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split('\t')).Select(f => f switch
        {
            ["saved" or "kept", var path, var copy, var sha] => new UndoRecord(UndoRecord.File, path) { Backup = copy, Sha256 = sha.Trim() },
            ["absent", var path] => new UndoRecord(UndoRecord.File, path),
            _ => null,
        }).OfType<UndoRecord>().ToList();
}
