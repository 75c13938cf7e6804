using System.Text.Json;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Steps.Control;
using Saga.Engine.Activities;
using Saga.Engine.Commands;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Workflows.Reports;

/// <summary>
/// Reads a downgrade run, its nodes' instances, its restores (by <c>saga restore</c>, and the automatic ones under a
/// failed node's instance) and the remote commands all of them ran from the store into a <see cref="RunDocument"/>.
/// </summary>
public sealed class RunReportBuilder(IWorkflowInstances instances, RestoreLauncher restores, ICommandJournal commands)
{
    /// <summary>How much of a step's output on a node the report quotes.</summary>
    public const int ExcerptLength = 600;

    private static readonly string[] PackageSteps = [nameof(DowngradeComputePackages), nameof(DowngradeControlPackages)];

    public async Task<RunDocument> BuildAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await instances.GetAsync(runId, cancellationToken) ?? throw InstanceNotFoundException.For(runId);
        if (run.Summary.DefinitionId != CalicoDowngradeFlow.DefinitionId)
            throw new InstanceStateException($"instance {runId} is a {run.Summary.DefinitionId}; a report is of a {CalicoDowngradeFlow.DefinitionId} run");
        var variables = JsonDocument.Parse(run.VariablesJson).RootElement;
        T? Variable<T>(string name) => variables.TryGetProperty(name, out var v) ? v.Deserialize<T>(JsonSerializerOptions.Web) : default;
        var inventory = Variable<ClusterInventory>(DowngradeVariables.Inventory);
        var before = Variable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.InstalledBefore) ?? [];
        var platforms = Variable<Dictionary<string, string>>(DowngradeVariables.Platforms) ?? [];
        var sets = Variable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.VersionSets) ?? [];

        var entries = run.Journal.Select(e => (Instance: "run", Entry: e)).ToList();
        var children = new Dictionary<string, InstanceSummary>();
        var tree = new List<string> { runId };
        var automatic = new Dictionary<string, List<NodeRestoreLine>>();
        foreach (var child in await instances.ListChildrenAsync(runId, cancellationToken))
        {
            children[child.Name ?? child.Id] = child;
            tree.Add(child.Id);
            if (await instances.GetAsync(child.Id, cancellationToken) is { } details)
                entries.AddRange(details.Journal.Select(e => (Instance: child.Name ?? child.Id, Entry: e)));
            foreach (var restore in (await instances.ListChildrenAsync(child.Id, cancellationToken)).Where(r => r.DefinitionId == RestoreNodeFlow.DefinitionId))
            {
                tree.Add(restore.Id);
                var node = child.Name ?? child.Id;
                var line = await AutomaticRestoreAsync(restore, node, cancellationToken);
                (automatic.TryGetValue(node, out var list) ? list : automatic[node] = []).Add(line);
            }
        }

        entries = entries.OrderBy(e => e.Entry.StartedAt).ThenBy(e => e.Entry.Sequence).ToList();
        var undo = RunUndo.From(entries.Select(e => e.Entry));
        var restoreLines = await RestoresAsync(runId, tree, cancellationToken);
        var ran = (await commands.ListAsync(tree, cancellationToken)).OrderBy(c => c.StartedAt).ToList();
        var ready = entries.LastOrDefault(e => e.Entry.ActivityType == nameof(ResetCalicoReadyFlag) && e.Entry.Nodes.Count > 0).Entry?.Nodes[0];
        var nodes = (inventory?.Nodes ?? []).Select(node =>
        {
            var steps = entries.SelectMany(e => e.Entry.Nodes.Where(n => n.Node == node.Name).Select(n => new StepLine(
                e.Instance, e.Entry.ActivityId, Kind(n.Result), n.Reason, e.Entry.StartedAt, (e.Entry.EndedAt - e.Entry.StartedAt).TotalSeconds, Excerpt(e.Entry.Output, node.Name)))).ToList();
            var versionsBefore = before.GetValueOrDefault(node.Name) ?? [];
            var nodeRestores = restoreLines.SelectMany(r => r.Nodes.Where(n => n.Node == node.Name).Select(n => new NodeRestoreLine(r.Id, r.Status, r.CreatedAt, r.StartedBy, n.Result, n.Reason)))
                .Concat(automatic.GetValueOrDefault(node.Name) ?? []).OrderBy(r => r.CreatedAt).ToList();
            var restoredBy = nodeRestores.LastOrDefault(r => r.Status == nameof(InstanceStatus.Finished) && r.Result == NodeResultKind.Done);
            var packages = entries.Where(e => PackageSteps.Contains(e.Entry.ActivityType)).SelectMany(e => e.Entry.Nodes.Where(n => n.Node == node.Name)).LastOrDefault();
            var downgraded = packages is { Result: NodeResultKind.Done or NodeResultKind.AlreadyDone };
            var set = sets.GetValueOrDefault(platforms.GetValueOrDefault(node.Name) ?? "") ?? [];
            IReadOnlyDictionary<string, string> after = restoredBy is not null ? versionsBefore
                : downgraded ? versionsBefore.Keys.Where(set.ContainsKey).ToDictionary(p => p, p => set[p])
                : new Dictionary<string, string>();
            var last = steps.LastOrDefault();
            var final = restoredBy is { Automatic: true } ? $"failed, then restored to its state before the run at once by instance {restoredBy.RestoreId} (fanOut.onNodeFailure: restore)"
                : restoredBy is not null ? $"restored to its state before the run by restore {restoredBy.RestoreId}"
                : last is { Result: "failed" } ? $"failed at {last.ActivityId}: {last.Reason}"
                : children.TryGetValue(node.Name, out var child) && child.Status != InstanceStatus.Finished ? $"node instance {child.Status.ToString().ToLowerInvariant()} at {child.FaultActivityId ?? child.CurrentActivityId}"
                : downgraded ? "downgraded to 2.6"
                : steps.Any(s => s.Result == "done" && s.ActivityId != "preflight") ? "changed in part (see the steps)"
                : "not changed";
            return new NodeDocument(node.Name, node.RoleText, platforms.GetValueOrDefault(node.Name), versionsBefore, after, steps,
                undo.Nodes.GetValueOrDefault(node.Name)?.Where(u => u.Kind == UndoRecord.File).ToList() ?? [], final)
            {
                Commands = ran.Where(c => c.Node == node.Name).ToList(),
                FelixCfgDiff = entries.Select(e => NodePart(e.Entry.Output, node.Name)).SelectMany(FelixCfgLines).ToList(),
                Restores = nodeRestores,
            };
        }).ToList();

        var restoredFlag = restoreLines.Any(r => r.Status == nameof(InstanceStatus.Finished)) && undo.ReadyFlag is not null;
        return new RunDocument
        {
            Id = runId,
            Name = run.Summary.Name,
            Status = run.Summary.Status.ToString(),
            CreatedAt = run.Summary.CreatedAt,
            EndedAt = run.Summary.FinishedAt ?? run.Summary.FaultedAt ?? run.Summary.CancelledAt,
            Fault = run.Summary.Status == InstanceStatus.Faulted ? $"{run.Summary.FaultActivityId}: {run.Summary.FaultMessage}" : null,
            StartedBy = Variable<Actor>(Actor.StartedByVariable),
            ForcedOver = Variable<string>(DowngradeVariables.ForcedOver),
            Approvals = Approvals(entries.Select(e => e.Entry), Variable<List<Approval.Decided>>(Approval.DecisionsVariable) ?? []),
            VersionSets = sets,
            ReadyBefore = undo.ReadyFlag is { } flag ? flag.Before ?? "(missing)" : ready?.Result == NodeResultKind.AlreadyDone ? "true" : null,
            ReadyAfter = restoredFlag ? undo.ReadyFlag!.Before ?? "(missing)" : ready?.Result is NodeResultKind.Done or NodeResultKind.AlreadyDone ? "true" : null,
            EtcdV3Dump = Variable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump),
            EtcdV3Delete = entries.LastOrDefault(e => e.Entry.ActivityType == nameof(DeleteMigratedEtcdV3Data) && e.Entry.Nodes.Count > 0).Entry?.Nodes[0].Describe(),
            Nodes = nodes,
            Restores = restoreLines,
        };
    }

    /// <summary>The restores of the run by <c>saga restore</c>, oldest first; their instances and their nodes' go into <paramref name="tree"/>.</summary>
    private async Task<IReadOnlyList<RestoreLine>> RestoresAsync(string runId, List<string> tree, CancellationToken cancellationToken)
    {
        var lines = new List<RestoreLine>();
        foreach (var restore in (await restores.RestoresOfAsync(runId, cancellationToken)).OrderBy(r => r.CreatedAt))
        {
            tree.Add(restore.Id);
            tree.AddRange((await instances.ListChildrenAsync(restore.Id, cancellationToken)).Select(c => c.Id));
            var details = await instances.GetAsync(restore.Id, cancellationToken);
            var nodes = details?.Journal.LastOrDefault(e => e.ActivityId == "restore-nodes" && e.Nodes.Count > 0)?.Nodes ?? [];
            lines.Add(new RestoreLine(restore.Id, restore.Status.ToString(), restore.CreatedAt, nodes) { StartedBy = StartedBy(details) });
        }

        return lines;
    }

    /// <summary>A node's automatic restore after its failure: a <c>calico-restore-node</c> instance under the node's own.</summary>
    private async Task<NodeRestoreLine> AutomaticRestoreAsync(InstanceSummary restore, string node, CancellationToken cancellationToken)
    {
        var details = await instances.GetAsync(restore.Id, cancellationToken);
        var (result, reason) = restore.Status switch
        {
            InstanceStatus.Finished => (NodeResultKind.Done, "restored to the state before the run"),
            InstanceStatus.Faulted => (NodeResultKind.Failed, $"{restore.FaultActivityId}: {restore.FaultMessage}"),
            _ => (NodeResultKind.Skipped, $"{restore.Status.ToString().ToLowerInvariant()} at {restore.CurrentActivityId}"),
        };
        return new NodeRestoreLine(restore.Id, restore.Status.ToString(), restore.CreatedAt, StartedBy(details) ?? Actor.Saga("fanOut.onNodeFailure: restore"), result,
            details?.Journal.LastOrDefault(e => e.Nodes.Any(n => n.Node == node && n.Result == NodeResultKind.Failed))?.Nodes.First(n => n.Node == node).Reason ?? reason);
    }

    private static Actor? StartedBy(InstanceDetails? details)
    {
        if (details is null)
            return null;
        using var document = JsonDocument.Parse(details.VariablesJson);
        return document.RootElement.TryGetProperty(Actor.StartedByVariable, out var actor) ? actor.Deserialize<Actor>(JsonSerializerOptions.Web) : null;
    }

    /// <summary>Each decision as the approval kept it (who, why); decisions journalled before it kept them, by the journal's text.</summary>
    private static List<ApprovalLine> Approvals(IEnumerable<JournalEntry> entries, List<Approval.Decided> decided)
    {
        var lines = decided.Select(d => new ApprovalLine(d.ActivityId, d.At, $"{(d.Approved ? "approved" : "rejected")}{(d.Who() is { } who ? " by " + who : "")}{(d.Comment is null ? "" : ": " + d.Comment)}")
        {
            Approved = d.Approved,
            By = d.Who(),
            Comment = d.Comment,
        }).ToList();
        var older = entries.Where(e => e.ActivityType == nameof(Approval) && e.EventName == "Executed").Skip(lines.Count);
        return [.. older.Select(e => new ApprovalLine(e.ActivityId, e.EndedAt, e.Output ?? e.Outcome ?? "")), .. lines];
    }

    /// <summary>The lines a step noted of its felix.cfg edit (<see cref="FelixConfigDiff"/>), without the mark.</summary>
    private static IEnumerable<string> FelixCfgLines(string? part)
    {
        const string note = "# " + FelixConfigDiff.Mark;
        return part is null ? [] : part.Split('\n').Where(l => l.StartsWith(note, StringComparison.Ordinal)).Select(l => l[note.Length..]);
    }

    private static string Kind(NodeResultKind kind) => kind switch
    {
        NodeResultKind.AlreadyDone => "already done",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The node's part of a step's output ("== NODE: ..." up to the next node), cut to <see cref="ExcerptLength"/>.</summary>
    public static string? Excerpt(string? output, string node) =>
        NodePart(output, node) is not { } part ? null : part.Length <= ExcerptLength ? part : part[..ExcerptLength] + " …";

    private static string? NodePart(string? output, string node)
    {
        if (output is null)
            return null;
        var start = output.IndexOf($"== {node}: ", StringComparison.Ordinal);
        if (start < 0)
            return null;
        var end = output.IndexOf("\n== ", start + 3, StringComparison.Ordinal);
        return output[start..(end < 0 ? output.Length : end)].TrimEnd();
    }
}
