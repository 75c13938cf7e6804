using System.Text.Json;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Steps.Restore;
using Saga.Activities.Text;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Workflows;

/// <summary>A restore as planned: what it will undo, on which nodes, in which order, and the instance's variables.</summary>
/// <param name="RunId">The run it compensates.</param>
/// <param name="RunName">The run's name.</param>
/// <param name="Nodes">The nodes to restore, compute nodes first, control nodes last.</param>
/// <param name="Undo">What the run recorded to undo.</param>
/// <param name="EtcdV3Data">The etcdv3 data to put back first (a whole-cluster restore after the delete).</param>
/// <param name="ReadyFlag">The Ready flag to set back last (a whole-cluster restore).</param>
/// <param name="Variables">The restore instance's variables.</param>
public sealed record RestorePlan(
    string RunId, string? RunName, IReadOnlyList<NodeSpec> Nodes, RunUndo Undo, UndoRecord? EtcdV3Data, UndoRecord? ReadyFlag, IReadOnlyDictionary<string, JsonElement> Variables)
{
    /// <summary>The plan as steps with what each does per node, as <c>saga plan</c> prints them, each node with its platform as preflight found it.</summary>
    public IReadOnlyList<PlannedStep> Steps() =>
        Steps(Variables.TryGetValue(DowngradeVariables.Platforms, out var p) ? p.Deserialize<Dictionary<string, string>>() ?? [] : []);

    /// <summary>The plan as steps with what each does per node, as <c>saga plan</c> prints them.</summary>
    public IReadOnlyList<PlannedStep> Steps(IReadOnlyDictionary<string, string> platforms)
    {
        var steps = new List<PlannedStep>();
        if (EtcdV3Data is { } dump)
        {
            steps.Add(new("restore-etcdv3", $"Put the keys under {dump.Target} back into etcdv3", [new(dump.Before ?? "", "",
                [$"read {dump.Backup}, check sha256 {dump.Sha256}", $"ETCDCTL_API=3 etcdctl put -- KEY VALUE   # each key of the dump that is missing"])]));
        }

        steps.Add(new("restore-nodes", "Restore the nodes (calico-restore-node each; compute nodes first, control nodes last)", Nodes.Select(n =>
        {
            var undo = Undo.Nodes.GetValueOrDefault(n.Name) ?? [];
            var lines = new List<string>();
            lines.AddRange(undo.Where(u => u.Kind == UndoRecord.File && FileRestore.IsPackageSource(u.Target)).Select(u => "source " + u.Describe()));
            lines.Add("clean the package cache (yum clean all / apt-get update)");
            var before = Variables.TryGetValue(DowngradeVariables.InstalledBefore, out var all) && all.TryGetProperty(n.Name, out var versions)
                ? versions.Deserialize<Dictionary<string, string>>() ?? [] : [];
            var saved = Variables.TryGetValue(DowngradeVariables.PackageFiles, out var files) && files.TryGetProperty(n.Name, out var node)
                ? node.Deserialize<PackageFiles.Saved>(JsonSerializerOptions.Web) : null;
            lines.Add("packages back to: " + (before.Count == 0 ? "(none recorded)" : string.Join(", ", before.Select(v => $"{v.Key} {v.Value}"))) +
                      (saved is null || saved.Files.Count == 0
                          ? "   # one transaction from the repository: the 3.1 versions must still be offered there"
                          : $"   # one transaction, from the repository, or from preflight's copies where it no longer offers a version; {saved.Describe()}"));
            lines.AddRange(undo.Where(u => u.Kind == UndoRecord.File && !FileRestore.IsPackageSource(u.Target)).Select(u => "file " + u.Describe()));
            lines.Add("restart " + string.Join(", ", RestartRestoredServices.ServicesOf(n).Where(s => RestartRestoredServices.RanBefore(undo, s))) + " (if the restore changed the node)");
            lines.Add("verify: versions, file hashes, services running");
            return new PlannedNode(n.Name, platforms.GetValueOrDefault(n.Name) ?? "", lines);
        }).ToList()));
        if (ReadyFlag is { } flag)
            steps.Add(new("restore-ready-flag", $"{flag.Target} back to {flag.Before ?? "missing"} (v2 cluster)", []));
        return steps;
    }
}

/// <summary>
/// Plans and starts restores: <c>saga restore ID --node NAME... | --all</c>. A restore is refused while its run may still
/// move (Running, interrupted, Suspended: cancel it first) or while another restore of it has not ended; once one
/// starts, a faulted run is cancelled, so it can no longer be resumed. After the etcdv3 delete, a whole-cluster
/// restore puts the dumped keys back first; a restore of some nodes is refused unless the v3 data is back.
/// </summary>
public sealed class RestoreLauncher(IWorkflowRunner runner, IWorkflowInstances instances, INodeShell shell, TimeProvider time)
{
    private static readonly InstanceStatus[] NotEnded = [InstanceStatus.Running, InstanceStatus.Suspended, InstanceStatus.Faulted];

