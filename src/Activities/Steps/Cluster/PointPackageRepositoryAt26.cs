using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Runbook step 2: on all nodes, point the Calico packages at the 2.6 repository.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Point the package repository at 2.6",
    Description = "Runbook step 2, on all nodes. CentOS: sed -i 's/calico-3.1/calico-2.6/g' /etc/yum.repos.d/calico.repo. " +
                  "Ubuntu: rm /etc/apt/sources.list.d/project-calico-calico-3_1-trusty.list (named -trusty even on xenial); the 2.6 list stays.")]
public sealed class PointPackageRepositoryAt26(INodeShell shell, ILogger<PointPackageRepositoryAt26> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        return await NodeWork.ForEachAsync("step 2: point the Calico packages at the 2.6 repo", inventory.Nodes, inventory.FanOut.Parallel, logger,
            async (node, transcript, ct) => await context.GetPlatform(node).Repository.PointAt26Async(shell, node, transcript, ct)
                ? NodeOutcome.Done("repository points at 2.6")
                : NodeOutcome.AlreadyDone("repository points at 2.6"),
            cancellationToken);
    }
}
