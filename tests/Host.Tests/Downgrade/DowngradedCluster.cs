using System.Text;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>What a correctly downgraded lab looks like, checked node by node over SSH and in etcd.</summary>
internal sealed class DowngradedCluster(Lab lab)
{
    private readonly Dictionary<string, byte[]> felixBefore = [];

    /// <summary>Remembers every compute node's felix.cfg, to check afterwards that only the etcdv3 line went.</summary>
    public void RememberFelixConfigs()
    {
        foreach (var node in lab.Inventory.ComputeNodes)
            felixBefore[node.Name] = File.ReadAllBytes(lab.NodePath(node.Name, FelixConfig.Path));
    }

    public async Task AssertEveryNodeDowngradedAsync()
    {
        foreach (var node in lab.Inventory.Nodes)
            await AssertNodeAsync(node);
        await AssertEtcdAsync();
    }

    public async Task AssertNodeAsync(NodeSpec node)
    {
        var platform = NodePlatform.From(OsRelease.Parse(await lab.SshAsync(node.Name, "cat /etc/os-release")), node.Name);
        var packages = CalicoPackages.For(node, platform.Family);
        var installed = platform.Packages.ParseInstalled(await lab.SshAsync(node.Name, platform.Packages.QueryInstalled(packages).Render(sudo: false) + "; true"));
        foreach (var package in packages.Where(p => p is not ("python-etcd" or "dnsmasq")))
        {
            Assert.True(installed.TryGetValue(package, out var version), $"{node.Name}: {package} is not installed");
            Assert.True(version.StartsWith("2.6.5", StringComparison.Ordinal) || version.StartsWith("1:1.4.3", StringComparison.Ordinal), $"{node.Name}: {package} is at {version}");
        }

        if (platform.Family == NodePlatform.CentOS)
        {
            var repo = lab.ReadNodeFile(node.Name, YumCalicoRepository.RepoFile);
            Assert.Contains("calico-2.6", repo, StringComparison.Ordinal);
            Assert.DoesNotContain("calico-3.1", repo, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(File.Exists(lab.NodePath(node.Name, AptCalicoRepository.List31)), $"{node.Name}: the 3.1 list is still there");
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(lab.Directory, "calicoctl-v1.6.3")), File.ReadAllBytes(lab.NodePath(node.Name, "/usr/local/bin/calicoctl")));
        Assert.Contains("apiVersion: v1", lab.ReadNodeFile(node.Name, "/etc/calico/calicoctl.cfg"), StringComparison.Ordinal);

        if (node.Is(NodeRole.Compute))
        {
            var felix = File.ReadAllBytes(lab.NodePath(node.Name, FelixConfig.Path));
            if (felixBefore.TryGetValue(node.Name, out var before))
                Assert.Equal(Encoding.UTF8.GetString(FelixConfig.WithoutEtcdv3Datastore(before)), Encoding.UTF8.GetString(felix));
            Assert.False(FelixConfig.HasEtcdv3Datastore(felix));
            Assert.Matches(@"^Version:\s+v?2\.6\.\d+", await lab.SshAsync(node.Name, "calico-felix --version"));
        }

        if (node.Is(NodeRole.Control))
        {
            var journal = lab.Journal(node.Name).Select(l => l.Split(' ', 2)[1]).ToList();
            var downgrade = journal.FindIndex(l => l.Contains("downgrade", StringComparison.Ordinal) || l.StartsWith("apt-get install", StringComparison.Ordinal));
            var restart = journal.FindLastIndex(l => l.Contains("neutron-server", StringComparison.Ordinal) && l.Contains("restart", StringComparison.Ordinal));
            Assert.True(downgrade >= 0 && restart > downgrade, $"{node.Name}: neutron-server was not restarted after the downgrade:\n{string.Join('\n', journal)}");
        }
    }

    /// <summary>The migrated data gone from the v3 etcd, Calico 2.6's data intact and Ready on the v2 one, nothing else touched on either.</summary>
    public async Task AssertEtcdAsync()
    {
        Assert.Equal("", (await lab.EtcdctlAsync(3, "get", "/calico/", "--prefix", "--keys-only")).Trim());
        Assert.Contains("untouched", await Lab.EtcdctlAsync(lab.EtcdV3, 3, "get", "/keep/me"), StringComparison.Ordinal);
        Assert.Contains("untouched", await Lab.EtcdctlAsync(lab.EtcdV2, 3, "get", "/keep/me"), StringComparison.Ordinal);
        Assert.Equal("true", (await lab.EtcdctlAsync(2, "get", "/calico/v1/Ready")).Trim());
        Assert.Equal("v2.6.5-7", (await lab.EtcdctlAsync(2, "get", "/calico/v1/config/CalicoVersion")).Trim());
    }
}
