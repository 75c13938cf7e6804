using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Runbook steps 3.1 and 4.2: wipe the package metadata so the 2.6 repository is read (yum's cache would still offer 3.1).</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Clean the package cache",
    Description = "Runbook: 'sudo yum clean all' (CentOS, control and compute) and 'sudo apt-get update' (Ubuntu; also on control nodes, " +
                  "where the page runs madison without it). Without it yum's metadata cache still offers 3.1. On the nodes whose repository the same " +
                  "flow switched (see Point the package repository at 2.6).")]
public sealed class CleanPackageCache(INodeShell shell, ILogger<CleanPackageCache> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var nodes = context.NodesToPrepare();
        if (nodes.Count == 0)
            return ActivityResult.Completed("Done by the cluster's instance before the version set was resolved.");
        return await NodeWork.ForEachAsync("steps 3.1/4.2: yum clean all / apt-get update", nodes, inventory.FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            transcript.Command((await shell.RunAsync(node, platform.Packages.CleanCache(), ct)).EnsureSuccess());
            return NodeOutcome.Done("package cache refreshed");
        }, cancellationToken);
    }
}
