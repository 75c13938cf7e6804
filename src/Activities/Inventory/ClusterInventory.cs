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

    public required CalicoctlSettings? Calicoctl { get; init; }

    /// <summary>A new EtcdEndpoints value for felix.cfg, when the upgrade had changed it.</summary>
    public string? FelixEtcdEndpoints { get; init; }

    public required EtcdSettings? Etcd { get; init; }

    public required FanOutSettings FanOut { get; init; }

    /// <summary>How the restarted services are checked; an inventory without <c>verify</c> gets the defaults.</summary>
    public VerifySettings Verify { get; init; } = VerifySettings.Default;

    public required IReadOnlyList<NodeSpec> Nodes { get; init; }

    /// <summary>What was ignored or refused without stopping (settings of the OpenSSH configuration saga does not take).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    [JsonIgnore]
    public IEnumerable<NodeSpec> ControlNodes => Nodes.Where(n => n.Role == NodeRole.Control);

    [JsonIgnore]
    public IEnumerable<NodeSpec> ComputeNodes => Nodes.Where(n => n.Role == NodeRole.Compute);

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

/// <summary>One node with its effective SSH settings (inventory defaults plus the node's overrides).</summary>
public sealed record NodeSpec(string Name, string Host, NodeRole Role, SshSettings Ssh)
{
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

/// <summary>The etcdv3 cluster that holds the migrated Calico data, and the node that runs etcdctl against it.</summary>
public sealed record EtcdSettings(IReadOnlyList<string> Endpoints, string RunOn, string? CaCertFile, string? CertFile, string? KeyFile, string? User);

/// <summary>How compute nodes are worked through.</summary>
/// <param name="Parallel">Nodes at a time.</param>
/// <param name="Canary">Nodes done first, alone, before the rest.</param>
/// <param name="MaxFailures">Failed nodes tolerated before no new node is started.</param>
public sealed record FanOutSettings(int Parallel, int Canary, int MaxFailures)
{
    /// <summary>These settings with the operator's overrides (command-line options, a start command's fields), checked.</summary>
    public FanOutSettings With(int? parallel, int? canary, int? maxFailures) => new(
        parallel is { } p ? p >= 1 ? p : throw new InventoryException("parallel must be at least 1") : Parallel,
        canary is { } c ? c >= 0 ? c : throw new InventoryException("canary cannot be negative") : Canary,
        maxFailures is { } m ? m >= 0 ? m : throw new InventoryException("maxFailures cannot be negative") : MaxFailures);
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
