namespace Saga.Activities.Inventory;

/// <summary>
/// The two etcd clusters of a Calico 3.1 upgrade and the node that runs etcdctl: <see cref="V2"/> holds Calico 2.6's
/// data (read with the v2 API: the Ready flag lives there), <see cref="V3"/> the data calico-upgrade migrated (deleted
/// with the v3 API at the end). One cluster that serves both is named twice.
/// </summary>
/// <param name="RunOn">The node that runs etcdctl.</param>
/// <param name="V2">Calico 2.6's datastore; the password comes from SAGA_ETCD_V2_PASSWORD.</param>
/// <param name="V3">The migrated data; the password comes from SAGA_ETCD_V3_PASSWORD.</param>
public sealed record EtcdSettings(string RunOn, EtcdCluster V2, EtcdCluster V3)
{
    /// <summary>True when the inventory names the same endpoints for both.</summary>
    public bool OneCluster => V2.Endpoints.Order(StringComparer.Ordinal).SequenceEqual(V3.Endpoints.Order(StringComparer.Ordinal), StringComparer.Ordinal);
}

/// <summary>One etcd cluster as etcdctl reaches it.</summary>
/// <param name="Endpoints">http(s)://host:port URLs.</param>
/// <param name="CaCertFile">CA bundle on the runOn node (v2 <c>--ca-file</c>, v3 <c>--cacert</c>).</param>
/// <param name="CertFile">Client certificate on the runOn node (v2 <c>--cert-file</c>, v3 <c>--cert</c>).</param>
/// <param name="KeyFile">Client key on the runOn node (v2 <c>--key-file</c>, v3 <c>--key</c>).</param>
/// <param name="User">User name, when the cluster has authentication on; the password comes from the environment.</param>
public sealed record EtcdCluster(IReadOnlyList<string> Endpoints, string? CaCertFile, string? CertFile, string? KeyFile, string? User)
{
    /// <summary>Whether <paramref name="host"/>:<paramref name="port"/> is one of the endpoints (host compared without case).</summary>
    public bool Has(string host, int port) => Endpoints.Any(e => Uri.TryCreate(e, UriKind.Absolute, out var uri)
                                                               && string.Equals(uri.Host.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
                                                               && uri.Port == port);
}

/// <summary>What to do when neutron.conf's [calico] section leaves etcd_port unset (networking-calico 1.4.3 then uses 4001).</summary>
/// <param name="EtcdPort">Write <c>etcd_port = N</c> into [calico] (backup first) before the service restarts.</param>
/// <param name="AcceptDefaultPort">Go on with 1.4.3's default of 4001.</param>
public sealed record NeutronSettings(int? EtcdPort, bool AcceptDefaultPort)
{
    /// <summary>Neither: a node whose etcd_port is unset is refused at preflight.</summary>
    public static NeutronSettings Unset { get; } = new(null, false);

    public override string ToString() =>
        EtcdPort is { } port ? $"neutron.etcdPort: {port}" : AcceptDefaultPort ? "neutron.acceptDefaultPort: true" : "no neutron setting";
}
