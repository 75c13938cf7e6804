using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Evidence before the delete: every key and value under /calico/ in etcdv3, in a file that can put them back.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Dump the etcdv3 data",
    Description = "'ETCDCTL_API=3 etcdctl get --prefix /calico/ -w json' on the runOn node into the instance's backup folder " +
                  "(/var/backups/saga/ID/, mode 0600): keys and values base64-encoded, with the revision they were read at. Its sha256 and " +
                  "key count are journalled and shown by the approval before the delete. A resumed run keeps a dump that still matches.")]
public sealed class DumpEtcdV3Data(INodeShell shell, ILogger<DumpEtcdV3Data> logger) : IActivity
{
    /// <summary>How many dumps one run takes before it gives up on data that keeps changing.</summary>
    public const int MaxDumps = 3;

    private const string DumpsKey = "etcdV3Dumps";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        if (Skipping.Check(inventory, SkipStep.EtcdCleanup, "the migrated data in etcdv3 is neither dumped nor deleted") is { } skipped)
            return skipped;
        var etcd = Skipping.Etcd(inventory, SkipStep.EtcdCleanup);
        var earlier = context.GetVariable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump);
        var taken = context.GetVariable<int>(DumpsKey);
        EtcdV3Dump? dump = null;
        var result = await NodeWork.ForEachAsync("dump the keys under /calico/ in etcdv3 (get --prefix -w json)", [inventory.Node(etcd.RunOn)], 1, logger, async (node, transcript, ct) =>
        {
            var etcdctl = Etcdctl.V3(etcd);
            transcript.Note($"v3 cluster: {etcdctl.Endpoints}");
            if (earlier is not null && await StillCurrentAsync(node, etcdctl, earlier, transcript, ct))
            {
                dump = earlier;
                return NodeOutcome.AlreadyDone($"{earlier.Path} holds the {earlier.Keys} key(s) under {EtcdV3.CalicoPrefix} (sha256 {earlier.Sha256})");
            }

            if (taken >= MaxDumps)
            {
                throw new NodeException(node.Name,
                    $"the data under {EtcdV3.CalicoPrefix} changed after each of {taken} dumps: something still writes Calico data to etcdv3 (a 3.1 component left running?). Stop it, then resume",
                    retryable: false);
            }

            var file = $"{NodeBackup.Folder(context)}/etcdv3-calico-{NodeBackup.Stamp(context.Time)}.json";
            transcript.Command((await shell.RunAsync(node, NodeBackup.CreateFolder(context), ct)).EnsureSuccess());
            transcript.Command((await shell.RunAsync(node, etcdctl.CommandTo(file, "get", "--prefix", EtcdV3.CalicoPrefix, "-w", "json"), ct)).EnsureSuccess());
            var sum = (await shell.RunAsync(node, ShellCommand.Sudo("sha256sum", file), ct)).EnsureSuccess();
            transcript.Command(sum);
            var content = await shell.ReadFileAsync(node, file, ct) ?? throw new NodeException(node.Name, $"{file} is not there after the dump", retryable: false);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
            if (!sum.Stdout.StartsWith(sha256, StringComparison.Ordinal))
                throw new NodeException(node.Name, $"{file} read back has sha256 {sha256}, but the node says {sum.Stdout.Trim()}", retryable: false);
            var range = Parse(node, file, content);
            dump = new EtcdV3Dump(node.Name, file, sha256, range.Kvs.Count, range.Revision);
            transcript.Note($"{range.Kvs.Count} key(s) at revision {range.Revision}; sha256 {sha256}");
            return NodeOutcome.Done($"dumped {range.Kvs.Count} key(s) under {EtcdV3.CalicoPrefix} to {node.Name}:{file} (sha256 {sha256})");
        }, cancellationToken);

        if (dump is not null)
        {
            context.SetVariable(DowngradeVariables.EtcdV3Dump, dump);
            context.SetVariable(DumpsKey, dump == earlier ? taken : taken + 1);
            context.SetVariable(DowngradeVariables.EtcdV3DeletePrompt,
                $"Delete {dump.Keys} key(s) under {EtcdV3.CalicoPrefix} from the v3 cluster {string.Join(',', etcd.V3.Endpoints)}? " +
                $"They are dumped in {dump.Node}:{dump.Path} (sha256 {dump.Sha256}, etcd revision {dump.Revision}). " +
                $"The v2 data Calico 2.6 runs on ({string.Join(',', etcd.V2.Endpoints)}) is not touched.");
        }

        return result;
    }

    /// <summary>The earlier dump is still on the node, unchanged, and no key under /calico/ changed since it was read.</summary>
    private async Task<bool> StillCurrentAsync(NodeSpec node, Etcdctl etcdctl, EtcdV3Dump earlier, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var sum = await shell.RunAsync(node, ShellCommand.Sudo("sha256sum", earlier.Path), cancellationToken);
        transcript.Command(sum);
        if (!sum.Succeeded || !sum.Stdout.StartsWith(earlier.Sha256, StringComparison.Ordinal))
            return false;
        var now = await ReadNowAsync(shell, node, etcdctl, transcript, cancellationToken);
        var changed = Changes(earlier, now);
        transcript.Note(changed.Count == 0 ? $"no key under {EtcdV3.CalicoPrefix} changed since revision {earlier.Revision}" : $"changed since the dump: {string.Join(", ", changed.Take(5))}");
        return changed.Count == 0;
    }

    /// <summary>The keys under /calico/ now (keys only, with their revisions).</summary>
    internal static async Task<EtcdV3.Range> ReadNowAsync(INodeShell shell, NodeSpec node, Etcdctl etcdctl, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var now = (await shell.RunAsync(node, etcdctl.Command("get", "--prefix", EtcdV3.CalicoPrefix, "--keys-only", "-w", "json"), cancellationToken)).EnsureSuccess();
        transcript.Note($"{now.Command}: {now.Stdout.Length} bytes of JSON");
        return Parse(node, "etcdctl's answer", System.Text.Encoding.UTF8.GetBytes(now.Stdout));
    }

    /// <summary>Keys that are new or changed since <paramref name="dump"/> was read, or gone (deleted keys are no loss, but the dump no longer matches).</summary>
    internal static IReadOnlyList<string> Changes(EtcdV3Dump dump, EtcdV3.Range now) =>
        now.Kvs.Where(k => k.ModRevision > dump.Revision).Select(k => k.Key)
            .Concat(now.Kvs.Count == dump.Keys ? [] : [$"{dump.Keys} key(s) then, {now.Kvs.Count} now"])
            .ToList();

    private static EtcdV3.Range Parse(NodeSpec node, string what, byte[] json)
    {
        try
        {
            return EtcdV3.ParseJson(json);
        }
        catch (FormatException ex)
        {
            throw new NodeException(node.Name, $"{what}: {ex.Message}", retryable: false, ex);
        }
    }
}