    /// <summary>
    /// What a restore of <paramref name="runId"/> would do; <paramref name="all"/> means every node the run changed, else
    /// <paramref name="nodes"/>. Throws <see cref="InstanceStateException"/> when it is refused, saying why and what to do.
    /// </summary>
    public async Task<RestorePlan> PlanAsync(string runId, IReadOnlyList<string> nodes, bool all, CancellationToken cancellationToken)
    {
        var run = await instances.GetAsync(runId, cancellationToken) ?? throw InstanceNotFoundException.For(runId);
        if (run.Summary.DefinitionId != CalicoDowngradeFlow.DefinitionId)
            throw new InstanceStateException($"instance {runId} is a {run.Summary.DefinitionId}, not a {CalicoDowngradeFlow.DefinitionId} run; restore the run it belongs to");
        CheckStill(run.Summary);
        await CheckNoOtherRestoreAsync(runId, cancellationToken);

        using var document = JsonDocument.Parse(run.VariablesJson);
        var variables = document.RootElement;
        if (!variables.TryGetProperty(DowngradeVariables.Inventory, out var inventoryJson) || inventoryJson.Deserialize<ClusterInventory>(JsonSerializerOptions.Web) is not { } inventory)
            throw new InstanceStateException($"run {runId} has no inventory variable");
        if (!variables.TryGetProperty(DowngradeVariables.InstalledBefore, out var installedBefore))
            throw new InstanceStateException($"run {runId} has no record of the versions before it (its preflight did not complete): nothing was changed that a restore could undo");

        var undo = await RunUndo.ReadAsync(instances, run, cancellationToken);
        var chosen = all ? inventory.Nodes.Where(n => undo.Changed.Contains(n.Name)).ToList() : Named(inventory, nodes);
        var ordered = chosen.Where(n => !n.Is(NodeRole.Control)).Concat(chosen.Where(n => n.Is(NodeRole.Control))).ToList();
        var etcd = await EtcdAsync(runId, inventory, undo, variables, all, cancellationToken);

        var restore = new Dictionary<string, JsonElement>
        {
            [DowngradeVariables.Inventory] = inventoryJson.Clone(),
            [DowngradeVariables.InstalledBefore] = installedBefore.Clone(),
            [DowngradeVariables.Run] = JsonSerializer.SerializeToElement(runId),
            [RestoreVariables.RestoreOf] = JsonSerializer.SerializeToElement(runId),
            [RestoreVariables.Nodes] = JsonSerializer.SerializeToElement(ordered.Select(n => n.Name).ToList()),
            [RestoreVariables.Undo] = JsonSerializer.SerializeToElement(undo.Nodes.Where(n => ordered.Any(o => o.Name == n.Key)).ToDictionary(), JsonSerializerOptions.Web),
        };
        if (variables.TryGetProperty(DowngradeVariables.PackageFiles, out var packageFiles))
            restore[DowngradeVariables.PackageFiles] = packageFiles.Clone();
        if (variables.TryGetProperty(DowngradeVariables.Platforms, out var platforms))
            restore[DowngradeVariables.Platforms] = platforms.Clone();
        if (etcd is not null)
            restore[RestoreVariables.EtcdV3Data] = JsonSerializer.SerializeToElement(etcd, JsonSerializerOptions.Web);
        var ready = all ? undo.ReadyFlag : null;
        if (ready is not null)
            restore[RestoreVariables.ReadyFlag] = JsonSerializer.SerializeToElement(ready, JsonSerializerOptions.Web);
        return new RestorePlan(runId, run.Summary.Name, ordered, undo, etcd, ready, restore);
    }

    /// <summary>
    /// Creates the restore's instance (not yet run) after checking again that the run is still; a faulted run is
    /// cancelled first, so nothing resumes it while its nodes are put back. <paramref name="restoreId"/> names the new
    /// instance (a bus command's or a request's id); null for a new id.
    /// </summary>
    /// <param name="plan">What to restore.</param>
    /// <param name="startedBy">Who started it (<see cref="Actor.StartedByVariable"/>, for the report); null: not known.</param>
    /// <param name="restoreId">The new instance's id; null for a new one.</param>
    /// <param name="cancellationToken">Ends the wait for the store.</param>
    public async Task<CreatedInstance> CreateAsync(RestorePlan plan, Actor? startedBy, string? restoreId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var run = await instances.FindAsync(plan.RunId, cancellationToken) ?? throw InstanceNotFoundException.For(plan.RunId);
        CheckStill(run);
        await CheckNoOtherRestoreAsync(plan.RunId, cancellationToken);
        var variables = new Dictionary<string, JsonElement>(plan.Variables);
        if (startedBy is not null)
            variables[Actor.StartedByVariable] = JsonSerializer.SerializeToElement(startedBy, JsonSerializerOptions.Web);
        var created = await runner.CreateAsync(RestoreFlow.DefinitionId, variables,
            new CreateInstanceOptions(Name: $"restore of {plan.RunName ?? plan.RunId}", CorrelationId: plan.RunId, InstanceId: restoreId), cancellationToken);
        if (run.Status == InstanceStatus.Faulted)
            await runner.CancelAsync(plan.RunId, cancellationToken); // compensated: it must not be resumed while (or after) its nodes go back
        return created;
    }

