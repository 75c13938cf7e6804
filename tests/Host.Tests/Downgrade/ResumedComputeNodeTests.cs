using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>A compute node resumed after its packages changed outside the run still gets what the change needs.</summary>
public sealed class ResumedComputeNodeTests
{
    private const string CalicoDnsmasq = "--pid-file=/var/lib/neutron/dhcp/";
    private const string LibvirtDnsmasq = "--conf-file=/var/lib/libvirt/dnsmasq/default.conf";

    [Fact]
    public async Task Resume_PackagesDowngradedByHandAfterAFailure_StillRestartsCalicosDnsmasqAndTheAgent()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "cc:centos7:compute:dnsmasq-31");
        await lab.FaultAsync("cc", "fail", "yum", "downgrade");
        using var workspace = new Workspace();
        var expected = new DowngradedCluster(lab);
        var failed = await workspace.RunAsync("run", "-i", lab.InventoryPath, "--canary", "0");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("cc (faulted at downgrade-packages", failed.Stdout, StringComparison.Ordinal);
        var calicoBefore = Processes(lab, CalicoDnsmasq);
        var libvirtBefore = Processes(lab, LibvirtDnsmasq);

        // the operator finishes the transaction by hand: on resume the package step has nothing left to do
        await lab.FaultAsync("cc", "clear");
        await lab.SshAsync("cc", "sudo -n yum -y downgrade calico-common-2.6.5-1.el7 calico-compute-1.4.3-1.el7 calico-dhcp-agent-1.4.3-1.el7 " +
                                 "calico-felix-2.6.5-1.el7 dnsmasq-2.76-5.el7 networking-calico-1.4.3-1.el7");
        var resumed = await workspace.RunAsync("resume", Workspace.InstanceIdIn(failed.Stdout));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        await expected.AssertEveryNodeDowngradedAsync();
        Assert.Equal(2, Processes(lab, CalicoDnsmasq).Length);
        Assert.Empty(Processes(lab, CalicoDnsmasq).Intersect(calicoBefore));
        Assert.Equal(libvirtBefore, Processes(lab, LibvirtDnsmasq));
        Assert.Equal(1, lab.Count("cc", "pkill -f"));
    }

    private static string[] Processes(Lab lab, string text) =>
        File.ReadAllLines(lab.NodePath("cc", "/var/lib/lab/processes")).Where(l => l.Contains(text, StringComparison.Ordinal)).ToArray();
}
