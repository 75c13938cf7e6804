using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Control;

/// <summary>Runbook step 3.1: on all control nodes, downgrade calico-common, calico-control, networking-calico (+ python-etcd on Ubuntu).</summary>
[Activity(Category = Runbook.CategoryControl, DisplayName = "Downgrade the control packages",
    Description = "Runbook step 3.1, control nodes: 'yum downgrade calico-common calico-control networking-calico' (CentOS) or " +
                  "'apt-get install --reinstall calico-control=... calico-common=... python-etcd=... networking-calico=...' (Ubuntu), " +
                  "to exactly the locked 2.6 set, in one non-interactive transaction (yum -y with name-version-release; apt -y --no-remove with " +
                  "--allow-downgrades, or --force-yes on trusty, and dpkg's --force-confdef --force-confold), run detached on the node and waited for; " +
                  "a transaction an earlier attempt left unfinished is completed first. " +
                  "A control+compute node is not done here: its compute flow holds both package lists in one transaction.")]
public sealed class DowngradeControlPackages(INodeShell shell, ILogger<DowngradeControlPackages> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var downgrade = new PackageDowngrade(shell, context.Time);
        var place = new TransactionPlace(context.GetBackupFolder(), context.ActivityId);
        return await NodeWork.ForEachAsync("step 3.1: downgrade the control packages", context.ControlNodesHere(), inventory.FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            PackageUndo.Record(context, node, platform, transcript);
            var done = await downgrade.DowngradeAsync(node, platform, context.GetVersionSet(platform), CalicoPackages.For(node, platform.Family), place, transcript, ct);
            return done.Count == 0 ? NodeOutcome.AlreadyDone("at 2.6") : NodeOutcome.Done($"downgraded {string.Join(", ", done)}");
        }, cancellationToken);
    }
}
