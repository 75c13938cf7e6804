using System.Globalization;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>Copies of node files, taken before anything changes them: one folder per run, the first copy of each file kept.</summary>
public static class NodeBackup
{
    // A repeated backup (a resume, or a file preflight already saved) keeps the first copy: the file as it was before the run.
    private const string Script = """
        dir=$1; stamp=$2; shift 2
        mkdir -p "$dir"
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

    /// <summary>Saves <paramref name="files"/> (those that exist, and have no copy in the folder yet) into the run's folder as <c>_etc_x.STAMP</c>.</summary>
    public static ShellCommand Save(ActivityContext context, params IEnumerable<string> files) =>
        ShellCommand.Script(true, Script, [Folder(context), Stamp(context.Time), .. files]);
}
