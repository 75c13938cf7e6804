using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>
/// Runbook step 2: point the Calico packages at the 2.6 repository. In the cluster's flow on the nodes the version
/// resolution needs; every other compute node does it in its own flow.
/// </summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Point the package repository at 2.6",
    Description = "Runbook step 2, finding the sources by what they say rather than by file name. CentOS: every .repo file whose " +
                  "baseurl or gpgkey names calico-3.1 gets sed -i 's/calico-3.1/calico-2.6/g' (the runbook names only calico.repo). Ubuntu: " +
                  "every apt source that points at the calico-3.1 PPA is disabled, in sources.list.d (the runbook's " +
                  "project-calico-calico-3_1-trusty.list, add-apt-repository's project-calico-ubuntu-calico-3_1-xenial.list, any other) and " +
                  "sources.list: a file holding nothing else is removed, otherwise the line is commented out; the 2.6 PPA stays. Every file " +
                  "changed is backed up first to /var/backups/saga/<instance>/. In the cluster's flow: the control nodes and one compute node of each " +
                  "OS and release no control node runs (what the version resolution needs); in a compute node's flow: that node, unless done already.")]
public sealed class PointPackageRepositoryAt26(INodeShell shell, ILogger<PointPackageRepositoryAt26> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var nodes = context.NodesToPrepare();
        if (nodes.Count == 0)
            return ActivityResult.Completed("Done by the cluster's instance before the version set was resolved.");
        return await NodeWork.ForEachAsync("step 2: point the Calico packages at the 2.6 repo", nodes, inventory.FanOut.Parallel, logger,
            async (node, transcript, ct) => await context.GetPlatform(node).Repository.PointAt26Async(shell, node, files => NodeBackup.Save(context, files), transcript, ct)
                ? NodeOutcome.Done("repository points at 2.6")
                : NodeOutcome.AlreadyDone("repository points at 2.6"),
            cancellationToken);
    }
}
