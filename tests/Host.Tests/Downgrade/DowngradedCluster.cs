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
        Assert.True(installed.PartWay.Count == 0, $"{node.Name}: left part-way: {string.Join("; ", installed.PartWay.Values)}");
        foreach (var package in packages.Where(p => p is not ("python-etcd" or "dnsmasq")))
        {
            Assert.True(installed.TryGetValue(package, out var version), $"{node.Name}: {package} is not installed");
            Assert.True(version.StartsWith("2.6.5", StringComparison.Ordinal) || version.StartsWith("1:1.4.3", StringComparison.Ordinal), $"{node.Name}: {package} is at {version}");
        }

        AssertNoEnabledSourceOf31(node, platform);
        Assert.Equal(File.ReadAllBytes(Path.Combine(lab.Directory, "calicoctl-v1.6.3")), File.ReadAllBytes(lab.NodePath(node.Name, "/usr/local/bin/calicoctl")));
        Assert.Contains("apiVersion: v1", lab.ReadNodeFile(node.Name, "/etc/calico/calicoctl.cfg"), StringComparison.Ordinal);

        if (node.Is(NodeRole.Compute))
        {
            var felix = File.ReadAllBytes(lab.NodePath(node.Name, FelixConfig.Path));
            if (felixBefore.TryGetValue(node.Name, out var before))
                Assert.Equal(Encoding.UTF8.GetString(FelixConfig.WithoutEtcdv3Datastore(before)), Encoding.UTF8.GetString(felix));
            Assert.False(FelixConfig.HasEtcdv3Datastore(felix));
            Assert.Matches(@"^Version:\s+v?2\.6\.\d+", await lab.SshAsync(node.Name, "calico-felix --version"));
            AssertFelixRunning(node);
        }

        if (node.Is(NodeRole.Control))
        {
            var journal = lab.Journal(node.Name).Select(l => l.Split(' ', 2)[1]).ToList();
            var downgrade = journal.FindIndex(l => l.Contains("downgrade", StringComparison.Ordinal) || l.StartsWith("apt-get install", StringComparison.Ordinal));
            var restart = journal.FindLastIndex(l => l.Contains("neutron-server", StringComparison.Ordinal) && l.Contains("restart", StringComparison.Ordinal));
            Assert.True(downgrade >= 0 && restart > downgrade, $"{node.Name}: neutron-server was not restarted after the downgrade:\n{string.Join('\n', journal)}");
        }
    }

    /// <summary>
    /// Felix was restarted after the last package transaction, runs a process that loaded its configuration (its
    /// "Successfully loaded configuration." line in felix.log carries its PID), and no felix 2.6 ever started while
    /// /calico/v1/Ready was false (the lab's record of felix starts). libvirt's dnsmasq was left alone.
    /// </summary>
    public void AssertFelixRunning(NodeSpec node)
    {
        var journal = lab.Journal(node.Name).Select(l => l.Split(' ', 2)[1]).ToList();
        var packages = journal.FindLastIndex(l => l.Contains("downgrade", StringComparison.Ordinal) || l.StartsWith("apt-get install", StringComparison.Ordinal));
        var restart = journal.FindLastIndex(l => l is "systemctl restart calico-felix" or "service calico-felix restart");
        Assert.True(packages >= 0 && restart > packages, $"{node.Name}: felix was not restarted after the packages changed:\n{string.Join('\n', journal)}");
        var starts = File.ReadAllLines(lab.NodePath(node.Name, "/var/lib/lab/felix-starts"));
        Assert.DoesNotContain(starts, l => l.Split(' ') is [_, _, var version, var state] && version.StartsWith("2.6", StringComparison.Ordinal) && state != "ready");
        var pid = lab.ReadNodeFile(node.Name, "/var/lib/lab/services/calico-felix").Split(' ')[1];
        Assert.Contains($"[INFO][{pid}] felix.go 255: Successfully loaded configuration.", lab.ReadNodeFile(node.Name, "/var/log/calico/felix.log"), StringComparison.Ordinal);
        var processes = File.ReadAllLines(lab.NodePath(node.Name, "/var/lib/lab/processes"));
        Assert.Contains(processes, l => l.StartsWith("1417 1 ", StringComparison.Ordinal) && l.Contains("--conf-file=/var/lib/libvirt/dnsmasq/default.conf", StringComparison.Ordinal));
        Assert.Contains(processes, l => l.StartsWith("1418 1417 ", StringComparison.Ordinal));
    }

    /// <summary>No enabled yum repository or apt source of the node names calico-3.1, and one names calico-2.6.</summary>
    public void AssertNoEnabledSourceOf31(NodeSpec node, NodePlatform platform)
    {
        var sources = platform.Family == NodePlatform.CentOS
            ? Directory.GetFiles(lab.NodePath(node.Name, "/etc/yum.repos.d"), "*.repo").SelectMany(File.ReadAllLines).Where(l => l.StartsWith("baseurl", StringComparison.Ordinal)).ToList()
            : Directory.GetFiles(lab.NodePath(node.Name, "/etc/apt/sources.list.d"), "*.list").Append(lab.NodePath(node.Name, "/etc/apt/sources.list"))
                .SelectMany(File.ReadAllLines).Select(l => l.Split('#')[0].Trim()).Where(l => l.StartsWith("deb", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(sources, l => l.Contains("calico-3.1", StringComparison.Ordinal));
        Assert.Contains(sources, l => l.Contains("calico-2.6", StringComparison.Ordinal));
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
