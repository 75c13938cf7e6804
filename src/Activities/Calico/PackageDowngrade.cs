using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>
/// Downgrades one node's role packages to exactly the locked 2.6 set, in one non-interactive transaction, after
/// checking what is installed: packages already at their 2.6 version are left alone, so a repeated step does nothing.
/// </summary>
public sealed class PackageDowngrade(INodeShell shell)
{
    public async Task<IReadOnlyList<PackageVersion>> DowngradeAsync(
        NodeSpec node, NodePlatform platform, VersionSet versions, IReadOnlyList<string> packages, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var installed = await InstalledAsync(node, platform, packages, transcript, cancellationToken);
        var needed = Needed(packages, installed, versions);
        foreach (var package in packages.Where(p => !installed.ContainsKey(p)))
            transcript.Note($"{package} is not installed here; left as it is");
        if (needed.Count == 0)
        {
            transcript.Note("every installed package is already at its 2.6 version");
            return [];
        }

        transcript.Command((await shell.RunAsync(node, platform.Packages.Install(needed), cancellationToken)).EnsureSuccess());
        var after = await InstalledAsync(node, platform, packages, transcript, cancellationToken);
        var wrong = needed.Where(p => after.GetValueOrDefault(p.Package) != p.Version).ToList();
        if (wrong.Count > 0)
        {
            throw new NodeException(node.Name,
                $"after the downgrade {string.Join(", ", wrong.Select(p => $"{p.Package} is at {after.GetValueOrDefault(p.Package) ?? "nothing"}, not {p.Version}"))}",
                retryable: false);
        }

        return needed;
    }

    /// <summary>The packages whose installed version differs from the locked one.</summary>
    public static IReadOnlyList<PackageVersion> Needed(IReadOnlyList<string> packages, IReadOnlyDictionary<string, string> installed, VersionSet versions) =>
        packages.Where(installed.ContainsKey)
            .Select(p => versions.VersionOf(p) is { } target && installed[p] != target ? new PackageVersion(p, target) : null)
            .OfType<PackageVersion>()
            .ToList();

    public async Task<IReadOnlyDictionary<string, string>> InstalledAsync(
        NodeSpec node, NodePlatform platform, IReadOnlyList<string> packages, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var query = await shell.RunAsync(node, platform.Packages.QueryInstalled(packages), cancellationToken);
        transcript.Command(query);
        return platform.Packages.ParseInstalled(query.Stdout);
    }
}
