using System.Text.Json;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Runtime;

namespace Saga.Workflows;

/// <summary>Creates a downgrade instance of an inventory: the one way the command line, the bus and the API start one.</summary>
public sealed class DowngradeLauncher(IWorkflowRunner runner)
{
    /// <summary>
    /// Creates the instance (not yet run). With <paramref name="instanceId"/> given, a second call with the same id
    /// returns the instance the first created, with <see cref="CreatedInstance.Existed"/> set.
    /// </summary>
    public Task<CreatedInstance> CreateAsync(ClusterInventory inventory, string? name, string? instanceId, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, JsonElement> { [DowngradeVariables.Inventory] = InventoryVariable(inventory) };
        var options = new CreateInstanceOptions(Name: name ?? Path.GetFileNameWithoutExtension(inventory.SourcePath), InstanceId: instanceId);
        return runner.CreateAsync(CalicoDowngradeFlow.DefinitionId, variables, options, cancellationToken);
    }

    /// <summary>The inventory as the downgrade's steps read it from their <c>inventory</c> variable.</summary>
    public static JsonElement InventoryVariable(ClusterInventory inventory) => JsonSerializer.SerializeToElement(inventory, JsonSerializerOptions.Web);
}
