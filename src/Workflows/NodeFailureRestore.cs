using System.Text.Json;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Restore;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Workflows;

/// <summary>
/// <c>fanOut.onNodeFailure: restore</c>: a compute node whose downgrade faulted is put back on 3.1 at once, by a
/// <c>calico-restore-node</c> instance under the node's own (the undo its run and its steps recorded), before the fan-out
/// hears that the node ended. The node still counts as failed; the run ends Faulted naming it.
/// </summary>
public sealed class NodeFailureRestore(IWorkflowRunner runner, IWorkflowInstances instances, ILogger<NodeFailureRestore> logger)
{
    /// <summary>
    /// Restores the node of <paramref name="childInstanceId"/> when it faulted and its inventory asks for it; null when
    /// nothing was to do. One restore per fault (<see cref="DowngradeComputeNodes.RestoreOnFailureId"/>): a message
    /// delivered again continues the same one; the fan-out waits for it before it counts the node as ended.
    /// </summary>
    public async Task<RunOutcome?> RestoreIfAskedAsync(string runId, string childInstanceId, CancellationToken cancellationToken)
    {
        var child = await instances.GetAsync(childInstanceId, cancellationToken);
        if (child is not { Summary: { Status: InstanceStatus.Faulted, FaultedAt: { } faultedAt } })
            return null;
        using var variables = JsonDocument.Parse(child.VariablesJson);
        var root = variables.RootElement;
        if (!root.TryGetProperty(DowngradeVariables.Inventory, out var inventoryJson)
            || inventoryJson.Deserialize<ClusterInventory>(JsonSerializerOptions.Web) is not { FanOut.OnNodeFailure: NodeFailureAction.Restore } inventory
            || !root.TryGetProperty(DowngradeVariables.Node, out var nodeName) || nodeName.GetString() is not { } name)
            return null;
        var run = await instances.GetAsync(runId, cancellationToken) ?? throw InstanceNotFoundException.For(runId);
        var node = inventory.Node(name);
        var undo = RunUndo.From(run.Journal.Concat(child.Journal).OrderBy(e => e.StartedAt).ThenBy(e => e.Sequence)).Nodes.GetValueOrDefault(name) ?? [];
        var versions = Of(root, DowngradeVariables.InstalledBefore, name)?.Deserialize<Dictionary<string, string>>();
        var platform = Of(root, DowngradeVariables.Platforms, name)?.GetString();

        using var runVariables = JsonDocument.Parse(run.VariablesJson);
        var saved = Of(runVariables.RootElement, DowngradeVariables.PackageFiles, name)?.Deserialize<PackageFiles.Saved>(JsonSerializerOptions.Web);
        var restoreVariables = RestoreNodes.ChildVariables(inventory, node, platform, versions, saved, undo, runId, runId);
        restoreVariables[Actor.StartedByVariable] = JsonSerializer.SerializeToElement(
            Actor.Saga($"fanOut.onNodeFailure: restore, after {name} faulted at {child.Summary.FaultActivityId}"), JsonSerializerOptions.Web);
        var restore = await runner.CreateAsync(RestoreNodes.ChildDefinitionId, restoreVariables,
            new CreateInstanceOptions(Name: $"restore of {name}", CorrelationId: runId, ParentInstanceId: childInstanceId, InstanceId: DowngradeComputeNodes.RestoreOnFailureId(childInstanceId, faultedAt)),
            cancellationToken);
        logger.LogWarning("{Node} faulted; fanOut.onNodeFailure: restore puts it back on 3.1 (instance {RestoreId})", name, restore.InstanceId);
        var outcome = await runner.RunAsync(restore.InstanceId, cancellationToken);
        logger.LogInformation("Restore of {Node} after its failure: {Outcome}", name, outcome.Describe());
        return outcome;
    }

    /// <summary>The node's entry in a variable that maps node names to values, as the child instance holds it.</summary>
    private static JsonElement? Of(JsonElement variables, string variable, string node) =>
        variables.TryGetProperty(variable, out var all) && all.ValueKind == JsonValueKind.Object && all.TryGetProperty(node, out var value) ? value : null;
}
