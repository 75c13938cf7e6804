using Saga.Activities.Facts;
using Saga.Activities.Inventory;

namespace Saga.Activities.Calico;

/// <summary>The packages the runbook downgrades, by role and OS family.</summary>
public static class CalicoPackages
{
    /// <summary>Not from Calico's repositories: downgraded when the 2.6 source offers it, otherwise left as it is.</summary>
    public static IReadOnlySet<string> Optional { get; } = new HashSet<string>(StringComparer.Ordinal) { "dnsmasq" };

    /// <summary>
    /// CentOS: <c>yum downgrade calico-common calico-control networking-calico</c> (control) and
    /// <c>calico-common calico-compute calico-dhcp-agent calico-felix dnsmasq networking-calico</c> (compute).
    /// Ubuntu: the same set with python-etcd, and without dnsmasq.
    /// </summary>
    public static IReadOnlyList<string> For(NodeRole role, string family) => (role, family) switch
    {
        (NodeRole.Control, NodePlatform.CentOS) => ["calico-common", "calico-control", "networking-calico"],
        (NodeRole.Control, _) => ["calico-control", "calico-common", "python-etcd", "networking-calico"],
        (NodeRole.Compute, NodePlatform.CentOS) => ["calico-common", "calico-compute", "calico-dhcp-agent", "calico-felix", "dnsmasq", "networking-calico"],
        _ => ["calico-compute", "calico-felix", "calico-common", "python-etcd", "networking-calico", "calico-dhcp-agent"],
    };

    /// <summary>
    /// The packages of every role the node has, in one list for one transaction: a control+compute node gets the
    /// control packages and then the compute ones not already named (Debian ties calico-control and calico-compute to
    /// the same networking-calico, so the two lists must move together).
    /// </summary>
    public static IReadOnlyList<string> For(NodeSpec node, string family) =>
        node.Roles.Order().SelectMany(role => For(role, family)).Distinct(StringComparer.Ordinal).ToList();
}
