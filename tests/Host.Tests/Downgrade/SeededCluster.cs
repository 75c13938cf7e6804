using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>
/// A lab as <c>up</c> seeded it, remembered before a run: each node's Calico files byte for byte (felix.cfg,
/// neutron.conf, calicoctl.cfg, the calicoctl binary, every package source), its package versions, and both etcds'
/// Calico data. A restored node must match it again, with felix 3.1 (and its role's services) running.
/// </summary>
internal sealed class SeededCluster(Lab lab)
{
    private static readonly string[] Files = [FelixConfig.Path, NeutronConfig.Path, "/etc/calico/calicoctl.cfg", "/usr/local/bin/calicoctl"];
    private readonly Dictionary<string, Dictionary<string, byte[]>> files = [];
    private readonly Dictionary<string, string> packages = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> versions = [];
    private string v3 = "", ready = "";

    public async Task RememberAsync()
    {
        foreach (var node in lab.Inventory.Nodes)
        {
            files[node.Name] = FilesOf(node.Name);
            packages[node.Name] = await PackagesAsync(node);
            versions[node.Name] = await VersionsAsync(node);
        }

        v3 = await lab.EtcdctlAsync(3, "get", "/calico/", "--prefix");
        ready = await lab.EtcdctlAsync(2, "get", "/calico/v1/Ready");
    }

    /// <summary>The Calico package versions the lab seeded on <paramref name="node"/>.</summary>
    public IReadOnlyDictionary<string, string> Versions(string node) => versions[node];

    /// <summary>The node's Calico package versions now, as its package manager reports them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> VersionsAsync(NodeSpec node)
    {
        var platform = NodePlatform.From(OsRelease.Parse(await lab.SshAsync(node.Name, "cat /etc/os-release")), node.Name);
        return platform.Packages.ParseInstalled(await PackagesAsync(node)).ToDictionary();
    }

    /// <summary>The node's files, package versions and services are as seeded: Calico 3.1, felix running.</summary>
    public async Task AssertNodeRestoredAsync(string name)
    {
        var node = lab.Inventory.Node(name);
        var now = FilesOf(name);
        Assert.Equal(files[name].Keys.Order(), now.Keys.Order());
        foreach (var (path, bytes) in files[name])
            Assert.True(bytes.AsSpan().SequenceEqual(now[path]), $"{name}: {path} differs from what the lab seeded:\n{System.Text.Encoding.UTF8.GetString(now[path])}");
        Assert.Equal(packages[name], await PackagesAsync(node));
        if (node.Is(NodeRole.Compute))
        {
            Assert.Matches(@"^Version:\s+v?3\.1\.3", await lab.SshAsync(name, "calico-felix --version"));
            Assert.StartsWith("active ", lab.ReadNodeFile(name, "/var/lib/lab/services/calico-felix"), StringComparison.Ordinal);
            Assert.StartsWith("active ", lab.ReadNodeFile(name, "/var/lib/lab/services/calico-dhcp-agent"), StringComparison.Ordinal);
        }

        if (node.Is(NodeRole.Control))
            Assert.StartsWith("active ", lab.ReadNodeFile(name, "/var/lib/lab/services/neutron-server"), StringComparison.Ordinal);
    }

    /// <summary>The migrated data is in the v3 etcd as the lab seeded it (never deleted, or put back).</summary>
    public async Task AssertEtcdV3AsSeededAsync() => Assert.Equal(v3, await lab.EtcdctlAsync(3, "get", "/calico/", "--prefix"));

    /// <summary>The migrated data is back in the v3 etcd with its values, and the v2 Ready flag has its seeded value.</summary>
    public async Task AssertEtcdRestoredAsync()
    {
        Assert.Equal(v3, await lab.EtcdctlAsync(3, "get", "/calico/", "--prefix"));
        Assert.Equal(ready, await lab.EtcdctlAsync(2, "get", "/calico/v1/Ready"));
    }

    private Dictionary<string, byte[]> FilesOf(string node)
    {
        var sources = new[] { "/etc/yum.repos.d", "/etc/apt/sources.list.d" }.Where(d => Directory.Exists(lab.NodePath(node, d)))
            .SelectMany(d => Directory.GetFiles(lab.NodePath(node, d)).Select(f => $"{d}/{Path.GetFileName(f)}"))
            .Append("/etc/apt/sources.list");
        return Files.Concat(sources).Where(p => File.Exists(lab.NodePath(node, p))).ToDictionary(p => p, p => File.ReadAllBytes(lab.NodePath(node, p)));
    }

    private async Task<string> PackagesAsync(NodeSpec node)
    {
        var platform = NodePlatform.From(OsRelease.Parse(await lab.SshAsync(node.Name, "cat /etc/os-release")), node.Name);
        return await lab.SshAsync(node.Name, platform.Packages.QueryInstalled(CalicoPackages.For(node, platform.Family)).Render(sudo: false) + "; true");
    }
}
