using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>The undo of a package change: the node's Calico packages back at the versions preflight found (<see cref="DowngradeVariables.InstalledBefore"/>).</summary>
public static class PackageUndo
{
    /// <summary>Records, before the packages change, the versions of the node's role packages before the run.</summary>
    public static void Record(ActivityContext context, NodeSpec node, NodePlatform platform, NodeTranscript transcript)
    {
        var before = context.GetInstalledBefore(node);
        var versions = CalicoPackages.For(node, platform.Family).Where(before.ContainsKey).ToDictionary(p => p, p => before[p]);
        if (versions.Count > 0)
            transcript.Undo(new UndoRecord(UndoRecord.Packages, platform.Packages.Name) { Versions = versions });
    }
}
