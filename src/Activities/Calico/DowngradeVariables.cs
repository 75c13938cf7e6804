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
    /// <summary>Each node's hostname and felix.cfg FelixHostname, read at preflight (<see cref="CalicoName"/>).</summary>
    public const string CalicoNames = "calicoNames";

    /// <summary>What preflight saved of each node's installed package files: node -> <see cref="Calico.PackageFiles.Saved"/>.</summary>
    public const string PackageFiles = "packageFiles";

    /// <summary>
    /// In a compute node's child instance: true when the cluster's instance already pointed the node's repository at 2.6
    /// and cleaned its package cache (a control+compute node, or the node the 2.6 version set of its OS and release was
    /// resolved on), so the child does not do it again.
    /// </summary>
    public const string RepositoryPrepared = "repositoryPrepared";

    /// <summary>Set when the run was started with --force over runs whose nodes overlap it: which ones, for the journal.</summary>
    public const string ForcedOver = "forcedOver";

    /// <summary>The etcdv3 dump taken before the delete (<see cref="EtcdV3Dump"/>).</summary>
    public const string EtcdV3Dump = "etcdV3Dump";

    /// <summary>What the approval before the etcdv3 delete shows: key count and the dump's path and sha256.</summary>
    public const string EtcdV3DeletePrompt = "etcdV3DeletePrompt";

    /// <summary>What the approval after the canary compute nodes shows.</summary>
    public const string CanaryPrompt = "canaryPrompt";

    /// <summary>
    /// Every name above: reserved (<see cref="Saga.Engine.Definitions.ReservedVariables"/>), so no definition, Set variable
    /// activity or start request sets what the steps read; the steps and the launcher set them.
    /// </summary>
    public static IReadOnlyList<string> All { get; } = NamesOf(typeof(DowngradeVariables));

    /// <summary>The values of <paramref name="type"/>'s public string constants: the variable names it declares.</summary>
    internal static IReadOnlyList<string> NamesOf(Type type) =>
        type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();

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

    /// <summary>True in a compute node's child instance, false in the cluster's instance.</summary>
    public static bool IsNodeInstance(this ActivityContext context) => context.GetVariable<string>(Node) is not null;

    /// <summary>
    /// The nodes whose neutron.conf and neutron-server this instance handles: in a node's child instance its node (a
    /// control+compute node is done whole there, in one package transaction); in the cluster's instance the control
    /// nodes that are not compute nodes too.
    /// </summary>
    public static IReadOnlyList<NodeSpec> NodesHere(this ActivityContext context) =>
        context.IsNodeInstance() ? [context.GetNode()] : context.GetInventory().ControlNodes.Where(n => !n.Is(NodeRole.Compute)).ToList();

    /// <summary>
    /// The nodes whose repository switch and cache clean this instance does: in the cluster's instance those the version
    /// resolution needs (<see cref="PreparedInClusterFlow"/>); in a node's child instance its node, unless the cluster's
    /// instance did it already.
    /// </summary>
    public static IReadOnlyList<NodeSpec> NodesToPrepare(this ActivityContext context)
    {
        if (context.IsNodeInstance())
            return context.GetVariable<bool>(RepositoryPrepared) ? [] : [context.GetNode()];
        return PreparedInClusterFlow(context.GetInventory(), context.GetVariable<Dictionary<string, string>>(Platforms) ?? []);
    }

    /// <summary>
    /// What the cluster's instance prepares before the version set is resolved: every control node (its packages change
    /// there), plus the first compute node of each OS and release that no control node runs. Every other compute node
    /// switches its repository in its own child instance.
    /// </summary>
    public static IReadOnlyList<NodeSpec> PreparedInClusterFlow(ClusterInventory inventory, IReadOnlyDictionary<string, string> platforms)
    {
        var control = inventory.ControlNodes.ToList();
        var covered = control.Select(n => platforms.GetValueOrDefault(n.Name) ?? "").ToHashSet(StringComparer.Ordinal);
        var resolvers = inventory.ComputeNodes.Where(n => !n.Is(NodeRole.Control))
            .GroupBy(n => platforms.GetValueOrDefault(n.Name) ?? "").Where(g => !covered.Contains(g.Key)).Select(g => g.First());
        return [.. control, .. resolvers];
    }

    /// <summary>Of <see cref="NodesHere"/>, those that run neutron-server.</summary>
    public static IReadOnlyList<NodeSpec> ControlNodesHere(this ActivityContext context) => context.NodesHere().Where(n => n.Is(NodeRole.Control)).ToList();
}

/// <summary>A node's names as Calico may know it: felix.cfg's FelixHostname, else the hostname (what Felix defaults to).</summary>
public sealed record CalicoName(string Hostname, string? FelixHostname)
{
    /// <summary>The name of the node's resource in etcdv3: /calico/resources/v3/projectcalico.org/nodes/NAME.</summary>
    public string Name => FelixHostname ?? Hostname;
}

/// <summary>The etcdv3 dump taken before the delete, on the runOn node.</summary>
/// <param name="Node">The node that holds the file.</param>
/// <param name="Path">The file (etcdctl get --prefix /calico/ -w json), mode 0600.</param>
/// <param name="Sha256">Its sha256, lower-case hex.</param>
/// <param name="Keys">How many keys it holds.</param>
/// <param name="Revision">The etcd revision it was read at.</param>
public sealed record EtcdV3Dump(string Node, string Path, string Sha256, int Keys, long Revision);
