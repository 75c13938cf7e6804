using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>Runbook step 4.2: downgrade the compute packages to exactly the locked 2.6 set.</summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Downgrade the compute packages",
    Description = "Runbook step 4.2, compute nodes: 'yum downgrade calico-common calico-compute calico-dhcp-agent calico-felix dnsmasq " +
                  "networking-calico' (CentOS) or 'apt-get install --reinstall calico-compute=... calico-felix=... calico-common=... python-etcd=... " +
                  "networking-calico=... calico-dhcp-agent=...' (Ubuntu), to the locked 2.6 set, in one non-interactive transaction run detached on " +
                  "the node and waited for (a dropped session does not cut it); a transaction an earlier attempt left unfinished is completed first.")]
public sealed class DowngradeComputePackages(INodeShell shell, ILogger<DowngradeComputePackages> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var downgraded = false;
        var result = await NodeWork.ForEachAsync("step 4.2: downgrade the compute packages", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var place = new TransactionPlace(context.GetBackupFolder(), context.ActivityId);
            PackageUndo.Record(context, node, platform, transcript);
            var done = await new PackageDowngrade(shell, context.Time).DowngradeAsync(node, platform, context.GetVersionSet(platform), CalicoPackages.For(node, platform.Family), place, transcript, ct);
            downgraded = done.Any(p => p.Package == "dnsmasq");
            return done.Count == 0 ? NodeOutcome.AlreadyDone("at 2.6") : NodeOutcome.Done($"downgraded {string.Join(", ", done)}");
        }, cancellationToken);
        if (downgraded)
            context.SetVariable(DowngradeVariables.DnsmasqDowngraded, true);
        return result;
    }
}
