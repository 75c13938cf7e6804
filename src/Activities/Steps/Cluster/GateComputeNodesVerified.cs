using Saga.Activities.Calico;
using Saga.Engine.Activities;
using Saga.Engine.Instances;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Before anything destructive at cluster level: every compute node finished its steps, verification included.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Gate: every compute node verified",
    Description = "A cross-layer invariant before the cluster-wide finale (Ready flag, etcdv3 delete): every compute node's child instance " +
                  "finished, which means felix reported 2.6.x and runs on each. Faults naming the nodes that did not.")]
public sealed class GateComputeNodesVerified(IWorkflowInstances instances) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var children = (await instances.ListChildrenAsync(context.InstanceId, cancellationToken)).ToDictionary(c => c.Name ?? c.Id);
        var missing = inventory.ComputeNodes
            .Where(n => !children.TryGetValue(n.Name, out var child) || child.Status != InstanceStatus.Finished)
            .Select(n => children.TryGetValue(n.Name, out var child) ? $"{n.Name} ({child.Status})" : $"{n.Name} (not run)")
            .ToList();
        return missing.Count == 0
            ? ActivityResult.Completed($"All {children.Count} compute node(s) verified at 2.6.")
            : ActivityResult.Fault($"not every compute node is verified: {string.Join(", ", missing)}");
    }
}
