using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>The workflow variables the downgrade's steps share, and typed access to them.</summary>
public static class DowngradeVariables
{
    /// <summary>The parsed inventory (paths resolved), kept in the instance so a resume decides as the run did.</summary>
    public const string Inventory = "inventory";

    /// <summary>Resolved 2.6 version sets by platform key.</summary>
    public const string VersionSets = "versionSets";

    /// <summary>Each node's platform key, read at preflight.</summary>
    public const string Platforms = "platforms";

    /// <summary>In a compute node's child instance: the node's name.</summary>
    public const string Node = "node";

    /// <summary>In a compute node's child instance: the run's (parent instance's) id, which names the backup folder on the node.</summary>
    public const string Run = "run";

    /// <summary>In a compute node's child instance: set when dnsmasq was downgraded. Nothing reads it any more: whether
    /// dnsmasq changed is decided from <see cref="InstalledBefore"/>, which a resumed node still has.</summary>
    public const string DnsmasqDowngraded = "dnsmasqDowngraded";

    /// <summary>
    /// The Calico packages each node had installed at preflight, node -> package -> version (the package manager's
    /// notation); the first preflight's record is kept, so later steps (and a restore) see the versions before any change.
    /// </summary>
    public const string InstalledBefore = "installedBefore";

    /// <summary>In a compute node's child instance: the <see cref="RestartRecord"/> of the explicit felix restart.</summary>
    public const string FelixRestart = "felixRestart";

    /// <summary>In a compute node's child instance: the <see cref="RestartRecord"/> of the DHCP agent's restart.</summary>
    public const string DhcpAgentRestart = "dhcpAgentRestart";

    public static ClusterInventory GetInventory(this ActivityContext context) =>
        context.GetVariable<ClusterInventory>(Inventory) ?? throw new InvalidOperationException($"the workflow has no '{Inventory}' variable; start it with an inventory");

    public static NodePlatform GetPlatform(this ActivityContext context, NodeSpec node) =>
        context.GetVariable<Dictionary<string, string>>(Platforms)?.GetValueOrDefault(node.Name) is { } key
            ? NodePlatform.FromKey(key, node.Name)
            : throw new InvalidOperationException($"no platform recorded for {node.Name}; preflight must run first");

    public static VersionSet GetVersionSet(this ActivityContext context, NodePlatform platform) =>
        context.GetVariable<Dictionary<string, Dictionary<string, string>>>(VersionSets)?.GetValueOrDefault(platform.Key) is { } versions
            ? new VersionSet(platform.Key, versions)
            : throw new InvalidOperationException($"no 2.6 version set resolved for {platform.Key}; the resolve step must run first");

    /// <summary>The run's folder on every node, <c>/var/backups/saga/ID</c>: backups, and the package transactions' output.</summary>
    public static string GetBackupFolder(this ActivityContext context) =>
        $"/var/backups/saga/{context.GetVariable<string>(Run) ?? context.InstanceId}";

    /// <summary>What <paramref name="node"/> had installed at preflight.</summary>
    public static IReadOnlyDictionary<string, string> GetInstalledBefore(this ActivityContext context, NodeSpec node) =>
        context.GetVariable<Dictionary<string, Dictionary<string, string>>>(InstalledBefore)?.GetValueOrDefault(node.Name)
        ?? throw new InvalidOperationException($"no installed versions recorded for {node.Name}; preflight must run first");

    /// <summary>The node a compute child instance works on.</summary>
    public static NodeSpec GetNode(this ActivityContext context) =>
        context.GetInventory().Node(context.GetVariable<string>(Node) ?? throw new InvalidOperationException($"the workflow has no '{Node}' variable"));
}
