using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>
/// Downgrades one node's role packages to exactly the locked 2.6 set, in one non-interactive transaction, after
/// checking what is installed: packages already at their 2.6 version are left alone, so a repeated step does nothing.
/// It first waits for any package operation already running on the node to end: one started by a runner that died
/// (its command lives on after its connection), by another tool, or by hand.
/// </summary>
public sealed class PackageDowngrade(INodeShell shell)
{
    /// <summary>How long another package operation may keep the node before the step gives up.</summary>
    public static readonly TimeSpan BusyLimit = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan BusyPoll = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<PackageVersion>> DowngradeAsync(
        NodeSpec node, NodePlatform platform, VersionSet versions, IReadOnlyList<string> packages, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        await WaitUntilIdleAsync(node, platform, transcript, cancellationToken);
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

    private async Task WaitUntilIdleAsync(NodeSpec node, NodePlatform platform, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string? waitingFor = null;
        while (true)
        {
            var running = await shell.RunAsync(node, platform.Packages.Running(), cancellationToken);
            if (running.ExitStatus != 0)
            {
                if (waitingFor is not null)
                    transcript.Note($"{waitingFor} ended after {waited.Elapsed.TotalSeconds:0} s");
                return; // 1: none running (anything else: pgrep cannot tell, and the package manager's own lock still guards)
            }

            var now = string.Join(", ", running.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (waitingFor is null)
                transcript.Note($"waiting for {now} to end before changing packages");
            waitingFor = now;
            if (waited.Elapsed > BusyLimit)
                throw new NodeException(node.Name, $"{now} has been running for over {BusyLimit.TotalMinutes:0} min; packages were not changed. Find out what it is, then resume", retryable: false);
            await Task.Delay(BusyPoll, cancellationToken);
        }
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
