using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Runbook steps 3.1/4.2 (Ubuntu's madison, CentOS's --showduplicates): the 2.6 versions, resolved once per OS and release, then locked.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Resolve the 2.6 version set",
    Description = "Once per OS and release: Ubuntu 'apt-cache madison <packages> | grep calico-2.6', CentOS 'yum --showduplicates list <packages>' " +
                  "from the repository whose baseurl is calico-2.6. The set is kept in the instance and used on every node and every retry; " +
                  "a package with no 2.6 version is an error naming it.")]
public sealed class ResolveVersionSet(INodeShell shell, ILogger<ResolveVersionSet> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var locked = context.GetVariable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.VersionSets) ?? [];
        var groups = inventory.Nodes.GroupBy(n => context.GetPlatform(n).Key).ToList();
        // Resolved on a node this flow switched to 2.6 already: a control node where there is one, else the compute node prepared for it.
        var prepared = context.NodesToPrepare();
        var pending = groups.Where(g => !locked.ContainsKey(g.Key)).Select(g => prepared.FirstOrDefault(g.Contains) ?? g.First()).ToList();
        var resolved = new System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, string>>();

        var result = await NodeWork.ForEachAsync("resolve the 2.6 version set once per OS and release", pending, inventory.FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var roles = groups.Single(g => g.Key == platform.Key).SelectMany(n => n.Roles).Distinct().Order();
            var packages = roles.SelectMany(r => CalicoPackages.For(r, platform.Family)).Distinct().ToList();
            var list = await shell.RunAsync(node, platform.Packages.ListAvailable(packages), ct);
            transcript.Command(list);
            var from26 = await platform.Repository.Is26SourceAsync(shell, node, ct);
            var available = platform.Packages.ParseAvailable(list.Stdout).Where(from26).ToList();
            var set = new Dictionary<string, string>(StringComparer.Ordinal);
            var missing = new List<string>();
            foreach (var package in packages)
            {
                var newest = available.Where(a => a.Package == package).Select(a => a.Version).Max(PackageVersionComparer.Instance);
                if (newest is not null)
                    set[package] = newest;
                else if (!CalicoPackages.Optional.Contains(package))
                    missing.Add(package);
            }

            if (missing.Count > 0)
                throw new NodeException(node.Name, $"no 2.6 version of {string.Join(", ", missing)} is offered by the calico-2.6 source ({platform.Key})", retryable: false);
            transcript.Note($"locked for {platform.Key}: {string.Join(", ", set.Select(p => $"{p.Key}={p.Value}"))}");
            resolved[platform.Key] = set;
            return NodeOutcome.Done($"resolved for {platform.Key}");
        }, cancellationToken);

        foreach (var (key, set) in resolved)
            locked[key] = set;
        context.SetVariable(DowngradeVariables.VersionSets, locked);
        var kept = groups.Where(g => !pending.Any(p => context.GetPlatform(p).Key == g.Key)).Select(g => g.Key).ToList();
        return kept.Count == 0 || result.Kind != ActivityResultKind.Outcome
            ? result
            : ActivityResult.Completed($"{result.Output}already locked earlier, kept: {string.Join(", ", kept)}\n") with { Nodes = result.Nodes };
    }
}
