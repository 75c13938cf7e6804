using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>What <c>calico-upgrade abort</c> does: set the etcdv2 key /calico/v1/Ready back to true on the v2 cluster.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Set /calico/v1/Ready back to true",
    Description = "Right after preflight, before any package changes: calico-upgrade start sets the v2 key /calico/v1/Ready to false, and " +
                  "Felix 2.6 treats that as 'datastore not ready' and keeps restarting; nothing of 3.1 reads it. On the v2 cluster (etcd.v2, " +
                  "ETCDCTL_API=2): /calico/v1/config must exist (otherwise it is not Calico 2.6's datastore), then Ready is set to true if it " +
                  "is not, as calico-upgrade abort does.")]
public sealed class ResetCalicoReadyFlag(INodeShell shell, ILogger<ResetCalicoReadyFlag> logger) : IActivity
{
    public const string ReadyKey = "/calico/v1/Ready";
    public const string ConfigKey = "/calico/v1/config";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        if (Skipping.Check(inventory, SkipStep.ReadyFlag, $"{ReadyKey} is neither read nor set; Felix 2.6 restarts itself while it is false") is { } skipped)
            return skipped;
        var etcd = Skipping.Etcd(inventory, SkipStep.ReadyFlag);
        return await NodeWork.ForEachAsync($"{ReadyKey} back to true on the v2 cluster (calico-upgrade abort)", [inventory.Node(etcd.RunOn)], 1, logger, async (node, transcript, ct) =>
        {
            var etcdctl = Etcdctl.V2(etcd);
            transcript.Note($"v2 cluster: {etcdctl.Endpoints}");
            var config = await shell.RunAsync(node, etcdctl.Command("ls", ConfigKey), ct);
            transcript.Command(config);
            if (config.ExitStatus != 0 && NotFound(config))
            {
                throw new NodeException(node.Name,
                    $"the v2 cluster at {etcdctl.Endpoints} has no {ConfigKey}: it is not Calico 2.6's datastore. etcd.v2 must name the cluster " +
                    "Calico 2.6 ran on (calico-upgrade's v1 side, apiconfigv1.cfg)", retryable: false);
            }

            config.EnsureSuccess();
            var get = await shell.RunAsync(node, etcdctl.Command("get", ReadyKey), ct);
            transcript.Command(get);
            var value = get.ExitStatus != 0 && NotFound(get) ? null : get.EnsureSuccess().Stdout.Trim();
            if (value == "true")
                return NodeOutcome.AlreadyDone($"{ReadyKey} is true");
            transcript.Undo(new UndoRecord(UndoRecord.Key, ReadyKey) { Before = value });
            transcript.Command((await shell.RunAsync(node, etcdctl.Command("set", ReadyKey, "true"), ct)).EnsureSuccess());
            var check = (await shell.RunAsync(node, etcdctl.Command("get", ReadyKey), ct)).EnsureSuccess();
            transcript.Command(check);
            return check.Stdout.Trim() == "true" ? NodeOutcome.Done($"{ReadyKey}: {value ?? "missing"} -> true")
                : throw new NodeException(node.Name, $"{ReadyKey} reads '{check.Stdout.Trim()}' after setting it to true", retryable: false);
        }, cancellationToken);
    }

    /// <summary>etcdctl v2 prints "Error:  100: Key not found (/key) [index]" on stderr (ctlv2/command/error.go handleError, the v2 error 100).</summary>
    internal static bool NotFound(CommandResult result) => result.Stderr.Contains("100: Key not found", StringComparison.Ordinal);
}
