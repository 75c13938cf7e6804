using Saga.Tests.Lab;

namespace Saga.Activities.Tests.OnLab;

/// <summary>
/// Compute nodes whose packages a test takes to 2.6 by hand, to see what the felix and DHCP agent checks make of the
/// processes the lab runs: felix 2.6 waits while /calico/v1/Ready is not true, and restarts itself when it goes false.
/// </summary>
public sealed class FelixLab : IAsyncLifetime
{
    public Lab Lab { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Lab = await Saga.Tests.Lab.Lab.StartAsync("ctl:centos7:control", "waits:centos7:compute", "flaps:trusty:compute", "healthy:centos7:compute");

    public async ValueTask DisposeAsync() => await Lab.DisposeAsync();

    public Task SetReadyAsync(bool ready) => Lab.EtcdctlAsync(2, "set", "/calico/v1/Ready", ready ? "true" : "false");

    /// <summary>Felix and calico-common at 2.6 (the package restarts felix), and felix.cfg without its DatastoreType line.</summary>
    public async Task DowngradeFelixAsync(string node)
    {
        var fix = Lab.Inventory.Node(node).Name == "flaps"
            ? "sudo -n rm /etc/apt/sources.list.d/project-calico-calico-3_1-trusty.list && sudo -n apt-get update && " +
              "sudo -n apt-get install -y --force-yes calico-felix=2.6.5~trusty calico-common=2.6.5~trusty"
            : "sudo -n sed -i 's/calico-3.1/calico-2.6/g' /etc/yum.repos.d/calico.repo && sudo -n yum clean all && " +
              "sudo -n yum -y downgrade calico-felix-2.6.5-1.el7 calico-common-2.6.5-1.el7";
        await Lab.SshAsync(node, $"sudo -n sed -i '/^DatastoreType = etcdv3$/d' /etc/calico/felix.cfg && {fix} > /dev/null");
    }
}
