using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Restore;

/// <summary>Undo of runbook steps 3.1/4.2 on one node: its Calico packages back at exactly the versions preflight found, in one transaction.</summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Install the recorded versions",
    Description = "Restore, one node: the node's Calico packages back at exactly the versions preflight recorded (installedBefore), in one " +
                  "non-interactive transaction run detached on the node and waited for ('yum -y install name-version-release ...' / " +
                  "'apt-get install --reinstall -y ... name=version'); a transaction the downgrade (or an earlier attempt) left unfinished is " +
                  "completed first. Packages already at their recorded version are left alone. When the sources no longer offer a recorded " +
                  "version and preflight saved the package files, those are installed instead ('yum -y install FILE.rpm ...' / 'dpkg -i FILE.deb ...').")]
public sealed class InstallRecordedVersions(INodeShell shell, ILogger<InstallRecordedVersions> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("restore: packages back at the versions before the run", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var (packages, before) = RestoreTarget.Of(context, node, platform);
            var place = new TransactionPlace(context.GetBackupFolder(), "restore-" + context.ActivityId);
            var saved = context.GetVariable<Dictionary<string, PackageFiles.Saved>>(DowngradeVariables.PackageFiles)?.GetValueOrDefault(node.Name);
            var offered = saved is { Files.Count: > 0 } ? await OfferedAsync(node, platform, packages, transcript, ct) : null;
            var done = await new PackageDowngrade(shell, context.Time).DowngradeAsync(node, platform, before, packages, place, transcript, ct,
                needed => Install(node, platform, needed, offered, saved, transcript));
            if (done.Count == 0)
                return NodeOutcome.AlreadyDone("every package at its version before the run");
            context.MarkChanged();
            return NodeOutcome.Done($"installed {string.Join(", ", done)}");
        }, cancellationToken);

    /// <summary>
    /// From the sources when they offer every version needed; else from preflight's copies when it saved every one
    /// needed (a Launchpad PPA keeps only its newest version); else from the sources still, whose transaction then says
    /// what it could not find.
    /// </summary>
    private static ShellCommand Install(
        NodeSpec node, NodePlatform platform, IReadOnlyList<PackageVersion> needed, IReadOnlyList<AvailableVersion>? offered, PackageFiles.Saved? saved, NodeTranscript transcript)
    {
        var missing = offered is null ? [] : needed.Where(v => !offered.Any(a => a.Package == v.Package && a.Version == v.Version)).ToList();
        if (missing.Count == 0)
            return platform.Packages.Upgrade(needed);
        var files = needed.Select(v => saved!.Files.FirstOrDefault(f => platform.Packages.IsFileOf(v, f[(f.LastIndexOf('/') + 1)..]))).ToList();
        if (files.Any(f => f is null))
        {
            transcript.Note($"{node.Name}: no source offers {string.Join(", ", missing)} and preflight did not save every file needed ({saved!.Describe()}); trying the sources");
            return platform.Packages.Upgrade(needed);
        }

        transcript.Note($"no source offers {string.Join(", ", missing)}: installing preflight's copies");
        return platform.Packages.InstallFiles(files!);
    }

    /// <summary>The versions of <paramref name="packages"/> the node's sources offer now (the 3.1 sources are back).</summary>
    private async Task<IReadOnlyList<AvailableVersion>> OfferedAsync(NodeSpec node, NodePlatform platform, IReadOnlyList<string> packages, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var list = await shell.RunAsync(node, platform.Packages.ListAvailable(packages), cancellationToken);
        transcript.Command(list); // yum exits 1 when none is offered: what it lists counts
        return platform.Packages.ParseAvailable(list.Stdout);
    }
}
