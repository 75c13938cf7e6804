using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Calico;

public sealed class PackageDowngradeTests
{
    private static readonly PackageWaits Quick = new(TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 3);
    private static readonly TransactionPlace Place = new("/var/backups/saga/run1", "downgrade-packages");
    private static readonly string[] CentOSPackages = ["calico-common", "networking-calico"];
    private static readonly string[] TrustyPackages = ["calico-common", "calico-felix", "networking-calico"];

    private static NodePlatform CentOS => NodePlatform.FromKey("centos 7", "n1");

    private static NodePlatform Trusty => NodePlatform.FromKey("ubuntu 14.04 (trusty)", "n1");

    private static VersionSet CentOSSet => new("centos 7", new Dictionary<string, string> { ["calico-common"] = "2.6.5-1.el7", ["networking-calico"] = "1:1.4.3-1.el7" });

    private static VersionSet TrustySet => new("ubuntu 14.04 (trusty)", new Dictionary<string, string>
    {
        ["calico-common"] = "2.6.5~trusty",
        ["calico-felix"] = "2.6.5~trusty",
        ["networking-calico"] = "1:1.4.3~trusty",
    });

    private const string CentOS31 = "calico-common (none):3.1.3-1.el7 x86_64\nnetworking-calico 1:3.1.3-1.el7 noarch\n";
    private const string CentOS26 = "calico-common (none):2.6.5-1.el7 x86_64\nnetworking-calico 1:1.4.3-1.el7 noarch\n";
    private const string Trusty26 = "calico-common 2.6.5~trusty install ok installed\ncalico-felix 2.6.5~trusty install ok installed\nnetworking-calico 1:1.4.3~trusty install ok installed\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PackageDowngrade Downgrade(FakePackageNode node) => new(node, TimeProvider.System, Quick);

    [Fact]
    public async Task DowngradeAsync_At31_RunsOneDetachedYumTransactionWithNameVersionRelease()
    {
        var node = new FakePackageNode { Query = CentOS31 };
        node.Outcome = argv => { node.Query = CentOS26; return (0, "Complete!\n", ""); };
        var transcript = new NodeTranscript("n1");

        var done = await Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, transcript, Ct);

