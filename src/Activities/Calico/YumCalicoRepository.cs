using System.Text;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>CentOS: <c>sed -i 's/calico-3.1/calico-2.6/g' /etc/yum.repos.d/calico.repo</c>, done as a read, check and atomic write.</summary>
public sealed class YumCalicoRepository : ICalicoRepository
{
    public const string RepoFile = "/etc/yum.repos.d/calico.repo";

    public IReadOnlyList<string> Files => [RepoFile];

    public string Plan => $"rewrite {RepoFile}: calico-3.1 -> calico-2.6 (as sed -i 's/calico-3.1/calico-2.6/g')";

    public async Task<bool> PointAt26Async(INodeShell shell, NodeSpec node, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var content = await shell.ReadFileAsync(node, RepoFile, cancellationToken)
                      ?? throw new NodeException(node.Name, $"{RepoFile} does not exist; the node's Calico repository is not where the runbook expects it", retryable: false);
        var text = Encoding.UTF8.GetString(content);
        if (!text.Contains("calico-3.1", StringComparison.Ordinal))
        {
            if (!text.Contains("calico-2.6", StringComparison.Ordinal))
                throw new NodeException(node.Name, $"{RepoFile} points at neither calico-3.1 nor calico-2.6", retryable: false);
            transcript.Note($"{RepoFile} already points at calico-2.6");
            return false;
        }

        await shell.WriteFileAsync(node, RepoFile, Encoding.UTF8.GetBytes(text.Replace("calico-3.1", "calico-2.6", StringComparison.Ordinal)), cancellationToken);
        transcript.Note($"{RepoFile}: calico-3.1 -> calico-2.6");
        return true;
    }

    /// <summary>Versions from the repositories whose baseurl in calico.repo is the calico-2.6 one.</summary>
    public async Task<Func<AvailableVersion, bool>> Is26SourceAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken)
    {
        var content = await shell.ReadFileAsync(node, RepoFile, cancellationToken);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? section = null;
        foreach (var line in Encoding.UTF8.GetString(content ?? []).Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
                section = line[1..^1];
            else if (section is not null && line.StartsWith("baseurl", StringComparison.Ordinal) && line.Contains("calico-2.6", StringComparison.Ordinal))
                ids.Add(section);
        }

        return version => ids.Contains(version.Source);
    }
}
