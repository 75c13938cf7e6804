using Saga.Activities.Packages;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Packages;

public sealed class AptTests
{
    [Theory]
    [InlineData("trusty_apt-cache-madison_compute_2.6+3.1.out", 12)]
    [InlineData("xenial_apt-cache-madison_compute_2.6+3.1.out", 10)]
    [InlineData("trusty_apt-cache-madison_compute_2.6-only.out", 6)]
    public void ParseAvailable_Madison_ReadsEveryVersionWithItsSource(string fixture, int count)
    {
        var available = new Apt(legacyForceYes: false).ParseAvailable(Fixture.Text(fixture));

        Assert.Equal(count, available.Count);
        Assert.Contains(available, a => a.Package == "calico-felix" && a.Version.StartsWith("2.6.5~", StringComparison.Ordinal) && a.Source.Contains("/calico-2.6/", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseInstalled_DpkgQuery_InstalledAndHeldCountRemovedAndUnknownDoNot()
    {
        var apt = new Apt(legacyForceYes: true);

        var compute = apt.ParseInstalled(Fixture.Text("trusty_dpkg-query-W-f_compute.out"));
        var other = apt.ParseInstalled(Fixture.Text("trusty_dpkg-query-W-f_other-states.out"));

        Assert.Equal("1:3.1.3~trusty", compute["networking-calico"]);
        Assert.Equal(6, compute.Count);
        Assert.Equal(new Dictionary<string, string> { ["calico-felix"] = "3.1.3~trusty" }, other);
    }

    [Fact]
    public void ParseInstalled_MissingPackage_IsAbsent()
    {
        var installed = new Apt(legacyForceYes: true).ParseInstalled(Fixture.Text("trusty_dpkg-query-W-f_control_felix-missing.out"));

        Assert.False(installed.ContainsKey("calico-felix"));
        Assert.Equal(4, installed.Count);
    }

    [Theory]
    [InlineData(true, "--force-yes")]
    [InlineData(false, "--allow-downgrades")]
    public void Install_UsesTheDowngradeFlagOfTheAptVersion(bool trusty, string flag)
    {
        var command = new Apt(trusty).Install([new("calico-felix", "2.6.5~trusty"), new("networking-calico", "1:1.4.3~trusty")]);

        Assert.Equal(
            $"sudo -n DEBIAN_FRONTEND=noninteractive apt-get install --reinstall -y {flag} 'calico-felix=2.6.5~trusty' 'networking-calico=1:1.4.3~trusty'",
            command.Render(sudo: true));
    }
}
