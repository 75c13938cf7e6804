using System.Text.RegularExpressions;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>
/// Ubuntu: every apt source that points at the calico-3.1 PPA is disabled, whatever its file is called (the upgrade
/// page writes project-calico-calico-3_1-trusty.list, even on xenial; add-apt-repository on xenial writes
/// project-calico-ubuntu-calico-3_1-xenial.list). A file of sources.list.d that holds nothing else is removed, as the
/// runbook removes its list; otherwise (sources.list itself, a file with other sources) the 3.1 lines are commented out.
/// The 2.6 source stays.
/// </summary>
public sealed partial class AptCalicoRepository : ICalicoRepository
{
    /// <summary>The list the upgrade page writes (named -trusty even on xenial).</summary>
    public const string List31 = "/etc/apt/sources.list.d/project-calico-calico-3_1-trusty.list";

    public const string SourcesList = "/etc/apt/sources.list";

    // apt reads sources.list and, in sources.list.d, files ending in .list, and from APT 1.1 on .sources (deb822);
    // it ignores names with other characters than [A-Za-z0-9_.-] (apt-pkg/contrib/fileutl.cc GetListOfFilesInDir).
    private const string ListScript = """
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
          case ${f##*/} in *[!A-Za-z0-9_.-]*) continue ;; esac
          [ -f "$f" ] && printf '%s\n' "$f"
        done
        exit 0
        """;

    public IReadOnlyList<string> Files => [SourcesList, List31];

    public string Plan => "disable every apt source that points at the calico-3.1 PPA (any file of /etc/apt/sources.list.d, and sources.list): " +
                          "remove a file that holds nothing else, comment the line out otherwise; back up first";

    public async Task<bool> PointAt26Async(INodeShell shell, NodeSpec node, Func<IEnumerable<string>, ShellCommand> backup, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var files = await SourceFile.ReadAsync(shell, node, ListScript, cancellationToken);
        var changes = files.Select(f => Disable(f, node.Name)).OfType<Change>().ToList();
        var remaining = files.Select(f => changes.FirstOrDefault(c => c.File == f) is { } c ? c.After : f).OfType<SourceFile>();
        if (!remaining.SelectMany(EnabledSources).Any(s => Calico26().IsMatch(s.Uri)))
            throw new NodeException(node.Name, "no apt source for the calico-2.6 PPA is enabled; add it (ppa:project-calico/calico-2.6) before downgrading", retryable: false);
        if (changes.Count == 0)
        {
            transcript.Note("no enabled apt source points at calico-3.1");
            return false;
        }

        NodeBackup.Record(transcript, (await shell.RunAsync(node, backup(changes.Select(c => c.File.Path)), cancellationToken)).EnsureSuccess());
        foreach (var change in changes)
        {
            if (change.After is null)
                transcript.Command((await shell.RunAsync(node, ShellCommand.Sudo("rm", "-f", "--", change.File.Path), cancellationToken)).EnsureSuccess());
            else
                await shell.WriteFileAsync(node, change.File.Path, change.After.Bytes, cancellationToken);
            transcript.Note($"{change.File.Path}: {(change.After is null ? "removed" : "calico-3.1 line(s) commented out")}");
        }

        return true;
    }

    public Task<Func<AvailableVersion, bool>> Is26SourceAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken) =>
        Task.FromResult<Func<AvailableVersion, bool>>(version => version.Source.Contains("/project-calico/calico-2.6/", StringComparison.Ordinal));

    public async Task<IReadOnlyList<string>> Enabled31SourcesAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken) =>
        (await SourceFile.ReadAsync(shell, node, ListScript, cancellationToken))
        .SelectMany(f => EnabledSources(f).Where(s => Calico31().IsMatch(s.Uri)).Select(s => $"{f.Path}: {s.Line.Trim()}"))
        .ToList();

    /// <summary>What disabling the 3.1 sources does to a file: null when it names none, After null when it goes.</summary>
    private static Change? Disable(SourceFile file, string node)
    {
        var sources = EnabledSources(file).ToList();
        var of31 = sources.Where(s => Calico31().IsMatch(s.Uri)).ToList();
        if (of31.Count == 0)
            return null;
        var inDirectory = file.Path != SourcesList;
        if (file.Path.EndsWith(".sources", StringComparison.Ordinal))
        {
            return of31.Count == sources.Count
                ? new Change(file, null)
                : throw new NodeException(node, $"{file.Path} holds deb822 stanzas of calico-3.1 and of other sources; set 'Enabled: no' in the calico-3.1 stanza by hand", retryable: false);
        }

        if (inDirectory && of31.Count == sources.Count)
            return new Change(file, null);
        var lines = file.Text.Split('\n');
        foreach (var source in of31)
            lines[source.LineIndex] = "# " + lines[source.LineIndex];
        return new Change(file, file with { Text = string.Join('\n', lines) });
    }

    /// <summary>
    /// The enabled sources of a file. One-line format (sources.list(5)): <c>deb|deb-src [options] URI suite [component...]</c>,
    /// everything from a <c>#</c> on is a comment (apt-pkg/sourcelist.cc). deb822 (.sources): stanzas of "Field: value"
    /// lines, a stanza with <c>Enabled: no</c> is off, <c>URIs:</c> may name several.
    /// </summary>
    private static IEnumerable<Source> EnabledSources(SourceFile file)
    {
        var lines = file.Text.Split('\n');
        if (!file.Path.EndsWith(".sources", StringComparison.Ordinal))
        {
            for (var i = 0; i < lines.Length; i++)
            {
                var words = lines[i].Split('#')[0].Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
                if (words.Length < 3 || words[0] is not ("deb" or "deb-src"))
                    continue;
                var at = 1;
                if (words[1].StartsWith('['))
                {
                    while (at < words.Length && !words[at].EndsWith(']'))
                        at++;
                    at++;
                }

                if (at < words.Length)
                    yield return new Source(words[at], i, lines[i]);
            }

            yield break;
        }

        var uris = new List<(string Uri, int Line)>();
        var enabled = true;
        for (var i = 0; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i].TrimEnd('\r') : "";
            if (line.Trim().Length == 0)
            {
                if (enabled)
                {
                    foreach (var (uri, at) in uris)
                        yield return new Source(uri, at, lines[at]);
                }

                uris.Clear();
                enabled = true;
                continue;
            }

            if (line.StartsWith('#'))
                continue;
            if (Field().Match(line) is { Success: true } field)
            {
                if (field.Groups["name"].Value.Equals("Enabled", StringComparison.OrdinalIgnoreCase))
                    enabled = field.Groups["value"].Value.Trim().ToLowerInvariant() is not ("no" or "false" or "0");
                else if (field.Groups["name"].Value.Equals("URIs", StringComparison.OrdinalIgnoreCase))
                    uris.AddRange(field.Groups["value"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(u => (u, i)));
            }
        }
    }

    /// <summary>A PPA URI of Calico 3.1: a path segment <c>calico-3.1</c> (ppa.launchpad.net/project-calico/calico-3.1/ubuntu, or a mirror's).</summary>
    [GeneratedRegex("(^|/)calico-3\\.1(/|$)")]
    private static partial Regex Calico31();

    [GeneratedRegex("(^|/)calico-2\\.6(/|$)")]
    private static partial Regex Calico26();

    [GeneratedRegex(@"^(?<name>[A-Za-z-]+):(?<value>.*)$")]
    private static partial Regex Field();

    private sealed record Source(string Uri, int LineIndex, string Line);

    private sealed record Change(SourceFile File, SourceFile? After);
}
