using Saga.Activities.Packages;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Packages;

public sealed class YumTests
{
    private readonly Yum yum = new();

    [Fact]
    public void Download_NamesEachVersionAsYumReadsItIntoTheFolder()
    {
        var command = new Yum().Download([new PackageVersion("networking-calico", "1:3.1.3-1.el7"), new PackageVersion("calico-felix", "3.1.3-1.el7")], "/var/backups/saga/r/packages-before");

        Assert.Equal("sudo -n yumdownloader --destdir /var/backups/saga/r/packages-before networking-calico-3.1.3-1.el7 calico-felix-3.1.3-1.el7", command.Render(sudo: true));
    }

    [Theory]
    [InlineData("networking-calico-3.1.3-1.el7.noarch.rpm", true)]
    [InlineData("networking-calico-3.1.3-1.el7.x86_64.rpm", true)]
    [InlineData("networking-calico-3.1.3-1.el7.noarch.rpm.part", false)]
    [InlineData("networking-calico-3.1.3-2.el7.noarch.rpm", false)]
    [InlineData("networking-calico-3.1.3-1.el7.1.noarch.rpm", false)]
    public void IsFileOf_IsTheFileYumdownloaderWritesForTheVersion(string file, bool expected)
    {
        Assert.Equal(expected, new Yum().IsFileOf(new PackageVersion("networking-calico", "1:3.1.3-1.el7"), file));
    }

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
        const string output = "calico-felix (none):2.6.5-1.el7 x86_64\nnetworking-calico 1:1.4.3-1.el7 noarch\npackage calico-control is not installed\n";

        var installed = yum.ParseInstalled(output);

        Assert.Equal(new Dictionary<string, string> { ["calico-felix"] = "2.6.5-1.el7", ["networking-calico"] = "1:1.4.3-1.el7" }, installed.ToDictionary());
        Assert.Empty(installed.PartWay);
    }

    [Fact]
    public void ParseInstalled_FixtureWithoutArchColumn_ReadsEpochVersionRelease()
    {
        var installed = yum.ParseInstalled("calico-felix " + Fixture.Text("centos7_rpm-q-qf-epoch_compute-after-downgrade.out").Split('\n')[0]);

        Assert.Equal("2.6.5-1.el7", installed["calico-felix"]);
    }

    [Fact]
    public void ParseInstalled_PackageAtTwoVersionsOfOneArch_IsPartWayAndNotInstalled()
    {
        const string output = "calico-felix (none):3.1.3-1.el7 x86_64\ncalico-felix (none):2.6.5-1.el7 x86_64\nnetworking-calico 1:1.4.3-1.el7 noarch\n";

        var installed = yum.ParseInstalled(output);

        Assert.False(installed.ContainsKey("calico-felix"));
        Assert.Equal("calico-felix installed twice (3.1.3-1.el7 and 2.6.5-1.el7): a yum transaction did not finish", installed.PartWay["calico-felix"].ToString());
        Assert.False(installed.PartWay["calico-felix"].NeedsReinstall);
    }

    [Fact]
    public void ParseInstalled_OneVersionForTwoArches_IsMultilibNotPartWay()
    {
        var installed = yum.ParseInstalled("glibc (none):2.17-222.el7 x86_64\nglibc (none):2.17-222.el7 i686\n");

        Assert.Empty(installed.PartWay);
        Assert.Equal("2.17-222.el7", installed["glibc"]);
    }

    [Theory]
    [InlineData("2.6.5-1.el7", "calico-felix-2.6.5-1.el7")]
    [InlineData("1:1.4.3-1.el7", "calico-felix-1.4.3-1.el7")]
    [InlineData("0:1.4.3-1.el7", "calico-felix-1.4.3-1.el7")]
    public void Argument_IsNameVersionReleaseWithoutTheEpoch(string version, string argument) =>
        Assert.Equal(argument, Yum.Argument(new PackageVersion("calico-felix", version)));

    [Fact]
    public void Commands_AreNonInteractiveAndInFormsYumMatches()
    {
        Assert.Equal("sudo -n yum clean all", yum.CleanCache().Render(sudo: true));
        Assert.Equal(
            "sudo -n yum -y downgrade calico-felix-2.6.5-1.el7 networking-calico-1.4.3-1.el7",
            yum.Install([new("calico-felix", "2.6.5-1.el7"), new("networking-calico", "1:1.4.3-1.el7")]).Render(sudo: true));
        Assert.Equal("rpm -q --qf '%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH}\\n' calico-felix", yum.QueryInstalled(["calico-felix"]).Render(sudo: true));
        Assert.Equal("sudo -n /usr/bin/yum-complete-transaction -y", yum.Complete().Render(sudo: true));
    }

    [Fact]
    public void InstallFiles_NamesThePackageFilesAsInstallArguments_WhichYumTakesAsLocalPackages() =>
        Assert.Equal(
            "sudo -n yum -y install /var/backups/saga/r/packages-before/calico-felix-3.1.3-1.el7.x86_64.rpm",
            yum.InstallFiles(["/var/backups/saga/r/packages-before/calico-felix-3.1.3-1.el7.x86_64.rpm"]).Render(sudo: true));

    [Fact]
    public void ListAvailableFrom_ReadsOneRepositoryByUrlIntoAPrivateCache()
    {
        var command = Yum.ListAvailableFrom("saga-calico-2.6-1", "https://binaries.projectcalico.org/rpm/calico-2.6/", ["calico-felix", "networking-calico"]);

        Assert.Equal(
            "/usr/bin/repoquery --tempcache --repofrompath=saga-calico-2.6-1,https://binaries.projectcalico.org/rpm/calico-2.6/ --repoid=saga-calico-2.6-1 " +
            "--show-duplicates --qf '%{name} %{epoch}:%{version}-%{release} %{arch}' calico-felix networking-calico",
            command.Render(sudo: true));
    }

    [Fact]
    public void ParseRepoquery_DropsEpochZeroAsYumListDoes()
    {
        var available = Yum.ParseRepoquery("calico-felix 0:2.6.5-1.el7 x86_64\nnetworking-calico 1:1.4.3-1.el7 noarch\n", "r");

        Assert.Equal([new("calico-felix", "2.6.5-1.el7", "r"), new AvailableVersion("networking-calico", "1:1.4.3-1.el7", "r")], available);
    }

    [Fact]
    public void ParseInterrupted_TransactionFiles_NeedCompletion()
    {
        var found = yum.ParseInterrupted("unfinished yum transaction: /var/lib/yum/transaction-all.2018-06-01.10:00.00\n");

        Assert.True(found.NeedsCompletion);
        Assert.False(yum.ParseInterrupted("").Found);
    }
}
