using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Contracts;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using IPublishEndpoint = MassTransit.IPublishEndpoint;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Which compute nodes a fan-out covers: the canaries (the first fanOut.canary nodes), the rest, or all.</summary>
public enum ComputeSelection
{
    All,
    Canary,
    Remaining,
}

/// <summary>
/// Runbook step 4 on many nodes: one child instance per compute node, dispatched as messages, at most fanOut.parallel at a
/// time, no new node once more than fanOut.maxFailures have failed. The instance waits until every dispatched node has
/// ended; resuming it re-dispatches nodes whose runner died, and a fresh run retries nodes that faulted.
/// </summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Downgrade compute nodes",
    Description = "Runbook step 4, fanned out: a child instance (calico-downgrade-compute-node) per compute node, at most fanOut.parallel at a time, " +
                  "canary nodes first when split, stopping new nodes after fanOut.maxFailures failures. Waits until every node has ended.")]
public sealed class DowngradeComputeNodes(IWorkflowRunner runner, IWorkflowInstances instances, IPublishEndpoint publish, ILogger<DowngradeComputeNodes> logger) : IActivity
{
    public const string Bookmark = "compute-nodes";
    public const string ChildDefinitionId = "calico-downgrade-compute-node";

    [ActivityInput(Hint = "Canary: the first fanOut.canary compute nodes; Remaining: the others; All: every compute node.", DefaultValue = ComputeSelection.All)]
    public ComputeSelection Selection { get; set; } = ComputeSelection.All;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var nodes = Select(inventory);
        if (nodes.Count == 0)
            return ActivityResult.Completed($"No compute nodes in '{Selection}'.");

        // Every resume (each node that ends) comes through here: children that exist are read once, not created again.
        var existing = await instances.ListChildrenAsync(context.InstanceId, cancellationToken);
        var (children, created) = await EnsureChildrenAsync(context, nodes, existing.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);
        if (created)
            existing = await instances.ListChildrenAsync(context.InstanceId, cancellationToken);
        var key = $"fanOut:{context.ActivityId}";
        var dispatched = context.IsResuming ? context.GetVariable<HashSet<string>>(key) ?? [] : [];
        var restarted = context.ResumePayload is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("restarted", out _);
        var statuses = existing.Where(c => children.ContainsKey(c.Id)).ToDictionary(c => c.Id);

        bool Ended(InstanceSummary s) => s.Status is InstanceStatus.Finished or InstanceStatus.Faulted or InstanceStatus.Cancelled;
        // fanOut.onNodeFailure: restore: a faulted node is not done with until its restore has ended.
        var restoring = inventory.FanOut.OnNodeFailure == NodeFailureAction.Restore
            ? await RestoringAsync(dispatched.Where(id => statuses[id].Status == InstanceStatus.Faulted), statuses, cancellationToken)
            : [];
        if (!context.IsResuming || restarted)
            await RewindPendingAsync(children, statuses.Where(s => !restoring.Contains(s.Key)).ToDictionary(), cancellationToken);
        var failed = dispatched.Where(id => statuses[id].Status is InstanceStatus.Faulted or InstanceStatus.Cancelled).ToList();
        var inFlight = dispatched.Where(id => !Ended(statuses[id]) || restoring.Contains(id)).ToList();
        if (restarted)
        {
            foreach (var id in inFlight)
                await publish.Publish(new RunComputeNode(context.InstanceId, id), cancellationToken); // their messages died with the last runner
        }

        if (failed.Count <= inventory.FanOut.MaxFailures)
        {
            var room = Math.Max(0, inventory.FanOut.Parallel - inFlight.Count);
            foreach (var id in children.Keys.Where(id => statuses[id].Status != InstanceStatus.Finished && !dispatched.Contains(id)).Take(room).ToList())
            {
                dispatched.Add(id);
                inFlight.Add(id);
                await publish.Publish(new RunComputeNode(context.InstanceId, id), cancellationToken);
            }
        }

