using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>
/// First step of every compute node, and again on every resume: read what the node really is. Steps already done
/// (by hand or an earlier attempt) then say so; a state no step explains is drift, and stops this node.
/// </summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Probe the compute node",
    Description = "Reads the node's real state before its steps run (and again when resumed): installed Calico versions, felix.cfg, " +
                  "calico-felix version. A node whose calico-felix is neither 3.1 nor the locked 2.6 version is drift: it is reported and the node stops.")]
public sealed class ProbeComputeNode(NodeFactsReader facts, ILogger<ProbeComputeNode> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var node = context.GetNode();
        return await NodeWork.ForEachAsync("re-probe before the compute steps", [node], 1, logger, async (n, transcript, ct) =>
        {
            var platform = context.GetPlatform(n);
            var set = context.GetVersionSet(platform);
            var state = await facts.ReadAsync(n, platform, CalicoPackages.For(n, platform.Family), ct);
            transcript.Note("installed: " + state.Installed);
            transcript.Note($"felix.cfg: {(state.FelixConfig is null ? "missing" : FelixConfig.HasEtcdv3Datastore(state.FelixConfig) ? "has DatastoreType = etcdv3" : "no etcdv3 datastore line")}");
            if (state.FelixConfig is null)
                throw new NodeException(n.Name, $"drift: {FelixConfig.Path} is gone", retryable: false);
            var felix = state.Installed.GetValueOrDefault("calico-felix");
            var target = set.VersionOf("calico-felix");
            if (state.Installed.PartWay.Count > 0)
                return NodeOutcome.Done($"left part-way by an interrupted transaction ({string.Join("; ", state.Installed.PartWay.Values)}): the package step completes it");
            if (felix is null)
                throw new NodeException(n.Name, "drift: calico-felix is not installed", retryable: false);
            var upgraded = felix.Contains("3.1.", StringComparison.Ordinal);
            if (!upgraded && felix != target)
                throw new NodeException(n.Name, $"drift: calico-felix is at {felix}, which neither the 3.1 upgrade nor the 2.6 set ({target}) explains", retryable: false);
            return NodeOutcome.Done(upgraded ? "at 3.1, to be downgraded" : "calico-felix already at 2.6; remaining steps check themselves");
        }, cancellationToken);
    }
}
