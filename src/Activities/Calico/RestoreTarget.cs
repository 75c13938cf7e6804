using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>What a node's packages go back to: its role's Calico packages at the versions preflight found.</summary>
public static class RestoreTarget
{
    public static (IReadOnlyList<string> Packages, VersionSet Before) Of(ActivityContext context, NodeSpec node, NodePlatform platform)
    {
        var before = context.GetInstalledBefore(node);
        return (CalicoPackages.For(node, platform.Family).Where(before.ContainsKey).ToList(), new VersionSet(platform.Key, before));
    }
}
