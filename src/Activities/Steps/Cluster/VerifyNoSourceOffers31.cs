using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>After the downgrade: no enabled source on the node still offers Calico 3.1.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Check no source offers 3.1",
    Description = "After the downgrade, on each node of the role: no enabled yum repository or apt source names calico-3.1 (any file), and the " +
                  "package manager's own list (yum --showduplicates list, apt-cache madison) offers no 3.1 version of the role's packages. " +
                  "Otherwise the next 'yum update' or 'apt-get upgrade' would bring 3.1 back. Faults naming what still offers it.")]
public sealed partial class VerifyNoSourceOffers31(INodeShell shell, ILogger<VerifyNoSourceOffers31> logger) : IActivity
{
    [ActivityInput(Hint = "Control: the inventory's control nodes (the cluster flow). Compute: the compute nodes, in a node's instance its own node.", DefaultValue = NodeRole.Compute)]
    public NodeRole Role { get; set; } = NodeRole.Compute;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var nodes = Role == NodeRole.Control ? context.ControlNodesHere() : inventory.ComputeNodes.ToList(); // control+compute nodes: in their compute instance
        if (nodes.Count == 0)
            return ActivityResult.Completed($"No {Role.ToString().ToLowerInvariant()} nodes.");
        return await NodeWork.ForEachAsync("after the downgrade: no enabled source still offers 3.1", nodes, inventory.FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var sources = await platform.Repository.Enabled31SourcesAsync(shell, node, ct);
            foreach (var source in sources)
                transcript.Note("enabled: " + source);
            var list = (await shell.RunAsync(node, platform.Packages.ListAvailable(CalicoPackages.For(node, platform.Family)), ct)).EnsureSuccess();
            transcript.Command(list);
            var offered = platform.Packages.ParseAvailable(list.Stdout).Where(v => Calico31().IsMatch(v.Version)).Select(v => $"{v.Package} {v.Version} from {v.Source}").ToList();
            if (sources.Count > 0 || offered.Count > 0)
                throw new NodeException(node.Name, $"3.1 is still offered: {string.Join("; ", sources.Concat(offered))}", retryable: false);
            return NodeOutcome.Done("no enabled source offers 3.1");
        }, cancellationToken);
    }

    /// <summary>A 3.1 version in either notation: 3.1.3-1.el7, 1:3.1.3-1.el7, 3.1.3~xenial, 1:3.1.3~trusty.</summary>
    [GeneratedRegex(@"^(\d+:)?3\.1([.~+-]|$)")]
    private static partial Regex Calico31();
}
