using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Activities.Steps.Restore;

/// <summary>
/// A restore's nodes: one child instance (<c>calico-restore-node</c>) per node, compute nodes first (at most
/// fanOut.parallel at a time), control nodes last. Each child has its own checkpoints; running this step again (a
/// resume) continues every child where it stopped and leaves finished ones alone.
/// </summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Restore the nodes",
    Description = "Restore: a child instance (calico-restore-node) per node to restore, compute nodes first, at most fanOut.parallel at a time, " +
                  "control nodes last. Each runs the undo of what the run did there: sources, packages, files, services, then a check against " +
                  "the preflight record. Faults naming the nodes that did not finish; a resume continues them.")]
public sealed class RestoreNodes(IWorkflowRunner runner, ILogger<RestoreNodes> logger) : IActivity
{
    public const string ChildDefinitionId = "calico-restore-node";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var names = context.GetVariable<List<string>>(RestoreVariables.Nodes) ?? [];
        if (names.Count == 0)
            return ActivityResult.Completed("No node to restore.");
        var nodes = names.Select(inventory.Node).ToList();
        var children = new Dictionary<string, string>();
        foreach (var node in nodes)
            children[node.Name] = await EnsureChildAsync(context, inventory, node, cancellationToken);

        var outcomes = new Dictionary<string, RunOutcome>();
        async Task RunAsync(IEnumerable<NodeSpec> group, int parallel) =>
            await Parallel.ForEachAsync(group, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken }, async (node, ct) =>
            {
                var outcome = await runner.RunAsync(children[node.Name], ct);
                lock (outcomes)
                    outcomes[node.Name] = outcome;
                logger.LogInformation("Restore of {Node}: {Outcome}", node.Name, outcome.Describe());
            });
        await RunAsync(nodes.Where(n => !n.Is(NodeRole.Control)), inventory.FanOut.Parallel);
        await RunAsync(nodes.Where(n => n.Is(NodeRole.Control)), 1);

        var output = string.Join('\n', nodes.Select(n => $"{n.Name}: {outcomes[n.Name].Describe()} (instance {children[n.Name]})")) + "\n";
        var failed = nodes.Where(n => outcomes[n.Name].Status != InstanceStatus.Finished).ToList();
        var results = nodes.Select(n => failed.Contains(n)
            ? NodeResult.Failed(n.Name, outcomes[n.Name].Describe())
            : NodeResult.Done(n.Name, "restored to its state before the run")).ToList();
        var result = failed.Count == 0
            ? ActivityResult.Completed(output)
            : ActivityResult.Fault($"{failed.Count} of {nodes.Count} node(s) were not restored: {string.Join("; ", failed.Select(n => $"{n.Name} ({outcomes[n.Name].Describe()})"))}", output);
        return result with { Nodes = results };
    }

    /// <summary>The same restore and node always give the same child, so a resume never starts a second one.</summary>
    public static string ChildId(string parentInstanceId, string node) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{parentInstanceId}/restore/{node}"))[..16]);

    private async Task<string> EnsureChildAsync(ActivityContext context, ClusterInventory inventory, NodeSpec node, CancellationToken cancellationToken)
    {
        Dictionary<string, T> Only<T>(string variable) => (context.GetVariable<Dictionary<string, T>>(variable) ?? []).Where(v => v.Key == node.Name).ToDictionary();
        var variables = new Dictionary<string, JsonElement>
        {
            [DowngradeVariables.Inventory] = JsonSerializer.SerializeToElement(inventory with { Nodes = [node] }, JsonSerializerOptions.Web),
            [DowngradeVariables.Platforms] = JsonSerializer.SerializeToElement(Only<string>(DowngradeVariables.Platforms)),
            [DowngradeVariables.InstalledBefore] = JsonSerializer.SerializeToElement(Only<Dictionary<string, string>>(DowngradeVariables.InstalledBefore)),
            [RestoreVariables.Undo] = JsonSerializer.SerializeToElement(Only<List<UndoRecord>>(RestoreVariables.Undo), JsonSerializerOptions.Web),
            [DowngradeVariables.Node] = JsonSerializer.SerializeToElement(node.Name),
            [DowngradeVariables.Run] = JsonSerializer.SerializeToElement(context.GetVariable<string>(DowngradeVariables.Run)),
            [RestoreVariables.RestoreOf] = JsonSerializer.SerializeToElement(context.GetVariable<string>(RestoreVariables.RestoreOf)),
        };
        var created = await runner.CreateAsync(ChildDefinitionId, variables,
            new CreateInstanceOptions(Name: node.Name, ParentInstanceId: context.InstanceId, InstanceId: ChildId(context.InstanceId, node.Name)), cancellationToken);
        return created.InstanceId;
    }
}
