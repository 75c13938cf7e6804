using System.Text.Json.Serialization;

namespace Saga.Activities.Inventory;

/// <summary>The cluster to downgrade, as the operator's inventory file describes it. Paths are absolute.</summary>
public sealed record ClusterInventory
{
    /// <summary>The file it was read from.</summary>
    public required string SourcePath { get; init; }

    public required OsChoice Os { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    /// <summary>Null only when <see cref="Skip"/> holds <see cref="SkipStep.Calicoctl"/>.</summary>
    public required CalicoctlSettings? Calicoctl { get; init; }

    /// <summary>A new EtcdEndpoints value for felix.cfg, when the upgrade had changed it.</summary>
    public string? FelixEtcdEndpoints { get; init; }

    /// <summary>Null only when <see cref="Skip"/> holds both <see cref="SkipStep.ReadyFlag"/> and <see cref="SkipStep.EtcdCleanup"/>.</summary>
    public required EtcdSettings? Etcd { get; init; }

    public required FanOutSettings FanOut { get; init; }

    /// <summary>How the restarted services are checked; an inventory without <c>verify</c> gets the defaults.</summary>
    public VerifySettings Verify { get; init; } = VerifySettings.Default;

    /// <summary>Which approvals the run waits on.</summary>
    public GateSettings Gates { get; init; } = GateSettings.Default;

    /// <summary>Steps the operator chose to leave out; each is journalled as skipped with the reason.</summary>
    public IReadOnlyList<SkipStep> Skip { get; init; } = [];

    public required IReadOnlyList<NodeSpec> Nodes { get; init; }

    /// <summary>What was ignored or refused without stopping (settings of the OpenSSH configuration saga does not take).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Every node that runs neutron-server, control+compute nodes included.</summary>
    [JsonIgnore]
    public IEnumerable<NodeSpec> ControlNodes => Nodes.Where(n => n.Is(NodeRole.Control));

    /// <summary>Every node that runs felix, control+compute nodes included (they come first: control before compute).</summary>
    [JsonIgnore]
    public IEnumerable<NodeSpec> ComputeNodes => Nodes.Where(n => n.Is(NodeRole.Compute)).OrderBy(n => n.Is(NodeRole.Control) ? 0 : 1);

    public bool Skips(SkipStep step) => Skip.Contains(step);

    public NodeSpec Node(string name) => Nodes.FirstOrDefault(n => n.Name == name)
                                         ?? throw new InvalidOperationException($"The inventory has no node '{name}'.");
}

/// <summary>Which operating system the nodes run; <see cref="Auto"/> reads each node's /etc/os-release.</summary>
public enum OsChoice
{
    Auto,
    CentOS,
    Ubuntu,
}

public enum NodeRole
{
    Control,
    Compute,
}

/// <summary>A step the inventory's <c>skip:</c> leaves out on purpose.</summary>
public enum SkipStep
{
    /// <summary>The dump and delete of the migrated data in etcdv3.</summary>
    EtcdCleanup,

    /// <summary>Setting /calico/v1/Ready back to true on the v2 cluster.</summary>
    ReadyFlag,

    /// <summary>Installing calicoctl v1.6.</summary>
    Calicoctl,
}

/// <summary>One node with its effective settings (inventory defaults plus the node's overrides).</summary>
/// <param name="Name">The node's name in the inventory.</param>
/// <param name="Host">Where SSH reaches it.</param>
/// <param name="Roles">Control, compute, or both (a node that runs neutron-server and felix).</param>
/// <param name="Ssh">How to reach it.</param>
[method: JsonConstructor]
public sealed record NodeSpec(string Name, string Host, IReadOnlyList<NodeRole> Roles, SshSettings Ssh)
{
    /// <summary>A node with one role.</summary>
    public NodeSpec(string name, string host, NodeRole role, SshSettings ssh)
        : this(name, host, [role], ssh)
    {
    }

    /// <summary>What neutron.conf's [calico] etcd_port needs on this node (the cluster's <c>neutron:</c>, or the node's own).</summary>
    public NeutronSettings Neutron { get; init; } = NeutronSettings.Unset;

    public bool Is(NodeRole role) => Roles.Contains(role);

    /// <summary>"control", "compute" or "control+compute".</summary>
    [JsonIgnore]
    public string RoleText => string.Join('+', Roles.Order().Select(r => r.ToString().ToLowerInvariant()));

