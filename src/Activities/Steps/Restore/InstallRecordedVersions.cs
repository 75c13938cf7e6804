using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Restore;

/// <summary>Undo of runbook steps 3.1/4.2 on one node: its Calico packages back at exactly the versions preflight found, in one transaction.</summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Install the recorded versions",
    Description = "Restore, one node: the node's Calico packages back at exactly the versions preflight recorded (installedBefore), in one " +
                  "non-interactive transaction run detached on the node and waited for ('yum -y install name-version-release ...' / " +
                  "'apt-get install --reinstall -y ... name=version'); a transaction the downgrade (or an earlier attempt) left unfinished is " +
                  "completed first. Packages already at their recorded version are left alone.")]
public sealed class InstallRecordedVersions(INodeShell shell, ILogger<InstallRecordedVersions> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("restore: packages back at the versions before the run", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var (packages, before) = RestoreTarget.Of(context, node, platform);
            var place = new TransactionPlace(context.GetBackupFolder(), "restore-" + context.ActivityId);
            var done = await new PackageDowngrade(shell, context.Time).DowngradeAsync(node, platform, before, packages, place, transcript, ct, platform.Packages.Upgrade);
            if (done.Count == 0)
                return NodeOutcome.AlreadyDone("every package at its version before the run");
            context.MarkChanged();
            return NodeOutcome.Done($"installed {string.Join(", ", done)}");
        }, cancellationToken);
}
