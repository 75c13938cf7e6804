using Saga.Activities.Facts;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Activities.Services;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Facts;

public sealed class NodePlatformTests
{
    [Fact]
    public void From_CentOS7_UsesYumAndSystemd()
    {
        var platform = NodePlatform.From(OsRelease.Parse(Fixture.Text("centos7_os-release")), "ctl-1");

        Assert.Equal("centos 7", platform.Key);
        Assert.IsType<Yum>(platform.Packages);
        Assert.IsType<Systemd>(platform.Services);
    }

    [Fact]
    public void From_Trusty_UsesLegacyAptAndUpstart()
    {
        var platform = NodePlatform.From(OsRelease.Parse(Fixture.Text("trusty_os-release")), "cmp-1");

        Assert.Equal("ubuntu 14.04 (trusty)", platform.Key);
        Assert.True(Assert.IsType<Apt>(platform.Packages).LegacyForceYes);
        Assert.IsType<Upstart>(platform.Services);
    }

    [Fact]
    public void From_Xenial_UsesAptWithAllowDowngradesAndSystemd()
    {
        var platform = NodePlatform.From(OsRelease.Parse(Fixture.Text("xenial_os-release")), "cmp-2");

        Assert.Equal("ubuntu 16.04 (xenial)", platform.Key);
        Assert.False(Assert.IsType<Apt>(platform.Packages).LegacyForceYes);
        Assert.IsType<Systemd>(platform.Services);
    }

    [Fact]
    public void From_UnsupportedOs_IsRefusedNamingNodeAndOs()
    {
        var error = Assert.Throws<NodeException>(() => NodePlatform.From(OsRelease.Parse("ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"), "odd-1"));

        Assert.StartsWith("odd-1: runs Debian GNU/Linux 12 (bookworm)", error.Message, StringComparison.Ordinal);
        Assert.False(error.Retryable);
    }

    [Fact]
    public void Upstart_IsRunning_ReadsStartRunning()
    {
        var upstart = new Upstart();
        var running = new CommandResult("n", "service neutron-server status", 0, "neutron-server start/running, process 21566\n", "", TimeSpan.Zero);
        var stopped = running with { Stdout = "neutron-server stop/waiting\n" };

        Assert.True(upstart.IsRunning(running));
        Assert.False(upstart.IsRunning(stopped));
    }
}
