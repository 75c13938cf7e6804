using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>saga run against labs of real SSH nodes: CentOS, Ubuntu and mixed clusters, end to end.</summary>
public sealed class DowngradeEndToEndTests
{
    [Theory]
    [InlineData("centos", new[] { "ctl:centos7:control", "c1:centos7:compute", "c2:centos7:compute" })]
    [InlineData("ubuntu", new[] { "ctl:trusty:control", "u1:trusty:compute", "x1:xenial:compute" })]
    [InlineData("mixed", new[] { "ctl-c:centos7:control", "ctl-x:xenial:control", "cmp-c:centos7:compute", "cmp-u:trusty:compute", "cmp-x:xenial:compute" })]
    public async Task Run_Cluster_DowngradesEveryNodeAndCleansEtcdv3(string cluster, string[] nodes)
    {
        await using var lab = await Lab.StartAsync(nodes);
        using var workspace = new Workspace();
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();

        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);

        Assert.True(run.ExitCode == 0, $"{cluster}: {run}");
        Assert.Contains("finished.", run.Stdout, StringComparison.Ordinal);
        await expected.AssertEveryNodeDowngradedAsync();
    }

    [Fact]
    public async Task Plan_ListsEveryNodesCommandsAndChangesNothing()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "u1:trusty:compute", "x1:xenial:compute");
        using var workspace = new Workspace();

        var plan = await workspace.RunAsync("plan", "-i", lab.InventoryPath);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("sudo -n yum clean all", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("sudo -n yum -y downgrade calico-common-2.6.5-1.el7 calico-control-1.4.3-1.el7 networking-calico-1.4.3-1.el7", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("calico-control=1:1.4.3-1.el7", plan.Stdout, StringComparison.Ordinal); // resolved by repoquery, before the repository switch
        Assert.DoesNotContain("<2.6>", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains(
            "sudo -n DEBIAN_FRONTEND=noninteractive apt-get install --reinstall -y --force-yes --no-remove -o Dpkg::Options::=--force-confdef " +
            "-o Dpkg::Options::=--force-confold 'calico-compute=1:1.4.3~trusty' 'calico-felix=2.6.5~trusty'", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("-y --allow-downgrades --no-remove -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold 'calico-compute=1:1.4.3~xenial'", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("ETCDCTL_API=3 etcdctl", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  v2 cluster ({lab.EtcdV2})\n      Calico 2.6's datastore: read with ETCDCTL_API=2: /calico/v1/config must exist, /calico/v1/Ready set back to true", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  v3 cluster ({lab.EtcdV3})\n      the data calico-upgrade migrated: ETCDCTL_API=3: its nodes compared with the inventory, /calico/ dumped, then deleted", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains($"ETCDCTL_API=2 etcdctl --endpoints {lab.EtcdV2} get /calico/v1/Ready", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains($"ETCDCTL_API=3 etcdctl --endpoints {lab.EtcdV3} del /calico/ --prefix", plan.Stdout, StringComparison.Ordinal);
        foreach (var node in lab.Inventory.Nodes)
            Assert.Empty(lab.Journal(node.Name));
    }

    [Fact]
    public async Task Plan_CentOSNodeWithoutRepoquery_SaysWhyThe26VersionsAreNotKnownYet()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute");
        await lab.FaultAsync("ctl", "no-yum-utils");
        using var workspace = new Workspace();

        var plan = await workspace.RunAsync("plan", "-i", lab.InventoryPath);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("# <2.6> below: not known yet: repoquery (yum-utils) is not installed on ctl; they are resolved after the repository switch", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("sudo -n yum -y downgrade 'calico-common-<2.6>' 'calico-control-<2.6>' 'networking-calico-<2.6>'", plan.Stdout, StringComparison.Ordinal);
        Assert.Empty(lab.Journal("ctl"));
    }
}
