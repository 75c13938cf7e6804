using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>The runbook's closing warning: delete the migrated Calico data from etcdv3 (v3 API, prefix /calico/; the v2 data is never touched).</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Delete the migrated data from etcdv3",
    Description = "'After downgrading or aborting the migration it is necessary to delete the previously migrated etcd' data, on the v3 " +
                  "cluster (etcd.v3): only when the dump before it still holds every key (otherwise Stale: dump again and ask again), " +
                  "ETCDCTL_API=3 etcdctl del /calico/ --prefix (the count of deleted keys is journalled), then get again to check that " +
                  "nothing is left. Only the v3 API: the v2 store Calico 2.6 runs on is separate and untouched.",
    Outcomes = [ActivityResult.Done, Stale])]
public sealed class DeleteMigratedEtcdV3Data(INodeShell shell, ILogger<DeleteMigratedEtcdV3Data> logger) : IActivity
{
    public const string Prefix = EtcdV3.CalicoPrefix;

    /// <summary>Keys changed since the dump: the flow takes a new dump (and asks again) before deleting.</summary>
    public const string Stale = nameof(Stale);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        if (Skipping.Check(inventory, SkipStep.EtcdCleanup, "the migrated data stays in etcdv3") is { } skipped)
            return skipped;
        var etcd = Skipping.Etcd(inventory, SkipStep.EtcdCleanup);
        if (context.GetVariable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump) is not { } dump)
            return ActivityResult.Fault("no dump of the etcdv3 data was taken in this run; the delete runs only after 'Dump the etcdv3 data'");
        var stale = false;
        var result = await NodeWork.ForEachAsync("delete the migrated Calico data from etcdv3", [inventory.Node(etcd.RunOn)], 1, logger, async (node, transcript, ct) =>
        {
            var etcdctl = Etcdctl.V3(etcd);
            transcript.Note($"v3 cluster: {etcdctl.Endpoints}; dump: {dump.Path} ({dump.Keys} key(s), revision {dump.Revision}, sha256 {dump.Sha256})");
            var now = await DumpEtcdV3Data.ReadNowAsync(shell, node, etcdctl, transcript, ct);
            transcript.Note($"{now.Kvs.Count} key(s) under {Prefix} now, at revision {now.Revision}");
            if (now.Kvs.Count == 0)
                return NodeOutcome.AlreadyDone($"no keys under {Prefix} in etcdv3");
            var changed = DumpEtcdV3Data.Changes(dump, now);
            if (changed.Count > 0)
            {
                transcript.Note($"changed since the dump, so nothing is deleted: {string.Join(", ", changed.Take(10))}");
                stale = true;
                return NodeOutcome.Skipped("the dump is stale: a new one is taken");
            }

            transcript.Undo(new UndoRecord(UndoRecord.KeyPrefix, Prefix) { Backup = dump.Path, Sha256 = dump.Sha256, Before = dump.Node });
            var delete = (await shell.RunAsync(node, etcdctl.Command("del", Prefix, "--prefix"), ct)).EnsureSuccess();
            transcript.Command(delete);
            var after = EtcdV3.Keys((await shell.RunAsync(node, etcdctl.Command("get", Prefix, "--prefix", "--keys-only"), ct)).EnsureSuccess().Stdout);
            transcript.Note($"{after.Count} key(s) under {Prefix} after the delete");
            return after.Count == 0 ? NodeOutcome.Done($"deleted {delete.Stdout.Trim()} key(s) under {Prefix} (of the {dump.Keys} dumped)")
                : throw new NodeException(node.Name, $"{after.Count} key(s) are still under {Prefix} after the delete: {string.Join(", ", after.Take(5))}", retryable: false);
        }, cancellationToken);
        return stale && result is OutcomeResult ? new OutcomeResult(Stale, result.Output) { Nodes = result.Nodes } : result;
    }
}
