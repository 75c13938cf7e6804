using System.Globalization;
using Saga.Activities.Nodes;

namespace Saga.Activities.Calico;

/// <summary>
/// Copies of files a run changes, in one folder per instance on each node (<c>/var/backups/saga/ID/</c>): the first
/// copy of each file is kept, so a repeated backup never overwrites what the file was before the run.
/// </summary>
public static class NodeBackup
{
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

    /// <summary>The instance's backup folder on every node.</summary>
    public static string Folder(string instanceId) => $"/var/backups/saga/{instanceId}";

    /// <summary>A time stamp for file names: <c>20261124T080000Z</c>.</summary>
    public static string Stamp(TimeProvider time) => time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Backs up each of <paramref name="files"/> that exists and has no copy in the folder yet.</summary>
    public static ShellCommand Command(string instanceId, string stamp, params string[] files) =>
        ShellCommand.Script(true, Script, [Folder(instanceId), stamp, .. files]);
}
