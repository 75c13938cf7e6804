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
public sealed class VerifyEveryNodeLive(INodeShell shell, ILogger<VerifyEveryNodeLive> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        return await NodeWork.ForEachAsync("every node probed again before the etcdv3 delete", inventory.Nodes, inventory.FanOut.ProbeParallel, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var packages = CalicoPackages.For(node, platform.Family);
            // One round trip: every part is read whatever another shows, then judged in order.
            var batch = new NodeBatch();
            var query = batch.Run(platform.Packages.QueryInstalled(packages));
            var compute = node.Is(NodeRole.Compute);
            var control = node.Is(NodeRole.Control);
            var felixFile = compute ? batch.Read(FelixConfig.Path) : -1;
            var felixVersion = compute ? batch.Run(FelixVerification.VersionCommand) : -1;
            var felixStatus = compute ? batch.Run(platform.Services.Status(FelixVerification.Service)) : -1;
            var neutronStatus = control ? batch.Run(platform.Services.Status(Control.RestartNeutronServer.Service)) : -1;
            var parts = await shell.RunBatchAsync(node, batch, ct);

            var installed = platform.Packages.ParseInstalled(parts[query].Stdout);
            transcript.Note("installed: " + string.Join(", ", installed.Select(p => $"{p.Key} {p.Value}")));
            var wrong = PackageDowngrade.Needed(packages, installed, context.GetVersionSet(platform));
            if (wrong.Count > 0)
                throw new NodeException(node.Name, $"not at the 2.6 set: {string.Join(", ", wrong.Select(p => $"{p.Package} is at {installed[p.Package]}, not {p.Version}"))}", retryable: false);
            var seen = new List<string> { "packages at 2.6" };
            if (compute)
            {
                var felix = parts.File(felixFile);
                if (felix is null || FelixConfig.HasEtcdv3Datastore(felix))
                    throw new NodeException(node.Name, $"{FelixConfig.Path} {(felix is null ? "is gone" : "has DatastoreType = etcdv3 again")}", retryable: false);
                var version = FelixVerification.Version(node, parts[felixVersion], transcript);
                seen.Add($"felix {FelixVerification.Running(node, platform.Services, version, parts[felixStatus], transcript)} running");
            }

            if (control)
            {
                var status = parts[neutronStatus];
                transcript.Command(status);
                if (!platform.Services.IsRunning(status))
                    throw new NodeException(node.Name, $"neutron-server is not running: {status.Stdout.Trim()} {status.Stderr.Trim()}".Trim(), retryable: false);
                seen.Add("neutron-server running");
            }

            return NodeOutcome.Done(string.Join(", ", seen));
        }, cancellationToken);
    }
}
