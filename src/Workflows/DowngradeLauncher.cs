using System.Text.Json;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Workflows;

/// <summary>
/// Creates a downgrade instance of an inventory: the one way the command line, the bus and the API start one. One run
/// per cluster: a run whose nodes (host and port) overlap one that has not ended (running, waiting, faulted or
/// interrupted: anything but Finished and Cancelled) is refused, naming it, unless forced; a forced start is journalled
/// by its preflight.
/// </summary>
public sealed class DowngradeLauncher(IWorkflowRunner runner, IWorkflowInstances instances)
{
    private static readonly InstanceStatus[] NotEnded = [InstanceStatus.Running, InstanceStatus.Suspended, InstanceStatus.Faulted];

    /// <summary>
    /// Creates the instance (not yet run). With <paramref name="instanceId"/> given, a second call with the same id
    /// returns the instance the first created, with <see cref="CreatedInstance.Existed"/> set. Overlapping runs refuse it with <see cref="InstanceStateException"/>
    /// unless <paramref name="force"/>.
    /// </summary>
    public Task<CreatedInstance> CreateAsync(ClusterInventory inventory, string? name, string? instanceId, bool force, CancellationToken cancellationToken) =>
        CreateAsync(inventory, name, instanceId, force, startedBy: null, cancellationToken);

    /// <summary>As <see cref="CreateAsync(ClusterInventory, string?, string?, bool, CancellationToken)"/>, keeping who started it (for the report).</summary>
    public async Task<CreatedInstance> CreateAsync(ClusterInventory inventory, string? name, string? instanceId, bool force, Actor? startedBy, CancellationToken cancellationToken)
    {
        var variables = await VariablesAsync(inventory, instanceId, force, startedBy, cancellationToken);
        var options = new CreateInstanceOptions(Name: name ?? Path.GetFileNameWithoutExtension(inventory.SourcePath), InstanceId: instanceId);
        return await runner.CreateAsync(CalicoDowngradeFlow.DefinitionId, variables, options, cancellationToken);
    }

    /// <summary>
    /// The variables a run of <paramref name="inventory"/> starts with: the inventory, and what a forced start overrode.
    /// Throws <see cref="InstanceStateException"/> naming the runs it overlaps, unless <paramref name="force"/>.
    /// </summary>
    /// <param name="inventory">The cluster.</param>
    /// <param name="instanceId">The id the new run will have, when chosen by the caller (a repeated start is not its own overlap).</param>
    /// <param name="force">Start anyway.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    public Task<Dictionary<string, JsonElement>> VariablesAsync(ClusterInventory inventory, string? instanceId, bool force, CancellationToken cancellationToken) =>
        VariablesAsync(inventory, instanceId, force, startedBy: null, cancellationToken);

    /// <summary>As <see cref="VariablesAsync(ClusterInventory, string?, bool, CancellationToken)"/>, with who starts the run (<see cref="Actor.StartedByVariable"/>).</summary>
    /// <param name="inventory">The cluster.</param>
    /// <param name="instanceId">The id the new run will have, when chosen by the caller.</param>
    /// <param name="force">Start anyway.</param>
    /// <param name="startedBy">Who starts it; null when not known.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    public async Task<Dictionary<string, JsonElement>> VariablesAsync(ClusterInventory inventory, string? instanceId, bool force, Actor? startedBy, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, JsonElement> { [DowngradeVariables.Inventory] = InventoryVariable(inventory) };
        if (startedBy is not null)
            variables[Actor.StartedByVariable] = JsonSerializer.SerializeToElement(startedBy, JsonSerializerOptions.Web);
        var overlaps = await OverlapsAsync(inventory, instanceId, cancellationToken);
        if (overlaps.Count == 0)
            return variables;
        var described = string.Join("; ", overlaps);
        if (!force)
        {
            throw new InstanceStateException(
                $"another run has not ended on nodes of this cluster: {described}. One run per cluster: finish, resume or cancel it " +
                "(saga cancel ID), or start anyway with --force");
        }

        variables[DowngradeVariables.ForcedOver] = JsonSerializer.SerializeToElement($"it overlaps {described}");
        return variables;
    }

    /// <summary>The inventory as the downgrade's steps read it from their <c>inventory</c> variable.</summary>
    public static JsonElement InventoryVariable(ClusterInventory inventory) => JsonSerializer.SerializeToElement(inventory, JsonSerializerOptions.Web);

    /// <summary>"instance ID (name, Status at step) on node, node": each run that has not ended and shares a node address.</summary>
    private async Task<List<string>> OverlapsAsync(ClusterInventory inventory, string? instanceId, CancellationToken cancellationToken)
    {
        var addresses = inventory.Nodes.ToDictionary(n => (n.Host.ToLowerInvariant(), n.Ssh.Port), n => n.Name);
        var overlaps = new List<string>();
        foreach (var status in NotEnded)
        {
            for (var skip = 0; ; skip += 200)
            {
                var page = await instances.QueryAsync(new InstanceQuery { Status = status, Skip = skip, Take = 200 }, cancellationToken);
                foreach (var summary in page.Items.Where(i => i.Id != instanceId))
                {
                    if (await instances.GetAsync(summary.Id, cancellationToken) is not { } details || Nodes(details.VariablesJson) is not { } nodes)
                        continue;
                    var shared = nodes.Where(n => addresses.ContainsKey((n.Host.ToLowerInvariant(), n.Ssh.Port))).Select(n => $"{n.Host}:{n.Ssh.Port}").ToList();
                    if (shared.Count > 0)
                        overlaps.Add($"instance {summary.Id} ({summary.Name ?? summary.DefinitionId}, {State(summary)}) on {string.Join(", ", shared)}");
                }

                if (page.Items.Count < 200)
                    break;
            }
        }

        return overlaps;
    }

    private static IReadOnlyList<NodeSpec>? Nodes(string variablesJson)
    {
        try
        {
            using var document = JsonDocument.Parse(variablesJson);
            return document.RootElement.TryGetProperty(DowngradeVariables.Inventory, out var inventory)
                ? inventory.Deserialize<ClusterInventory>(JsonSerializerOptions.Web)?.Nodes
                : null;
        }
        catch (JsonException)
        {
            return null; // not an inventory saga wrote (an edited flow's own variable): no nodes to compare
        }
    }

    private static string State(InstanceSummary summary) => summary.Status switch
    {
        InstanceStatus.Faulted => $"faulted at {summary.FaultActivityId}",
        InstanceStatus.Suspended => $"waiting at {summary.CurrentActivityId}",
        _ => summary.CurrentActivityId is null ? "running" : $"running {summary.CurrentActivityId}",
    };
}
