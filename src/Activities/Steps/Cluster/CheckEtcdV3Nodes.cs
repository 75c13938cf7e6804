using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Every node the migrated data knows is one this run downgraded: the delete must not strand a node nobody looked at.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Check the nodes etcdv3 knows",
    Description = "Lists /calico/resources/v3/projectcalico.org/nodes/ on the v3 cluster (ETCDCTL_API=3, keys only). Each NAME must be the " +
                  "Calico name of a node of the inventory (felix.cfg's FelixHostname, else its hostname, both recorded at preflight), " +
                  "which the live probe before has verified. An unknown node stops the run, named: it may still run Calico 3.1.")]
public sealed class CheckEtcdV3Nodes(INodeShell shell, ILogger<CheckEtcdV3Nodes> logger) : IActivity
{
    public const string NodesPrefix = "/calico/resources/v3/projectcalico.org/nodes/";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        if (Skipping.Check(inventory, SkipStep.EtcdCleanup, "the nodes etcdv3 knows are not compared with the inventory") is { } skipped)
            return skipped;
        var etcd = Skipping.Etcd(inventory, SkipStep.EtcdCleanup);
        var names = context.GetVariable<Dictionary<string, CalicoName>>(DowngradeVariables.CalicoNames)
                    ?? throw new InvalidOperationException("no Calico names recorded; preflight must run first");
        return await NodeWork.ForEachAsync("the nodes etcdv3 knows are the inventory's", [inventory.Node(etcd.RunOn)], 1, logger, async (node, transcript, ct) =>
        {
            var list = (await shell.RunAsync(node, Etcdctl.V3(etcd).Command("get", NodesPrefix, "--prefix", "--keys-only"), ct)).EnsureSuccess();
            transcript.Command(list);
            var known = EtcdV3.Keys(list.Stdout).Where(k => k.StartsWith(NodesPrefix, StringComparison.Ordinal)).Select(k => k[NodesPrefix.Length..]).ToList();
            var byName = names.GroupBy(n => n.Value.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
            var unknown = known.Where(k => !byName.ContainsKey(k)).ToList();
            foreach (var name in known.Where(byName.ContainsKey))
                transcript.Note($"{name}: node {byName[name]} of the inventory, verified");
            if (unknown.Count > 0)
            {
                throw new NodeException(node.Name,
                    $"etcdv3 knows node(s) the inventory does not: {string.Join(", ", unknown)} ({NodesPrefix}NAME). Such a node may still run Calico 3.1 " +
                    "and lose its data with the delete: add it to the inventory (its name in Calico is FelixHostname, else its hostname), or remove it from Calico first",
                    retryable: false);
            }

            return NodeOutcome.Done($"{known.Count} node(s) in etcdv3, each in the inventory and verified");
        }, cancellationToken);
    }
}
