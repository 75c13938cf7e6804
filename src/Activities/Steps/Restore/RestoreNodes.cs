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
        var variables = ChildVariables(inventory, node,
            context.GetVariable<Dictionary<string, string>>(DowngradeVariables.Platforms)?.GetValueOrDefault(node.Name),
            context.GetVariable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.InstalledBefore)?.GetValueOrDefault(node.Name),
            context.GetVariable<Dictionary<string, PackageFiles.Saved>>(DowngradeVariables.PackageFiles)?.GetValueOrDefault(node.Name),
            context.GetUndo(node), context.GetVariable<string>(DowngradeVariables.Run)!, context.GetVariable<string>(RestoreVariables.RestoreOf)!);
        var created = await runner.CreateAsync(ChildDefinitionId, variables,
            new CreateInstanceOptions(Name: node.Name, ParentInstanceId: context.InstanceId, InstanceId: ChildId(context.InstanceId, node.Name)), cancellationToken);
        return created.InstanceId;
    }

    /// <summary>
    /// The variables of a <c>calico-restore-node</c> instance for <paramref name="node"/>: only what that node needs of
    /// the run (<paramref name="run"/>, whose backup folder it reads) and the records it undoes.
    /// </summary>
    public static Dictionary<string, JsonElement> ChildVariables(
        ClusterInventory inventory, NodeSpec node, string? platform, IReadOnlyDictionary<string, string>? installedBefore, PackageFiles.Saved? packageFiles,
        IReadOnlyList<UndoRecord> undo, string run, string restoreOf)
    {
        Dictionary<string, T> Only<T>(T? value) => value is null ? [] : new Dictionary<string, T> { [node.Name] = value };
        return new Dictionary<string, JsonElement>
        {
            [DowngradeVariables.Inventory] = JsonSerializer.SerializeToElement(inventory with { Nodes = [node] }, JsonSerializerOptions.Web),
            [DowngradeVariables.Platforms] = JsonSerializer.SerializeToElement(Only(platform)),
            [DowngradeVariables.InstalledBefore] = JsonSerializer.SerializeToElement(Only(installedBefore)),
            [DowngradeVariables.PackageFiles] = JsonSerializer.SerializeToElement(Only(packageFiles), JsonSerializerOptions.Web),
            [RestoreVariables.Undo] = JsonSerializer.SerializeToElement(new Dictionary<string, IReadOnlyList<UndoRecord>> { [node.Name] = undo }, JsonSerializerOptions.Web),
            [DowngradeVariables.Node] = JsonSerializer.SerializeToElement(node.Name),
            [DowngradeVariables.Run] = JsonSerializer.SerializeToElement(run),
            [RestoreVariables.RestoreOf] = JsonSerializer.SerializeToElement(restoreOf),
        };
    }
}
