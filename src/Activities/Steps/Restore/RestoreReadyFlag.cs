using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Activities.Steps.Cluster;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Restore;

/// <summary>Undo of the Ready flag step, last in a whole-cluster restore: /calico/v1/Ready back to its value before the run.</summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Ready flag back to its value before",
    Description = "Restore, whole cluster, last (every node runs 3.1 again, which does not read it): the v2 key /calico/v1/Ready is set back " +
                  "to the value the run found (ETCDCTL_API=2 etcdctl set), or removed when it was missing. Left alone when it already has " +
                  "that value, when the run did not change it, or when only some nodes are restored.")]
public sealed class RestoreReadyFlag(INodeShell shell, ILogger<RestoreReadyFlag> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (context.GetVariable<UndoRecord>(RestoreVariables.ReadyFlag) is not { } flag)
            return ActivityResult.Completed($"{ResetCalicoReadyFlag.ReadyKey} is left as it is (the run did not change it, or only some nodes are restored).");
        var inventory = context.GetInventory();
        var etcd = inventory.Etcd ?? throw new InvalidOperationException("the run changed the Ready flag, but its inventory has no etcd section");
        return await NodeWork.ForEachAsync($"restore: {flag.Target} back to {flag.Before ?? "missing"}", [inventory.Node(etcd.RunOn)], 1, logger, async (node, transcript, ct) =>
        {
            var etcdctl = Etcdctl.V2(etcd);
            var get = await shell.RunAsync(node, etcdctl.Command("get", flag.Target), ct);
            transcript.Command(get);
            var now = get.ExitStatus != 0 && ResetCalicoReadyFlag.NotFound(get) ? null : get.EnsureSuccess().Stdout.Trim();
            if (now == flag.Before)
                return NodeOutcome.AlreadyDone($"{flag.Target} is {now ?? "missing"}");
            var set = flag.Before is { } value ? etcdctl.Command("set", flag.Target, value) : etcdctl.Command("rm", flag.Target);
            transcript.Command((await shell.RunAsync(node, set, ct)).EnsureSuccess());
            return NodeOutcome.Done($"{flag.Target}: {now ?? "missing"} -> {flag.Before ?? "missing"}");
        }, cancellationToken);
    }
}