    /// <summary>Whether the plan has anything to put back: a node, the etcdv3 data or the Ready flag.</summary>
    public static bool IsEmpty(RestorePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Nodes.Count == 0 && plan.EtcdV3Data is null && plan.ReadyFlag is null;
    }

    /// <summary>The restores of a run, newest first.</summary>
    public async Task<IReadOnlyList<InstanceSummary>> RestoresOfAsync(string runId, CancellationToken cancellationToken) =>
        (await instances.QueryAsync(new InstanceQuery { DefinitionId = RestoreFlow.DefinitionId, CorrelationId = runId, Take = 100 }, cancellationToken)).Items;

    private void CheckStill(InstanceSummary run)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var state = run.Status switch
        {
            InstanceStatus.Running when run.IsInterruptedAt(now) => $"was interrupted at {run.CurrentActivityId}",
            InstanceStatus.Running => $"is running ({run.LeaseHolder ?? "a runner"}, at {run.CurrentActivityId})",
            InstanceStatus.Suspended => $"is waiting at {run.CurrentActivityId} ({run.BookmarkName})",
            _ => null,
        };
        if (state is not null)
            throw new InstanceStateException($"run {run.Id} {state}; a restore would race it. Cancel it first (saga cancel {run.Id}), then restore");
    }

    private async Task CheckNoOtherRestoreAsync(string runId, CancellationToken cancellationToken)
    {
        var open = (await RestoresOfAsync(runId, cancellationToken)).FirstOrDefault(r => NotEnded.Contains(r.Status));
        if (open is not null)
            throw new InstanceStateException($"restore {open.Id} of run {runId} has not ended ({open.Status}); continue it with: saga resume {open.Id}");
    }

    private static List<NodeSpec> Named(ClusterInventory inventory, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
            throw new InstanceStateException("say which nodes to restore (--node NAME, repeatable) or --all");
        return names.Distinct().Select(name => inventory.Nodes.FirstOrDefault(n => n.Name == name) ?? throw new InstanceStateException(
            $"the run has no node '{name}'" + (ClosestName.To(name, inventory.Nodes.Select(n => n.Name)) is { } near ? $"; did you mean '{near}'?" : $"; its nodes: {string.Join(", ", inventory.Nodes.Select(n => n.Name))}"))).ToList();
    }

    /// <summary>
    /// After the delete: a whole-cluster restore puts the dump back (refused without one); a restore of some nodes
    /// needs the v3 data back, read live on the runOn node, since their 3.1 felix reads it.
    /// </summary>
    private async Task<UndoRecord?> EtcdAsync(string runId, ClusterInventory inventory, RunUndo undo, JsonElement variables, bool all, CancellationToken cancellationToken)
    {
        if (undo.EtcdV3Data is not { } deleted)
            return null;
        if (all)
        {
            return deleted.Backup is not null && deleted.Sha256 is not null && variables.TryGetProperty(DowngradeVariables.EtcdV3Dump, out _)
                ? deleted
                : throw new InstanceStateException($"run {runId} deleted the etcdv3 data but holds no dump of it; it cannot be put back");
        }

        var etcd = inventory.Etcd ?? throw new InstanceStateException($"run {runId} deleted the etcdv3 data, but its inventory has no etcd section");
        var node = inventory.Node(deleted.Before ?? etcd.RunOn);
        var keys = await shell.RunAsync(node, Etcdctl.V3(etcd).Command("get", deleted.Target, "--prefix", "--keys-only"), cancellationToken);
        var count = keys.Succeeded ? EtcdV3.Keys(keys.Stdout).Count : 0;
        var dumped = variables.TryGetProperty(DowngradeVariables.EtcdV3Dump, out var dump) ? dump.Deserialize<EtcdV3Dump>(JsonSerializerOptions.Web)?.Keys ?? 0 : 0;
        if (!keys.Succeeded || count < dumped)
        {
            throw new InstanceStateException(
                $"run {runId} deleted the migrated data from etcdv3 ({dumped} key(s), dump {deleted.Backup}); {(keys.Succeeded ? $"{count} key(s) are under {deleted.Target} now" : $"etcdv3 could not be read ({keys.Stderr.Trim()})")}. " +
                "Calico 3.1 on a restored node reads that data: restore the whole cluster (saga restore ID --all), which puts it back first");
        }

        return null;
    }
}
