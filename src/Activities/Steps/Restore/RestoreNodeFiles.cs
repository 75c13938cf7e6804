using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Restore;

/// <summary>Undo of every file change on one node but the package sources: felix.cfg, neutron.conf, calicoctl and calicoctl.cfg.</summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Restore the node's files",
    Description = "Restore, one node, after its packages: every file the run changed (felix.cfg, neutron.conf, calicoctl.cfg, the calicoctl " +
                  "binaries) is put back byte for byte from its copy (owner, mode and times too), checked against the sha256 recorded when the " +
                  "copy was taken; a file the run created is removed. A file already as it was is left alone.")]
public sealed class RestoreNodeFiles(INodeShell shell, ILogger<RestoreNodeFiles> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("restore: files back byte for byte", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var files = new FileRestore(shell);
            var restored = new List<string>();
            foreach (var file in context.GetUndo(node).Where(u => u.Kind == UndoRecord.File && !FileRestore.IsPackageSource(u.Target)))
            {
                if (await files.RestoreAsync(node, file, transcript, ct))
                    restored.Add(file.Target);
            }

            if (restored.Count == 0)
                return NodeOutcome.AlreadyDone("every file as before the run");
            context.MarkChanged();
            return NodeOutcome.Done($"restored {string.Join(", ", restored)}");
        }, cancellationToken);
}
