using System.Text;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>
/// One downgrade of a cluster whose nodes look like real ones rather than like the runbook: a CentOS repository file
/// with another name and a dnsmasq the 3.1 upgrade updated, xenial's add-apt-repository list name, a felix.cfg whose
/// DatastoreType line has a trailing comment, CRLF line endings and a byte that is not UTF-8, libvirt's dnsmasq on every
/// compute node, and /calico/v1/Ready false as a started migration leaves it. The tests read what it left behind.
/// </summary>
public sealed class RealWorldCluster : IAsyncLifetime
{
    public static readonly byte[] FelixBefore =
        [.. "# Felix configuration file\r\n[global]\r\nEtcdEndpoints = ETCD\r\nFelixHostname = cu\r\nLogSeverityScreen = Info # caf"u8, 0xE9, .. "\r\nDatastoreType = etcdv3    # set by the 3.1 upgrade\r\n; end"u8];

    public Lab Lab { get; private set; } = null!;

    internal Workspace Workspace { get; } = new();

    internal SagaProcess Run { get; private set; } = null!;

    public string InstanceId => Workspace.InstanceIdIn(Run.Stdout);

    internal DowngradedCluster Expected { get; private set; } = null!;

    /// <summary>The process table of each compute node before the run.</summary>
    public Dictionary<string, string[]> ProcessesBefore { get; } = [];

    public byte[] FelixWritten { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Lab = await Saga.Tests.Lab.Lab.StartAsync("ctl:centos7:control", "cc:centos7:compute:repo-name,dnsmasq-31", "cu:trusty:compute", "cx:xenial:compute:ppa-list");
        FelixWritten = Replace(FelixBefore, "ETCD", $"http://{Lab.Subnet}.2:2379");
        await File.WriteAllBytesAsync(Lab.NodePath("cu", "/etc/calico/felix.cfg"), FelixWritten);
        foreach (var node in Lab.Inventory.ComputeNodes)
            ProcessesBefore[node.Name] = await File.ReadAllLinesAsync(Lab.NodePath(node.Name, "/var/lib/lab/processes"));
        Expected = new DowngradedCluster(Lab);
        Run = await Workspace.RunAsync("run", "-i", Lab.InventoryPath);
    }

    public async ValueTask DisposeAsync()
    {
        Workspace.Dispose();
        await Lab.DisposeAsync();
    }

    /// <summary>The lines of a node's process table whose command line contains <paramref name="text"/>.</summary>
    public string[] Processes(string node, string text) =>
        File.ReadAllLines(Lab.NodePath(node, "/var/lib/lab/processes")).Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray();

    private static byte[] Replace(byte[] bytes, string what, string with)
    {
        var at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(what));
        return [.. bytes[..at], .. Encoding.ASCII.GetBytes(with), .. bytes[(at + what.Length)..]];
    }
}
