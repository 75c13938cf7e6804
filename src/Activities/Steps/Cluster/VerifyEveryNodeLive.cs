using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Before the irreversible etcdv3 delete: every node probed live again, not taken from the journal.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Verify every node live",
    Description = "Before the only destructive cluster-wide step, every node is read again over SSH: its Calico packages are at the " +
                  "locked 2.6 set; on compute nodes felix.cfg has no DatastoreType = etcdv3 and felix runs 2.6.x (the compute flow's own " +
                  "check); on control nodes neutron-server runs. A node that does not stops the run, named.")]
public sealed class VerifyEveryNodeLive(INodeShell shell, NodeFactsReader facts, ILogger<VerifyEveryNodeLive> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        return await NodeWork.ForEachAsync("every node probed again before the etcdv3 delete", inventory.Nodes, inventory.FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var packages = CalicoPackages.For(node, platform.Family);
            var state = await facts.ReadAsync(node, platform, packages, ct);
            transcript.Note("installed: " + string.Join(", ", state.Installed.Select(p => $"{p.Key} {p.Value}")));
            var wrong = PackageDowngrade.Needed(packages, state.Installed, context.GetVersionSet(platform));
            if (wrong.Count > 0)
                throw new NodeException(node.Name, $"not at the 2.6 set: {string.Join(", ", wrong.Select(p => $"{p.Package} is at {state.Installed[p.Package]}, not {p.Version}"))}", retryable: false);
            var seen = new List<string> { "packages at 2.6" };
            if (node.Is(NodeRole.Compute))
            {
                if (state.FelixConfig is null || FelixConfig.HasEtcdv3Datastore(state.FelixConfig))
                    throw new NodeException(node.Name, $"{FelixConfig.Path} {(state.FelixConfig is null ? "is gone" : "has DatastoreType = etcdv3 again")}", retryable: false);
                seen.Add($"felix {await FelixVerification.VerifyAsync(shell, node, platform.Services, transcript, ct)} running");
            }

            if (node.Is(NodeRole.Control))
            {
                var status = await shell.RunAsync(node, platform.Services.Status(Control.RestartNeutronServer.Service), ct);
                transcript.Command(status);
                if (!platform.Services.IsRunning(status))
                    throw new NodeException(node.Name, $"neutron-server is not running: {status.Stdout.Trim()} {status.Stderr.Trim()}".Trim(), retryable: false);
                seen.Add("neutron-server running");
            }

            return NodeOutcome.Done(string.Join(", ", seen));
        }, cancellationToken);
    }
}
