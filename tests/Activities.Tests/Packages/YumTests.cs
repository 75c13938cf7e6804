using Saga.Activities.Packages;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Packages;

public sealed class YumTests
{
    private readonly Yum yum = new();

    [Fact]
    public void ParseAvailable_OneRepo_ReadsOnlyTheAvailableSectionWithEpochs()
    {
        var available = yum.ParseAvailable(Fixture.Text("centos7_yum-list-showduplicates_one-repo.out"));

        Assert.Equal(
            [new("calico-felix", "2.6.5-1.el7", "calico"), new AvailableVersion("networking-calico", "1:1.4.3-1.el7", "calico")],
            available);
    }

    [Fact]
    public void ParseAvailable_TwoRepos_KeepsTheRepositoryOfEachVersion()
    {
        var available = yum.ParseAvailable(Fixture.Text("centos7_yum-list-showduplicates_two-repos.out"));

        Assert.All(available, a => Assert.Equal("calico-2.6", a.Source));
        Assert.Equal(2, available.Count);
    }

    [Fact]
    public void ParseAvailable_LongNameWrappedOntoTwoLines_IsJoined()
    {
        const string output = "Available Packages\nnetworking-calico-with-a-long-name.noarch\n                          1:1.4.3-1.el7                  calico-2.6\n";

        Assert.Equal([new AvailableVersion("networking-calico-with-a-long-name", "1:1.4.3-1.el7", "calico-2.6")], yum.ParseAvailable(output));
    }

    [Fact]
    public void ParseInstalled_RpmQueryFormat_DropsNoneEpochsAndSkipsMissingPackages()
    {
        const string output = "calico-felix (none):2.6.5-1.el7\nnetworking-calico 1:1.4.3-1.el7\npackage calico-control is not installed\n";

        var installed = yum.ParseInstalled(output);

        Assert.Equal(new Dictionary<string, string> { ["calico-felix"] = "2.6.5-1.el7", ["networking-calico"] = "1:1.4.3-1.el7" }, installed);
    }

    [Fact]
    public void Commands_AreNonInteractiveAndExact()
    {
        Assert.Equal("sudo -n yum clean all", yum.CleanCache().Render(sudo: true));
        Assert.Equal(
            "sudo -n yum -y downgrade calico-felix-2.6.5-1.el7 networking-calico-1:1.4.3-1.el7",
            yum.Install([new("calico-felix", "2.6.5-1.el7"), new("networking-calico", "1:1.4.3-1.el7")]).Render(sudo: true));
        Assert.Equal("rpm -q --qf '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE}\\n' calico-felix", yum.QueryInstalled(["calico-felix"]).Render(sudo: true));
    }
}
