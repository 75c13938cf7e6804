using System.Globalization;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>
/// Copies of node files, taken before anything changes them: one folder per run, the first copy of each file kept. The
/// folders (<c>/var/backups/saga</c> and <c>/var/backups/saga/ID</c>) are root's alone, mode 0700: the copies hold
/// what the files held (neutron.conf's etcd_password, felix.cfg), and the etcdv3 dump the cluster's whole Calico data.
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
          [ -e "$f" ] || continue
          name=$(printf '%s' "$f" | tr / _)
          for old in "$dir/$name".*; do [ -e "$old" ] && { echo "kept $old"; continue 2; }; done
          cp -p -- "$f" "$dir/$name.$stamp" && echo "saved $f -> $dir/$name.$stamp"
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
}
