using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>The runbook's closing warning: delete the migrated Calico data from etcdv3 (v3 API, prefix /calico/; the v2 data is never touched).</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Delete the migrated data from etcdv3",
    Description = "'After downgrading or aborting the migration it is necessary to delete the previously migrated etcd' data: " +
                  "ETCDCTL_API=3 etcdctl get /calico/ --prefix --keys-only, del /calico/ --prefix (the count of deleted keys is journalled), " +
                  "then get again to check that nothing is left. Only the v3 API: the v2 store Calico 2.6 runs on is separate and untouched.")]
public sealed class DeleteMigratedEtcdV3Data(INodeShell shell, ILogger<DeleteMigratedEtcdV3Data> logger) : IActivity
{
    public const string Prefix = "/calico/";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        if (inventory.Etcd is not { } etcd)
            return ActivityResult.Completed("The inventory has no etcd section: no etcdv3 data is deleted.");
        var etcdctl = Etcdctl.For(etcd);
        return await NodeWork.ForEachAsync("delete the migrated Calico data from etcdv3", [inventory.Node(etcd.RunOn)], 1, logger, async (node, transcript, ct) =>
        {
            var before = await KeysAsync(node, etcdctl, transcript, ct);
            if (before == 0)
                return NodeOutcome.AlreadyDone($"no keys under {Prefix} in etcdv3");
            var delete = (await shell.RunAsync(node, etcdctl.V3("del", Prefix, "--prefix"), ct)).EnsureSuccess();
            transcript.Command(delete);
            transcript.Note($"deleted {delete.Stdout.Trim()} key(s) of the {before} listed");
            var after = await KeysAsync(node, etcdctl, transcript, ct);
            return after == 0 ? NodeOutcome.Done($"deleted {delete.Stdout.Trim()} key(s) under {Prefix}")
                : throw new NodeException(node.Name, $"{after} key(s) are still under {Prefix} after the delete", retryable: false);
        }, cancellationToken);
    }

    private async Task<int> KeysAsync(Inventory.NodeSpec node, Etcdctl etcdctl, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var list = (await shell.RunAsync(node, etcdctl.V3("get", Prefix, "--prefix", "--keys-only"), cancellationToken)).EnsureSuccess();
        var keys = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;
        transcript.Note($"{keys} key(s) under {Prefix}");
        return keys;
    }
}