    public override string ToString() => Name;
}

/// <summary>How to reach a node.</summary>
/// <param name="User">Login user.</param>
/// <param name="Port">SSH port.</param>
/// <param name="PrivateKeyFile">OpenSSH private key (absolute path).</param>
/// <param name="KnownHostsFile">OpenSSH known_hosts file (absolute path); a node whose key is missing or different is refused.</param>
/// <param name="Sudo">Prefix privileged commands with <c>sudo -n</c>.</param>
/// <param name="ConnectTimeout">Limit for connecting and the SSH handshake.</param>
/// <param name="CommandTimeout">Limit for one command.</param>
public sealed record SshSettings(string User, int Port, string PrivateKeyFile, string KnownHostsFile, bool Sudo, TimeSpan ConnectTimeout, TimeSpan CommandTimeout)
{
    /// <summary>Jump hosts to go through, first one first (OpenSSH's ProxyJump); empty to connect directly.</summary>
    public IReadOnlyList<SshHop> ProxyJump { get; init; } = [];
}

/// <summary>One SSH server on the way to a node, or the node itself: where it is, who logs in, and how it is trusted.</summary>
/// <param name="Host">Host name or address; also the name its key is looked up under in known_hosts.</param>
/// <param name="Port">SSH port.</param>
/// <param name="User">Login user.</param>
/// <param name="PrivateKeyFile">OpenSSH private key (absolute path).</param>
/// <param name="KnownHostsFile">known_hosts file its host key is checked against (absolute path).</param>
public sealed record SshHop(string Host, int Port, string User, string PrivateKeyFile, string KnownHostsFile)
{
    /// <summary><c>user@host:port</c>, as messages show it.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{User}@{Host}:{Port}");
}

/// <summary>The previous calicoctl (v1.6.x for Calico 2.6) and where it goes.</summary>
/// <param name="Source">A local file (absolute path) or an https URL.</param>
/// <param name="Sha256">Expected SHA-256 of the file, lower-case hex.</param>
/// <param name="InstallPath">Where calicoctl is installed on the nodes.</param>
/// <param name="Nodes">The names of the nodes that carry calicoctl.</param>
/// <param name="ConfigBackup">A v1-format calicoctl.cfg on the nodes to restore when the upgrade rewrote it, if any.</param>
public sealed record CalicoctlSettings(string Source, string Sha256, string InstallPath, IReadOnlyList<string> Nodes, string? ConfigBackup);

/// <summary>How compute nodes are worked through.</summary>
/// <param name="Parallel">Nodes at a time.</param>
/// <param name="Canary">Nodes done first, alone, before the rest.</param>
/// <param name="MaxFailures">Failed nodes tolerated before no new node is started.</param>
public sealed record FanOutSettings(int Parallel, int Canary, int MaxFailures)
{
    /// <summary>The default of <see cref="ProbeParallel"/>.</summary>
    public const int DefaultProbeParallel = 50;

    /// <summary>
    /// Nodes at a time in the light pass that reaches every node before anything changes (preflight: one round trip
    /// per node, no package work), and in the live probe before the etcdv3 delete.
    /// </summary>
    /// <value>Default 50.</value>
    public int ProbeParallel { get; init; } = DefaultProbeParallel;

    /// <summary>
    /// What becomes of a compute node whose downgrade faults: <see cref="NodeFailureAction.Stop"/> leaves it as it is,
    /// <see cref="NodeFailureAction.Restore"/> puts it back on 3.1 at once (a <c>calico-restore-node</c> run for it).
    /// </summary>
    /// <value>Default <see cref="NodeFailureAction.Stop"/>.</value>
    public NodeFailureAction OnNodeFailure { get; init; } = NodeFailureAction.Stop;

    /// <summary>These settings with the operator's overrides (command-line options, a start command's fields), checked.</summary>
    public FanOutSettings With(int? parallel, int? canary, int? maxFailures) => new(
        parallel is { } p ? p >= 1 ? p : throw new InventoryException("parallel must be at least 1") : Parallel,
        canary is { } c ? c >= 0 ? c : throw new InventoryException("canary cannot be negative") : Canary,
        maxFailures is { } m ? m >= 0 ? m : throw new InventoryException("maxFailures cannot be negative") : MaxFailures)
    {
        ProbeParallel = ProbeParallel,
        OnNodeFailure = OnNodeFailure,
    };
}

/// <summary>What becomes of a compute node whose downgrade faults (<c>fanOut.onNodeFailure</c>).</summary>
public enum NodeFailureAction
{
    /// <summary>Left as the failure left it, for a forward fix or <c>saga restore</c>.</summary>
    Stop,

    /// <summary>Put back on Calico 3.1 at once, so its VMs keep networking; it still counts as failed.</summary>
    Restore,
}

/// <summary>How a restarted service is checked after the packages changed.</summary>
/// <param name="Settle">How long the restarted process must stay up, with a clean log, before the node counts as verified.</param>
public sealed record VerifySettings(TimeSpan Settle)
{
    /// <summary>The longest settle period the inventory may ask for.</summary>
    public static readonly TimeSpan MaxSettle = TimeSpan.FromMinutes(10);

    /// <value>Default: a settle period of 10 seconds, several of Felix's 1-second retry loops (felix.go, 2.6.5).</value>
    public static VerifySettings Default { get; } = new(TimeSpan.FromSeconds(10));
}

/// <summary>The inventory's <c>gates:</c> section: which approvals the run waits on.</summary>
/// <param name="AfterCanary">Wait for an approval after the canary compute nodes. Default false.</param>
/// <param name="BeforeEtcdDelete">Wait for an approval, showing the dump, before the etcdv3 delete. Default true.</param>
public sealed record GateSettings(bool AfterCanary, bool BeforeEtcdDelete)
{
    public static GateSettings Default { get; } = new(AfterCanary: false, BeforeEtcdDelete: true);
}
