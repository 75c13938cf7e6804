using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Restore;

/// <summary>The end of a node's restore: the node matches what preflight recorded.</summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Verify the node is as before",
    Description = "Restore, one node: the Calico packages are at the versions preflight recorded, every file the run changed has the sha256 " +
                  "of its copy from before the run (or is gone again when the run created it), and the services that ran before run " +
                  "(calico-felix and calico-dhcp-agent on compute nodes, neutron-server on control nodes). Changes nothing.")]
public sealed class VerifyNodeRestored(INodeShell shell, ILogger<VerifyNodeRestored> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("restore: the node matches its preflight record", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var undo = context.GetUndo(node);
            var wrong = new List<string>();
            var (packages, before) = RestoreTarget.Of(context, node, platform);
            var installed = await new PackageDowngrade(shell, context.Time).InstalledAsync(node, platform, packages, transcript, ct);
            wrong.AddRange(packages.Where(p => installed.GetValueOrDefault(p) != before.VersionOf(p))
                .Select(p => $"{p} is at {installed.GetValueOrDefault(p) ?? "nothing"}, not {before.VersionOf(p)}"));
            var files = new FileRestore(shell);
            foreach (var file in undo.Where(u => u.Kind == UndoRecord.File))
            {
                if (!await files.IsRestoredAsync(node, file, transcript, ct))
                    wrong.Add(file.Backup is null ? $"{file.Target} exists, and did not before the run" : $"{file.Target} differs from {file.Backup}");
            }

            foreach (var service in RestartRestoredServices.ServicesOf(node).Where(s => RestartRestoredServices.RanBefore(undo, s)))
            {
                var status = await shell.RunAsync(node, platform.Services.Status(service), ct);
                transcript.Command(status);
                if (!platform.Services.IsRunning(status))
                    wrong.Add($"{service} does not run");
            }

            return wrong.Count == 0
                ? NodeOutcome.Done($"as before the run: {string.Join(", ", packages.Select(p => $"{p} {before.VersionOf(p)}"))}; {undo.Count(u => u.Kind == UndoRecord.File)} file(s) checked")
                : throw new NodeException(node.Name, "not as before the run: " + string.Join("; ", wrong), retryable: false);
        }, cancellationToken);
}
