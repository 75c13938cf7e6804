using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Restore;

/// <summary>Undo of the etcdv3 delete: every key of the run's dump put back into the v3 cluster.</summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Put the etcdv3 data back",
    Description = "Restore, whole cluster, first: when the run deleted the migrated Calico data from the v3 cluster, the dump it took before " +
                  "(/var/backups/saga/RUN/etcdv3-calico-*.json on the runOn node) is read, checked against its recorded sha256, and each " +
                  "key that is missing is put back (ETCDCTL_API=3 etcdctl put). Keys already there are left alone; the v2 cluster is not touched.")]
public sealed class RestoreEtcdV3Data(INodeShell shell, ILogger<RestoreEtcdV3Data> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (context.GetVariable<UndoRecord>(RestoreVariables.EtcdV3Data) is not { } dump)
            return ActivityResult.Completed("The run deleted nothing from etcdv3: nothing to put back.");
        var inventory = context.GetInventory();
        var etcd = inventory.Etcd ?? throw new InvalidOperationException("the run deleted etcdv3 data, but its inventory has no etcd section");
        var node = inventory.Node(dump.Before ?? etcd.RunOn);
        return await NodeWork.ForEachAsync($"restore: the keys under {dump.Target} back into etcdv3 from {dump.Backup}", [node], 1, logger, async (node, transcript, ct) =>
        {
            var etcdctl = Etcdctl.V3(etcd);
            var content = await shell.ReadFileAsync(node, dump.Backup!, ct)
                          ?? throw new NodeException(node.Name, $"the dump {dump.Backup} is not there; the etcdv3 data cannot be put back", retryable: false);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            if (sha256 != dump.Sha256)
                throw new NodeException(node.Name, $"the dump {dump.Backup} has sha256 {sha256}, not the {dump.Sha256} recorded when it was taken; nothing was put back", retryable: false);
            var values = Parse(node.Name, dump.Backup!, content);
            var now = EtcdV3.Keys((await shell.RunAsync(node, etcdctl.Command("get", dump.Target, "--prefix", "--keys-only"), ct)).EnsureSuccess().Stdout).ToHashSet(StringComparer.Ordinal);
            var missing = values.Where(v => !now.Contains(v.Key)).ToList();
            transcript.Note($"the dump holds {values.Count} key(s); {now.Count} under {dump.Target} now; {missing.Count} to put back");
            if (missing.Count == 0)
                return NodeOutcome.AlreadyDone($"every key of the dump is under {dump.Target}");
            foreach (var (key, value) in missing)
                transcript.Command((await shell.RunAsync(node, etcdctl.Command("put", "--", key, Encoding.UTF8.GetString(value)), ct)).EnsureSuccess());
            return NodeOutcome.Done($"put back {missing.Count} key(s) under {dump.Target} from {dump.Backup}");
        }, cancellationToken);
    }

    private static IReadOnlyList<KeyValuePair<string, byte[]>> Parse(string node, string path, byte[] content)
    {
        try
        {
            return EtcdV3.ParseValues(content);
        }
        catch (FormatException ex)
        {
            throw new NodeException(node, $"{path}: {ex.Message}", retryable: false, ex);
        }
    }
}
