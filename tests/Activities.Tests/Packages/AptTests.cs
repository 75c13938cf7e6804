using Saga.Activities.Packages;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Packages;

public sealed class AptTests
{
    [Theory]
    [InlineData("networking-calico_1%3a3.1.3~trusty_all.deb", true)]
    [InlineData("networking-calico_1:3.1.3~trusty_all.deb", false)]
    [InlineData("networking-calico_1%3a3.1.3~trusty_all.deb.part", false)]
    [InlineData("networking-calico-extra_1%3a3.1.3~trusty_all.deb", false)]
    public void IsFileOf_IsTheFileAptGetDownloadWritesForTheVersion(string file, bool expected)
    {
        Assert.Equal(expected, new Apt(legacyForceYes: true).IsFileOf(new PackageVersion("networking-calico", "1:3.1.3~trusty"), file));
    }

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
        Assert.Equal(new Dictionary<string, string> { ["calico-felix"] = "3.1.3~trusty" }, other.ToDictionary());
        Assert.Empty(other.PartWay);
    }

    [Fact]
    public void ParseInstalled_MissingPackage_IsAbsent()
    {
        var installed = new Apt(legacyForceYes: true).ParseInstalled(Fixture.Text("trusty_dpkg-query-W-f_control_felix-missing.out"));

        Assert.False(installed.ContainsKey("calico-felix"));
        Assert.False(installed.PartWay.ContainsKey("calico-felix"));
        Assert.Equal(4, installed.Count);
    }

    [Theory]
    [InlineData("install reinstreq half-installed", "half-installed at 3.1.3~trusty (iHR)", true)]
    [InlineData("install ok unpacked", "unpacked at 3.1.3~trusty (iU)", false)]
    [InlineData("install ok half-configured", "half-configured at 3.1.3~trusty (iF)", false)]
    [InlineData("install ok triggers-awaited", "triggers-awaited at 3.1.3~trusty (iW)", false)]
    [InlineData("install ok triggers-pending", "triggers-pending at 3.1.3~trusty (it)", false)]
    public void ParseInstalled_PartWayState_IsReportedAndNeverCountedInstalled(string status, string state, bool reinstall)
    {
        var installed = new Apt(legacyForceYes: true).ParseInstalled($"calico-felix 3.1.3~trusty {status}\ncalico-common 2.6.5~trusty install ok installed\n");

        Assert.False(installed.ContainsKey("calico-felix"));
        Assert.Equal(new PartWayPackage("calico-felix", "3.1.3~trusty", state, reinstall), installed.PartWay["calico-felix"]);
        Assert.Equal("2.6.5~trusty", installed["calico-common"]);
    }

    [Theory]
    [InlineData(true, "--force-yes")]
    [InlineData(false, "--allow-downgrades")]
    public void Install_PinsMadisonVersionsRefusesRemovalsAndKeepsChangedConffiles(bool trusty, string flag)
    {
        var command = new Apt(trusty).Install([new("calico-felix", "2.6.5~trusty"), new("networking-calico", "1:1.4.3~trusty")]);

        Assert.Equal(
            $"sudo -n DEBIAN_FRONTEND=noninteractive apt-get install --reinstall -y {flag} --no-remove -o Dpkg::Options::=--force-confdef " +
            "-o Dpkg::Options::=--force-confold 'calico-felix=2.6.5~trusty' 'networking-calico=1:1.4.3~trusty'",
            command.Render(sudo: true));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void InstallFiles_IsDpkgInstallOnTrustyAndXenial_KeepingChangedConffiles(bool trusty) =>
        Assert.Equal(
            "sudo -n DEBIAN_FRONTEND=noninteractive dpkg --force-confdef --force-confold -i '/b/packages-before/calico-felix_3.1.3~trusty_amd64.deb'",
            new Apt(trusty).InstallFiles(["/b/packages-before/calico-felix_3.1.3~trusty_amd64.deb"]).Render(sudo: true));

    [Fact]
    public void Complete_ConfiguresEverythingPendingWithoutPrompting() =>
        Assert.Equal("sudo -n DEBIAN_FRONTEND=noninteractive dpkg --force-confdef --force-confold --configure -a", new Apt(true).Complete().Render(sudo: true));

    [Fact]
    public void ParseInterrupted_AuditAndJournal_SplitsWhatCompletionFixesFromWhatNeedsAReinstall()
    {
        const string audit = """
            The following packages are in a mess due to serious problems during
            installation.  They must be reinstalled for them (and any packages
            that depend on them) to function properly:
             calico-felix         (no description available)

            The following packages are only half configured, probably due to problems
            configuring them the first time.  The configuration should be retried using
            dpkg --configure <package> or the configure menu option in dselect:
             calico-common        (no description available)

            dpkg journal not applied: /var/lib/dpkg/updates/0000

            """;

        var found = new Apt(true).ParseInterrupted(audit);

        Assert.True(found.NeedsCompletion);
        Assert.Equal(["calico-felix"], found.ReinstallOnly);
        Assert.Equal(["calico-felix: must be reinstalled (reinstreq)", "calico-common: half-configured", "dpkg journal not applied: /var/lib/dpkg/updates/0000"], found.Findings);
    }

    [Fact]
    public void ParseInterrupted_OnlyAHalfInstalledPackage_NeedsNoCompletion()
    {
        const string audit = "The following packages are in a mess due to serious problems during\ninstallation.  They must be reinstalled for them (and any packages\nthat depend on them) to function properly:\n calico-felix         (no description available)\n\n";

        var found = new Apt(true).ParseInterrupted(audit);

        Assert.False(found.NeedsCompletion);
        Assert.True(found.Found);
    }

    [Fact]
    public void ParseInterrupted_CleanNode_FindsNothing() => Assert.False(new Apt(false).ParseInterrupted("").Found);
}
