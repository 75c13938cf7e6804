using System.Text.Json;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Instances;

namespace Saga.Host.Cli;

/// <summary>The end of a downgrade: one row per node with its role, state, last step and time.</summary>
internal static class SummaryTable
{
    public static async Task WriteAsync(IWorkflowInstances instances, string instanceId, TextWriter output, CancellationToken cancellationToken)
    {
        var details = await instances.GetAsync(instanceId, cancellationToken);
        if (details is null || !TryInventory(details.VariablesJson, out var inventory))
            return;
        var parent = details.Summary;
        var children = (await instances.ListChildrenAsync(instanceId, cancellationToken)).ToDictionary(c => c.Name ?? c.Id);
        var controlDone = details.Journal.Any(j => j.ActivityId == "restart-neutron" && j.EventName == "Executed");
        var table = new TextTable("NODE", "ROLE", "STATE", "STEP", "TOOK", "NOTE");
        foreach (var node in inventory.Nodes)
        {
            if (node.Is(NodeRole.Compute) && children.TryGetValue(node.Name, out var child))
            {
                var ended = child.FinishedAt ?? child.FaultedAt ?? child.LastExecutedAt ?? child.CreatedAt;
                table.Add(node.Name, node.RoleText, child.Status.ToString(), child.FaultActivityId ?? child.CurrentActivityId ?? "done",
                    Formats.Duration(ended - child.CreatedAt), child.FaultMessage);
            }
            else if (node.Is(NodeRole.Compute))
            {
                table.Add(node.Name, node.RoleText, "not started", "", "", null);
            }
            else
            {
                table.Add(node.Name, "control", controlDone ? "Finished" : parent.Status.ToString(), controlDone ? "done" : parent.FaultActivityId ?? parent.CurrentActivityId, "",
                    controlDone ? null : parent.FaultMessage);
            }
        }

        output.WriteLine();
        table.WriteTo(output);
        output.WriteLine();
    }

    /// <summary>The downgrade's inventory, from its variables.</summary>
    internal static bool TryInventory(string variablesJson, out ClusterInventory inventory)
    {
        inventory = null!;
        using var document = JsonDocument.Parse(variablesJson);
        if (!document.RootElement.TryGetProperty(DowngradeVariables.Inventory, out var value))
            return false;
        inventory = value.Deserialize<ClusterInventory>(JsonSerializerOptions.Web)!;
        return true;
    }
}
