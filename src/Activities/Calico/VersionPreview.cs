using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>The 2.6 versions as the plan sees them before anything changed, or why they are not known yet.</summary>
/// <param name="Versions">Newest 2.6 version of each package the 2.6 source offers.</param>
/// <param name="Unknown">Why some or all versions are not known yet; null when every package has one.</param>
/// <param name="Source">Where they were read, for the plan.</param>
public sealed record PreviewedVersions(IReadOnlyDictionary<string, string> Versions, string? Unknown, string Source);

/// <summary>
/// Resolves the 2.6 version set for <c>saga plan</c> without changing the node. Ubuntu: <c>apt-cache madison</c> lists
/// both PPAs before the switch. CentOS: yum's metadata cache still holds 3.1, so the 2.6 repository is read on its own
/// with repoquery, its URL being each Calico baseurl of the node's .repo files with calico-3.1 written calico-2.6 (the
/// runbook's sed).
/// </summary>
public sealed class VersionPreview(INodeShell shell)
{
    private const string RepoFiles = """
        for f in /etc/yum.repos.d/*.repo; do
          [ -f "$f" ] && cat -- "$f" && echo
        done
        exit 0
        """;

    public async Task<PreviewedVersions> ResolveAsync(NodeSpec node, NodePlatform platform, IReadOnlyList<string> packages, CancellationToken cancellationToken)
    {
        if (platform.Packages is not Yum)
        {
            var list = await shell.RunAsync(node, platform.Packages.ListAvailable(packages), cancellationToken);
            var from26 = await platform.Repository.Is26SourceAsync(shell, node, cancellationToken);
            return Newest(packages, platform.Packages.ParseAvailable(list.Stdout).Where(from26), $"apt-cache madison on {node.Name}");
        }

        var urls = BaseUrls26((await shell.RunAsync(node, ShellCommand.Script(false, RepoFiles), cancellationToken)).EnsureSuccess().Stdout);
        if (urls.Count == 0)
            return Unknown($"no .repo file on {node.Name} has a calico-3.1 or calico-2.6 baseurl");
        if ((await shell.RunAsync(node, ShellCommand.Plain("test", "-x", Yum.RepoqueryPath), cancellationToken)).ExitStatus != 0)
            return Unknown($"repoquery (yum-utils) is not installed on {node.Name}; they are resolved after the repository switch");

        var available = new List<AvailableVersion>();
        for (var i = 0; i < urls.Count; i++)
        {
            var id = $"saga-calico-2.6-{i + 1}";
            var query = await shell.RunAsync(node, Yum.ListAvailableFrom(id, urls[i], packages), cancellationToken);
            if (query.ExitStatus != 0)
                return Unknown($"repoquery on {node.Name} could not read {urls[i]}: {LastLine(query)}; they are resolved after the repository switch");
            available.AddRange(Yum.ParseRepoquery(query.Stdout, id));
        }

        return Newest(packages, available, $"repoquery of {string.Join(", ", urls)} on {node.Name}");
    }

    /// <summary>The distinct enabled baseurls that name calico-3.1 or calico-2.6, written for 2.6. A URL with a comma or a space cannot be passed on.</summary>
    public static IReadOnlyList<string> BaseUrls26(string repoFiles)
    {
        var urls = new List<string>();
        string? url = null;
        var enabled = true;
        void Flush()
        {
            if (url is not null && enabled && !urls.Contains(url))
                urls.Add(url);
            (url, enabled) = (null, true);
        }

        foreach (var raw in repoFiles.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                Flush();
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
                continue;
            var (key, value) = (line[..eq].Trim(), line[(eq + 1)..].Trim());
            if (key == "enabled")
                enabled = value is not ("0" or "false" or "no");
            else if (key == "baseurl" && value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first
                     && (first.Contains("calico-3.1", StringComparison.Ordinal) || first.Contains("calico-2.6", StringComparison.Ordinal)))
                url = first.Replace("calico-3.1", "calico-2.6", StringComparison.Ordinal);
        }

        Flush();
        return urls;
    }

    private static PreviewedVersions Newest(IReadOnlyList<string> packages, IEnumerable<AvailableVersion> available, string source)
    {
        var versions = available.GroupBy(a => a.Package)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Version).Max(PackageVersionComparer.Instance)!, StringComparer.Ordinal);
        var missing = packages.Where(p => !versions.ContainsKey(p) && !CalicoPackages.Optional.Contains(p)).ToList();
        return new PreviewedVersions(versions, missing.Count == 0 ? null : $"the 2.6 source offers no {string.Join(", ", missing)} ({source})", source);
    }

    private static PreviewedVersions Unknown(string why) => new(new Dictionary<string, string>(), why, "");

    private static string LastLine(CommandResult result) =>
        (result.Stderr.Trim().Length > 0 ? result.Stderr : result.Stdout).Trim().Split('\n')[^1];
}
