using System.Text.Json;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Steps.Control;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Workflows.Reports;

/// <summary>Reads a downgrade run, its nodes' instances and its restores from the store into a <see cref="RunDocument"/>.</summary>
public sealed class RunReportBuilder(IWorkflowInstances instances, RestoreLauncher restores)
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
        foreach (var child in await instances.ListChildrenAsync(runId, cancellationToken))
        {
            children[child.Name ?? child.Id] = child;
            if (await instances.GetAsync(child.Id, cancellationToken) is { } details)
                entries.AddRange(details.Journal.Select(e => (Instance: child.Name ?? child.Id, Entry: e)));
        }

        entries = entries.OrderBy(e => e.Entry.StartedAt).ThenBy(e => e.Entry.Sequence).ToList();
        var undo = RunUndo.From(entries.Select(e => e.Entry));
        var restoreLines = await RestoresAsync(runId, cancellationToken);
        var ready = entries.LastOrDefault(e => e.Entry.ActivityType == nameof(ResetCalicoReadyFlag) && e.Entry.Nodes.Count > 0).Entry?.Nodes[0];
        var nodes = (inventory?.Nodes ?? []).Select(node =>
        {
            var steps = entries.SelectMany(e => e.Entry.Nodes.Where(n => n.Node == node.Name).Select(n => new StepLine(
                e.Instance, e.Entry.ActivityId, Kind(n.Result), n.Reason, e.Entry.StartedAt, (e.Entry.EndedAt - e.Entry.StartedAt).TotalSeconds, Excerpt(e.Entry.Output, node.Name)))).ToList();
            var versionsBefore = before.GetValueOrDefault(node.Name) ?? [];
            var restoredBy = restoreLines.LastOrDefault(r => r.Status == nameof(InstanceStatus.Finished) && r.Nodes.Any(n => n.Node == node.Name && n.Result == NodeResultKind.Done));
            var packages = entries.Where(e => PackageSteps.Contains(e.Entry.ActivityType)).SelectMany(e => e.Entry.Nodes.Where(n => n.Node == node.Name)).LastOrDefault();
            var downgraded = packages is { Result: NodeResultKind.Done or NodeResultKind.AlreadyDone };
            var set = sets.GetValueOrDefault(platforms.GetValueOrDefault(node.Name) ?? "") ?? [];
            IReadOnlyDictionary<string, string> after = restoredBy is not null ? versionsBefore
                : downgraded ? versionsBefore.Keys.Where(set.ContainsKey).ToDictionary(p => p, p => set[p])
                : new Dictionary<string, string>();
            var last = steps.LastOrDefault();
            var final = restoredBy is not null ? $"restored to its state before the run by restore {restoredBy.Id}"
                : last is { Result: "failed" } ? $"failed at {last.ActivityId}: {last.Reason}"
                : children.TryGetValue(node.Name, out var child) && child.Status != InstanceStatus.Finished ? $"node instance {child.Status.ToString().ToLowerInvariant()} at {child.FaultActivityId ?? child.CurrentActivityId}"
                : downgraded ? "downgraded to 2.6"
                : steps.Any(s => s.Result == "done" && s.ActivityId != "preflight") ? "changed in part (see the steps)"
                : "not changed";
            return new NodeDocument(node.Name, node.RoleText, platforms.GetValueOrDefault(node.Name), versionsBefore, after, steps,
                undo.Nodes.GetValueOrDefault(node.Name)?.Where(u => u.Kind == UndoRecord.File).ToList() ?? [], final);
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
            ForcedOver = Variable<string>(DowngradeVariables.ForcedOver),
            Approvals = entries.Where(e => e.Entry.ActivityType == nameof(Approval) && e.Entry.EventName == "Executed")
                .Select(e => new ApprovalLine(e.Entry.ActivityId, e.Entry.EndedAt, e.Entry.Output ?? e.Entry.Outcome ?? "")).ToList(),
            VersionSets = sets,
            ReadyBefore = undo.ReadyFlag is { } flag ? flag.Before ?? "(missing)" : ready?.Result == NodeResultKind.AlreadyDone ? "true" : null,
            ReadyAfter = restoredFlag ? undo.ReadyFlag!.Before ?? "(missing)" : ready?.Result is NodeResultKind.Done or NodeResultKind.AlreadyDone ? "true" : null,
            EtcdV3Dump = Variable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump),
            EtcdV3Delete = entries.LastOrDefault(e => e.Entry.ActivityType == nameof(DeleteMigratedEtcdV3Data) && e.Entry.Nodes.Count > 0).Entry?.Nodes[0].Describe(),
            Nodes = nodes,
            Restores = restoreLines,
        };
    }

    private async Task<IReadOnlyList<RestoreLine>> RestoresAsync(string runId, CancellationToken cancellationToken)
    {
        var lines = new List<RestoreLine>();
        foreach (var restore in (await restores.RestoresOfAsync(runId, cancellationToken)).OrderBy(r => r.CreatedAt))
        {
            var details = await instances.GetAsync(restore.Id, cancellationToken);
            var nodes = details?.Journal.LastOrDefault(e => e.ActivityId == "restore-nodes" && e.Nodes.Count > 0)?.Nodes ?? [];
            lines.Add(new RestoreLine(restore.Id, restore.Status.ToString(), restore.CreatedAt, nodes));
        }

        return lines;
    }

    private static string Kind(NodeResultKind kind) => kind switch
    {
        NodeResultKind.AlreadyDone => "already done",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The node's part of a step's output ("== NODE: ..." up to the next node), cut to <see cref="ExcerptLength"/>.</summary>
    public static string? Excerpt(string? output, string node)
    {
        if (output is null)
            return null;
        var start = output.IndexOf($"== {node}: ", StringComparison.Ordinal);
        if (start < 0)
            return null;
        var end = output.IndexOf("\n== ", start + 3, StringComparison.Ordinal);
        var part = output[start..(end < 0 ? output.Length : end)].TrimEnd();
        return part.Length <= ExcerptLength ? part : part[..ExcerptLength] + " …";
    }
}
