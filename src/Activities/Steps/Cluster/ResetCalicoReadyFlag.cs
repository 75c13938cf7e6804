using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>What <c>calico-upgrade abort</c> does: set the etcdv2 key /calico/v1/Ready back to true when a migration had set it false.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Set /calico/v1/Ready back to true",
    Description = "'After downgrading or aborting the migration': calico-upgrade start sets the v2 key /calico/v1/Ready to false, and Felix 2.6 " +
                  "treats that as 'datastore not ready' and keeps restarting. Checked with the v2 API (ETCDCTL_API=2) and set to true if false, " +
                  "as calico-upgrade abort does.")]
public sealed class ResetCalicoReadyFlag(INodeShell shell, ILogger<ResetCalicoReadyFlag> logger) : IActivity
{
    public const string ReadyKey = "/calico/v1/Ready";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        if (inventory.Etcd is not { } etcd)
            return ActivityResult.Completed("The inventory has no etcd section: /calico/v1/Ready is not checked.");
        var etcdctl = Etcdctl.For(etcd);
        return await NodeWork.ForEachAsync("/calico/v1/Ready back to true (calico-upgrade abort)", [inventory.Node(etcd.RunOn)], 1, logger, async (node, transcript, ct) =>
        {
            var get = await shell.RunAsync(node, etcdctl.V2("get", ReadyKey), ct);
            transcript.Command(get);
            if (get.ExitStatus != 0 && get.Stderr.Contains("Key not found", StringComparison.Ordinal))
                return NodeOutcome.Skipped($"{ReadyKey} does not exist: no migration ever paused Calico");
            var value = get.EnsureSuccess().Stdout.Trim();
            if (value == "true")
                return NodeOutcome.AlreadyDone($"{ReadyKey} is true");
            transcript.Command((await shell.RunAsync(node, etcdctl.V2("set", ReadyKey, "true"), ct)).EnsureSuccess());
            var check = (await shell.RunAsync(node, etcdctl.V2("get", ReadyKey), ct)).EnsureSuccess();
            transcript.Command(check);
            return check.Stdout.Trim() == "true" ? NodeOutcome.Done($"{ReadyKey}: {value} -> true")
                : throw new NodeException(node.Name, $"{ReadyKey} reads '{check.Stdout.Trim()}' after setting it to true", retryable: false);
        }, cancellationToken);
    }
}