        Assert.Equal([new("calico-common", "2.6.5-1.el7"), new PackageVersion("networking-calico", "1:1.4.3-1.el7")], done);
        Assert.Equal([["yum", "-y", "downgrade", "calico-common-2.6.5-1.el7", "networking-calico-1.4.3-1.el7"]], node.Started);
        Assert.Contains("/var/backups/saga/run1/packages/downgrade-packages.1", transcript.ToString(), StringComparison.Ordinal);
        Assert.Contains("Complete!", transcript.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DowngradeAsync_AlreadyAt26_StartsNoTransaction()
    {
        var node = new FakePackageNode { Query = CentOS26 };
        var transcript = new NodeTranscript("n1");

        var done = await Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, transcript, Ct);

        Assert.Empty(done);
        Assert.Empty(node.Started);
        Assert.Contains("already at its 2.6 version", transcript.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DowngradeAsync_AptPackagesLeftPartWay_CompletesWithDpkgThenReinstallsTheHalfInstalledOneAtItsLockedVersion()
    {
        var node = new FakePackageNode
        {
            Query = "calico-common 2.6.5~trusty install ok unpacked\ncalico-felix 3.1.3~trusty install reinstreq half-installed\nnetworking-calico 1:3.1.3~trusty install ok installed\n",
            Interrupted = "The following packages are in a mess due to serious problems during\ninstallation.  They must be reinstalled for them (and any packages\nthat depend on them) to function properly:\n calico-felix         (no description available)\n\n" +
                          "The following packages have been unpacked but not yet configured.\nThey must be configured using dpkg --configure or the configure\nmenu option in dselect for them to work:\n calico-common        (no description available)\n\n" +
                          "dpkg journal not applied: /var/lib/dpkg/updates/0000\n",
        };
        node.Outcome = argv =>
        {
            if (argv.Contains("--configure"))
            {
                node.Query = "calico-common 2.6.5~trusty install ok installed\ncalico-felix 3.1.3~trusty install reinstreq half-installed\nnetworking-calico 1:3.1.3~trusty install ok installed\n";
                node.Interrupted = "The following packages are in a mess due to serious problems during\ninstallation.  They must be reinstalled for them (and any packages\nthat depend on them) to function properly:\n calico-felix         (no description available)\n\n";
                return (0, "Setting up calico-common (2.6.5~trusty) ...\n", "");
            }

            node.Query = Trusty26;
            node.Interrupted = "";
            return (0, "", "");
        };
        var transcript = new NodeTranscript("n1");

        var done = await Downgrade(node).DowngradeAsync(FakePackageNode.Node, Trusty, TrustySet, TrustyPackages, Place, transcript, Ct);

        var started = node.Started.ToList();
        Assert.Equal(["env", "DEBIAN_FRONTEND=noninteractive", "dpkg", "--force-confdef", "--force-confold", "--configure", "-a"], started[0]);
        Assert.Equal(
            ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "--reinstall", "-y", "--force-yes", "--no-remove", "-o", "Dpkg::Options::=--force-confdef",
             "-o", "Dpkg::Options::=--force-confold", "calico-felix=2.6.5~trusty", "networking-calico=1:1.4.3~trusty"],
            started[1]);
        Assert.Equal(["calico-felix", "networking-calico"], done.Select(p => p.Package));
        Assert.Contains("an earlier package transaction did not finish", transcript.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DowngradeAsync_TransactionExitsNonZero_FailsWithItsErrorAndNoPartWayClaim()
    {
        var node = new FakePackageNode { Query = CentOS31, Outcome = _ => (1, "", "Error: Nothing to do\n") };

        var error = await Assert.ThrowsAsync<CommandFailedException>(() =>
            Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, new NodeTranscript("n1"), Ct));

        Assert.Contains("exit 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Error: Nothing to do", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DowngradeAsync_TransactionLeavesAPackageTwice_ReportsItPartWayNotDone()
    {
        var node = new FakePackageNode { Query = CentOS31 };
        node.Outcome = _ =>
        {
            node.Query = "calico-common (none):3.1.3-1.el7 x86_64\ncalico-common (none):2.6.5-1.el7 x86_64\nnetworking-calico 1:1.4.3-1.el7 noarch\n";
            return (null, "", "");
        };

        var error = await Assert.ThrowsAsync<NodeException>(() =>
            Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, new NodeTranscript("n1"), Ct));

        Assert.Contains("ended without an exit status", error.Message, StringComparison.Ordinal);
        Assert.Contains("calico-common installed twice (3.1.3-1.el7 and 2.6.5-1.el7)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DowngradeAsync_UnfinishedYumTransactionWithoutYumUtils_StopsWithTheCommandToRun()
    {
        var node = new FakePackageNode
        {
            Query = CentOS31,
            Interrupted = "unfinished yum transaction: /var/lib/yum/transaction-all.2018-06-01.10:00.00\n",
            CanComplete = false,
        };

        var error = await Assert.ThrowsAsync<NodeException>(() =>
            Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, new NodeTranscript("n1"), Ct));

        Assert.Contains("sudo yum install -y yum-utils && sudo yum-complete-transaction -y", error.Message, StringComparison.Ordinal);
        Assert.Empty(node.Started);
    }

    [Fact]
    public async Task DowngradeAsync_UnfinishedYumTransaction_IsCompletedBeforeTheDowngrade()
    {
        var node = new FakePackageNode { Query = CentOS31, Interrupted = "unfinished yum transaction: /var/lib/yum/transaction-all.2018-06-01.10:00.00\n" };
        node.Outcome = argv =>
        {
            if (argv[0] == Yum.CompleteTransactionPath)
                node.Interrupted = "";
            else
                node.Query = CentOS26;
            return (0, "", "");
        };

        await Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, new NodeTranscript("n1"), Ct);

        Assert.Equal([Yum.CompleteTransactionPath, "yum"], node.Started.Select(a => a[0]));
    }

    [Fact]
    public async Task DowngradeAsync_TransactionOfAnEarlierAttemptStillRuns_WaitsForItInsteadOfStartingAnother()
    {
        var node = new FakePackageNode { Query = CentOS26 };
        node.StartedEarlier(["yum", "-y", "downgrade", "calico-common-2.6.5-1.el7", "networking-calico-1.4.3-1.el7"], polls: 3);
        var transcript = new NodeTranscript("n1");

        var done = await Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, transcript, Ct);

        Assert.Empty(done);
        Assert.Single(node.Started);
        Assert.Contains("started by an earlier attempt, still runs: waiting for it", transcript.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DowngradeAsync_ConnectionDropsWhileTheTransactionRuns_ReconnectsAndWaitsForTheSameOne()
    {
        var node = new FakePackageNode { Query = CentOS31, RunningPolls = 2, DropsWhileRunning = 2 };
        node.Outcome = _ => { node.Query = CentOS26; return (0, "", ""); };
        var transcript = new NodeTranscript("n1");

        await Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, transcript, Ct);

        Assert.Single(node.Started);
        Assert.Contains("lost the connection while transaction 1 runs", transcript.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DowngradeAsync_CancelledWhileTheTransactionRuns_StopsWaitingAndLeavesItRunning()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var node = new FakePackageNode { Query = CentOS31, RunningPolls = 100, WhileRunning = cancel.Cancel };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Downgrade(node).DowngradeAsync(FakePackageNode.Node, CentOS, CentOSSet, CentOSPackages, Place, new NodeTranscript("n1"), cancel.Token));

        Assert.Single(node.Started);
        Assert.DoesNotContain(node.Commands, c => c.Contains("kill", StringComparison.Ordinal));
    }

    [Fact]
    public void Needed_PartWayPackage_IsNeededEvenAtItsTargetVersion()
    {
        var installed = new Apt(legacyForceYes: true).ParseInstalled("calico-common 2.6.5~trusty install reinstreq half-installed\ncalico-felix 2.6.5~trusty install ok installed\n");

        var needed = PackageDowngrade.Needed(["calico-common", "calico-felix"], installed, TrustySet);

        Assert.Equal([new PackageVersion("calico-common", "2.6.5~trusty")], needed);
    }
}