        context.SetVariable(key, dispatched);
        var progress = Progress(children, statuses, dispatched);
        if (inFlight.Count > 0)
            return ActivityResult.Wait(Bookmark, progress);
        var notDone = children.Keys.Where(id => statuses[id].Status != InstanceStatus.Finished).ToList();
        if (notDone.Count == 0)
            return ActivityResult.Completed(progress);
        logger.LogError("{Failed} compute node(s) failed", notDone.Count);
        var restores = inventory.FanOut.OnNodeFailure == NodeFailureAction.Restore ? await RestoresAsync(children, notDone, cancellationToken) : "";
        return ActivityResult.Fault(
            $"{notDone.Count} of {children.Count} compute node(s) did not finish: {string.Join("; ", notDone.Select(id => $"{children[id]} ({Describe(statuses[id])})"))}{restores}",
            progress + restores.TrimStart('.', ' ') + (restores.Length > 0 ? "\n" : ""));
    }

    /// <summary>The faulted children whose restore (<see cref="RestoreOnFailureId"/>) has not started or not ended yet.</summary>
    private async Task<HashSet<string>> RestoringAsync(IEnumerable<string> faulted, Dictionary<string, InstanceSummary> statuses, CancellationToken cancellationToken)
    {
        var pending = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in faulted)
        {
            var restore = statuses[id].FaultedAt is { } at ? await instances.FindAsync(RestoreOnFailureId(id, at), cancellationToken) : null;
            if (restore is null || restore.Status is InstanceStatus.Running or InstanceStatus.Suspended)
                pending.Add(id);
        }

        return pending;
    }

    /// <summary>
    /// The <c>calico-restore-node</c> instance that puts a faulted node back with <c>fanOut.onNodeFailure: restore</c>:
    /// one per fault of the node's child instance, so a message delivered again continues it, and a later fault (after a
    /// resume retried the node) gets its own.
    /// </summary>
    public static string RestoreOnFailureId(string childInstanceId, DateTime faultedAt) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{childInstanceId}/on-failure/{faultedAt.ToUniversalTime().Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))[..16]);

    /// <summary>
    /// With <c>fanOut.onNodeFailure: restore</c>: which of the failed nodes were put back on 3.1 (the newest
    /// <c>calico-restore-node</c> under each), and which restores did not finish.
    /// </summary>
    private async Task<string> RestoresAsync(Dictionary<string, string> children, List<string> failed, CancellationToken cancellationToken)
    {
        var restored = new List<string>();
        var notRestored = new List<string>();
        foreach (var id in failed)
        {
            var restore = (await instances.ListChildrenAsync(id, cancellationToken))
                .Where(c => c.DefinitionId == Restore.RestoreNodes.ChildDefinitionId).MaxBy(c => c.CreatedAt);
            if (restore?.Status == InstanceStatus.Finished)
                restored.Add(children[id]);
            else
                notRestored.Add($"{children[id]} ({(restore is null ? "no restore ran" : $"restore {restore.Id} {Describe(restore)}")})");
        }

        return (restored.Count > 0 ? $". Restored to 3.1 (fanOut.onNodeFailure: restore): {string.Join(", ", restored)}" : "") +
               (notRestored.Count > 0 ? $". Not restored: {string.Join("; ", notRestored)}" : "");
    }

    /// <summary>
    /// A node that faulted or whose runner died starts again at its probe: its real state is read first, steps
    /// already satisfied say so, and drift stops it, rather than blindly repeating the step where it stopped.
    /// </summary>
    private async Task RewindPendingAsync(Dictionary<string, string> children, Dictionary<string, InstanceSummary> statuses, CancellationToken cancellationToken)
    {
        foreach (var (id, summary) in statuses)
        {
            var interrupted = summary.Status == InstanceStatus.Running && summary.LastExecutedAt is not null;
            if (summary.Status != InstanceStatus.Faulted && !interrupted)
                continue;
            try
            {
                await runner.RewindAsync(id, cancellationToken);
                logger.LogInformation("{Node} will be probed again before its remaining steps", children[id]);
            }
            catch (InstanceLeasedException)
            {
                // another runner still drives this node; leave it to that runner
            }
        }
    }

    /// <summary>The same parent and node always give the same child, so a re-run never starts a second one.</summary>
    public static string ChildId(string parentInstanceId, string node) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{parentInstanceId}/{node}"))[..16]);

    private List<NodeSpec> Select(ClusterInventory inventory)
    {
        var compute = inventory.ComputeNodes.ToList();
        var canary = Math.Min(inventory.FanOut.Canary, compute.Count);
        return Selection switch
        {
            ComputeSelection.Canary => compute[..canary],
            ComputeSelection.Remaining => compute[canary..],
            _ => compute,
        };
    }

    /// <summary>The child of each node, by id; those not in <paramref name="existing"/> are created (true when any was).</summary>
    private async Task<(Dictionary<string, string> Children, bool Created)> EnsureChildrenAsync(
        ActivityContext context, List<NodeSpec> nodes, HashSet<string> existing, CancellationToken cancellationToken)
    {
        var children = nodes.ToDictionary(n => ChildId(context.InstanceId, n.Name), n => n.Name);
        var missing = nodes.Where(n => !existing.Contains(ChildId(context.InstanceId, n.Name))).ToList();
        if (missing.Count > 0)
            await CreateChildrenAsync(context, missing, cancellationToken);
        return (children, missing.Count > 0);
    }

    private async Task CreateChildrenAsync(ActivityContext context, List<NodeSpec> nodes, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var platforms = context.GetVariable<Dictionary<string, string>>(DowngradeVariables.Platforms) ?? [];
        var versionSets = context.GetVariable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.VersionSets) ?? [];
        var installedBefore = context.GetVariable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.InstalledBefore) ?? [];
        var prepared = DowngradeVariables.PreparedInClusterFlow(inventory, platforms).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            // Each child keeps only what its node needs, so a large cluster does not store its inventory once per node.
            var platform = platforms.GetValueOrDefault(node.Name) ?? "";
            var variables = new Dictionary<string, JsonElement>
            {
                [DowngradeVariables.Inventory] = JsonSerializer.SerializeToElement(inventory with { Nodes = [node] }, JsonSerializerOptions.Web),
                [DowngradeVariables.Platforms] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { [node.Name] = platform }),
                [DowngradeVariables.VersionSets] = JsonSerializer.SerializeToElement(versionSets.Where(v => v.Key == platform).ToDictionary()),
                [DowngradeVariables.Node] = JsonSerializer.SerializeToElement(node.Name),
                [DowngradeVariables.Run] = JsonSerializer.SerializeToElement(context.InstanceId),
                [DowngradeVariables.InstalledBefore] = JsonSerializer.SerializeToElement(installedBefore.Where(v => v.Key == node.Name).ToDictionary()),
                [DowngradeVariables.RepositoryPrepared] = JsonSerializer.SerializeToElement(prepared.Contains(node.Name)),
            };
            await runner.CreateAsync(ChildDefinitionId, variables,
                new CreateInstanceOptions(Name: node.Name, ParentInstanceId: context.InstanceId, InstanceId: ChildId(context.InstanceId, node.Name)), cancellationToken);
        }
    }

    private static string Progress(Dictionary<string, string> children, Dictionary<string, InstanceSummary> statuses, HashSet<string> dispatched) =>
        string.Join('\n', children.Select(c => $"{c.Value}: {(dispatched.Contains(c.Key) || statuses[c.Key].Status != InstanceStatus.Running ? Describe(statuses[c.Key]) : "waiting for a slot")}")) + "\n";

    private static string Describe(InstanceSummary child) => child.Status switch
    {
        InstanceStatus.Faulted => $"faulted at {child.FaultActivityId}: {child.FaultMessage}",
        InstanceStatus.Running => child.CurrentActivityId is null ? "running" : $"running {child.CurrentActivityId}",
        _ => child.Status.ToString().ToLowerInvariant(),
    };
}
