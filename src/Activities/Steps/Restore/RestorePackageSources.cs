using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Restore;

/// <summary>Undo of runbook step 2 on one node: its package sources back to what they were (3.1), then the cache cleaned.</summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Restore the package sources",
    Description = "Restore, one node: every repository file or apt source list the run changed or removed is put back byte for byte from " +
                  "its copy in /var/backups/saga/RUN/ (checked against the sha256 recorded when it was taken), then the package cache is " +
                  "cleaned (yum clean all / apt-get update) so the 3.1 versions are offered again. A file already as it was is left alone.")]
public sealed class RestorePackageSources(INodeShell shell, ILogger<RestorePackageSources> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("restore: package sources back to 3.1, cache cleaned", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var files = new FileRestore(shell);
            var changed = 0;
            foreach (var file in context.GetUndo(node).Where(u => u.Kind == UndoRecord.File && FileRestore.IsPackageSource(u.Target)))
                changed += await files.RestoreAsync(node, file, transcript, ct) ? 1 : 0;
            var platform = context.GetPlatform(node);
            var (packages, before) = RestoreTarget.Of(context, node, platform);
            var installed = await new PackageDowngrade(shell, context.Time).InstalledAsync(node, platform, packages, transcript, ct);
            // The cache is cleaned while the packages are not back: an earlier attempt may have put the sources back and stopped before cleaning.
            if (changed == 0 && PackageDowngrade.Needed(packages, installed, before).Count == 0)
                return NodeOutcome.AlreadyDone("sources and packages as before the run");
            transcript.Command((await shell.RunAsync(node, platform.Packages.CleanCache(), ct)).EnsureSuccess());
            if (changed > 0)
                context.MarkChanged();
            return NodeOutcome.Done($"{changed} source file(s) restored, package cache cleaned");
        }, cancellationToken);
}
