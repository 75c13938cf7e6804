using System.Text.RegularExpressions;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>
/// CentOS: the runbook's <c>sed -i 's/calico-3.1/calico-2.6/g' /etc/yum.repos.d/calico.repo</c>, done to every .repo
/// file whose baseurl or gpgkey names calico-3.1, whatever it is called, as a read, a backup and an atomic write.
/// </summary>
public sealed partial class YumCalicoRepository : ICalicoRepository
{
    /// <summary>The file the runbook names.</summary>
    public const string RepoFile = "/etc/yum.repos.d/calico.repo";

    // yum 3.4.3 reads *.repo from its reposdir, by default /etc/yum/repos.d and /etc/yum.repos.d (yum/config.py).
    private const string ListScript = """
        for f in /etc/yum.repos.d/*.repo /etc/yum/repos.d/*.repo; do [ -f "$f" ] && printf '%s\n' "$f"; done
        exit 0
        """;

    public IReadOnlyList<string> Files => [RepoFile];

    public string Plan => "every .repo file whose baseurl or gpgkey names calico-3.1 (calico.repo or any other): back up, then " +
                          "rewrite calico-3.1 -> calico-2.6 (as sed -i 's/calico-3.1/calico-2.6/g')";

    public async Task<bool> PointAt26Async(INodeShell shell, NodeSpec node, Func<IEnumerable<string>, ShellCommand> backup, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var files = (await SourceFile.ReadAsync(shell, node, ListScript, cancellationToken)).ToList();
        var targets = files.Where(f => Options(f).Any(o => o.Key is "baseurl" or "gpgkey" && o.Value.Contains("calico-3.1", StringComparison.Ordinal))).ToList();
        var after = files.Select(f => targets.Contains(f) ? f with { Text = Sed().Replace(f.Text, "calico-2.6") } : f).ToList();
        if (!after.SelectMany(Repositories).Any(r => r.Enabled && r.BaseUrl.Contains("calico-2.6", StringComparison.Ordinal)))
            throw new NodeException(node.Name, "no enabled yum repository has a calico-2.6 baseurl, and none names calico-3.1 to switch; the node's Calico repository is not where the runbook expects it", retryable: false);
        if (targets.Count == 0)
        {
            transcript.Note("no .repo file names calico-3.1; the Calico repository points at calico-2.6");
            return false;
        }

        NodeBackup.Record(transcript, (await shell.RunAsync(node, backup(targets.Select(t => t.Path)), cancellationToken)).EnsureSuccess());
        foreach (var target in targets)
        {
            await shell.WriteFileAsync(node, target.Path, after[files.IndexOf(target)].Bytes, cancellationToken);
            transcript.Note($"{target.Path}: calico-3.1 -> calico-2.6");
        }

        return true;
    }

    /// <summary>Versions from the repositories (in any .repo file) whose baseurl is a calico-2.6 one.</summary>
    public async Task<Func<AvailableVersion, bool>> Is26SourceAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken)
    {
        var ids = (await SourceFile.ReadAsync(shell, node, ListScript, cancellationToken)).SelectMany(Repositories)
            .Where(r => r.BaseUrl.Contains("calico-2.6", StringComparison.Ordinal)).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return version => ids.Contains(version.Source);
    }

    public async Task<IReadOnlyList<string>> Enabled31SourcesAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken) =>
        (await SourceFile.ReadAsync(shell, node, ListScript, cancellationToken))
        .SelectMany(f => Repositories(f).Where(r => r.Enabled && r.BaseUrl.Contains("calico-3.1", StringComparison.Ordinal)).Select(r => $"{f.Path}: [{r.Id}] {r.BaseUrl}"))
        .ToList();

    /// <summary>
    /// The options of a .repo file as yum's INI parser reads them: "name=value" (or "name: value"), comments from # or ;
    /// at the start of a line, and lines that begin with white space continuing the previous value (several baseurls).
    /// </summary>
    private static IEnumerable<(string Section, string Key, string Value)> Options(SourceFile file)
    {
        string section = "";
        (string Key, string Value)? current = null;
        foreach (var raw in file.Text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current is { } c && line.Length > 0 && char.IsWhiteSpace(line[0]) && line.Trim().Length > 0)
            {
                current = (c.Key, c.Value + " " + line.Trim());
                continue;
            }

            if (current is { } done)
                yield return (section, done.Key, done.Value);
            current = null;
            var text = line.Trim();
            if (text.Length == 0 || text[0] is '#' or ';')
                continue;
            if (text.StartsWith('[') && text.EndsWith(']'))
            {
                section = text[1..^1];
                continue;
            }

            var at = text.IndexOfAny(['=', ':']);
            if (at > 0)
                current = (text[..at].Trim().ToLowerInvariant(), text[(at + 1)..].Trim());
        }

        if (current is { } last)
            yield return (section, last.Key, last.Value);
    }

    /// <summary>Each repository of a file: its id, whether it is enabled (yum's default), and its baseurl, mirrorlist and metalink.</summary>
    private static IEnumerable<Repository> Repositories(SourceFile file) =>
        Options(file).Where(o => o.Section.Length > 0 && o.Section != "main").GroupBy(o => o.Section).Select(g => new Repository(
            g.Key,
            g.LastOrDefault(o => o.Key == "enabled").Value?.ToLowerInvariant() is not ("0" or "no" or "false" or "off"),
            string.Join(' ', g.Where(o => o.Key is "baseurl" or "mirrorlist" or "metalink").Select(o => o.Value))));

    /// <summary>The runbook's sed expression: in 's/calico-3.1/.../g' the dot matches any character.</summary>
    [GeneratedRegex("calico-3.1")]
    private static partial Regex Sed();

    private sealed record Repository(string Id, bool Enabled, string BaseUrl);
}
