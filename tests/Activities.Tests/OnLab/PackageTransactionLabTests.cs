using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Nodes.Ssh;
using Saga.Activities.Packages;
using Saga.Tests.Lab;

namespace Saga.Activities.Tests.OnLab;

/// <summary>
/// Package transactions on real SSH nodes whose package managers take 2 s: a dropped session does not cut one, and one
/// a kill cut short (the lab's <c>interrupt</c> fault leaves dpkg's and rpm's part-way states) is completed by the
/// next attempt before it installs the locked set.
/// </summary>
public sealed class PackageTransactionLabTests(PackageTransactionLabTests.Nodes lab) : IClassFixture<PackageTransactionLabTests.Nodes>
{
    private static readonly TransactionPlace Place = new("/var/backups/saga/lab-test", "downgrade-packages");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DowngradeAsync_SessionsDroppedWhileAptRuns_TheTransactionCompletesOnceAndIsWaitedFor()
    {
        await using var shell = NodeLab.Shell(attempts: 3);
        var (node, platform, set) = await PrepareAsync(shell, "u1");
        await File.WriteAllTextAsync(lab.Lab.NodePath("u1", "/var/lib/lab/delay-packages"), "2\n", Ct);
        var transcript = new NodeTranscript(node.Name);

        var downgrade = new PackageDowngrade(shell, TimeProvider.System).DowngradeAsync(node, platform, set, Packages(node, platform), Place, transcript, Ct);
        await WaitForJournalAsync("u1", "apt-get install");
        await lab.Lab.FaultAsync("u1", "drop-sessions");
        var done = await downgrade;

        Assert.NotEmpty(done);
        Assert.Equal(1, lab.Lab.Count("u1", "apt-get install"));
        await AssertAtLockedSetAsync(shell, node, platform, set);
    }

    [Fact]
    public async Task DowngradeAsync_AptKilledWhileUnpacking_FailsPartWayThenTheNextAttemptCompletesItAndInstallsTheLockedSet()
    {
        await using var shell = NodeLab.Shell();
        var (node, platform, set) = await PrepareAsync(shell, "u2");
        await lab.Lab.FaultAsync("u2", "interrupt", "apt-get", "unpack");
        var downgrade = new PackageDowngrade(shell, TimeProvider.System);

        var cut = await Assert.ThrowsAsync<NodeException>(() => downgrade.DowngradeAsync(node, platform, set, Packages(node, platform), Place, new NodeTranscript(node.Name), Ct));
        var transcript = new NodeTranscript(node.Name);
        await downgrade.DowngradeAsync(node, platform, set, Packages(node, platform), Place, transcript, Ct);

        Assert.Contains("ended without an exit status", cut.Message, StringComparison.Ordinal);
        Assert.Contains("half-installed", cut.Message, StringComparison.Ordinal);
        Assert.Contains("dpkg journal not applied", transcript.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, lab.Lab.Count("u2", "dpkg --force-confdef --force-confold --configure -a"));
        Assert.Equal(2, lab.Lab.Count("u2", "apt-get install"));
        Assert.Equal("", (await shell.RunAsync(node, ShellCommand.Plain("dpkg", "--audit"), Ct)).Stdout);
        await AssertAtLockedSetAsync(shell, node, platform, set);
    }

    [Fact]
    public async Task DowngradeAsync_YumKilledAtCleanup_NextAttemptFinishesItWithYumCompleteTransactionAndDowngradesNothingTwice()
    {
        await using var shell = NodeLab.Shell();
        var (node, platform, set) = await PrepareAsync(shell, "c1");
        await lab.Lab.FaultAsync("c1", "interrupt", "yum", "cleanup");
        var downgrade = new PackageDowngrade(shell, TimeProvider.System);

        var cut = await Assert.ThrowsAsync<NodeException>(() => downgrade.DowngradeAsync(node, platform, set, Packages(node, platform), Place, new NodeTranscript(node.Name), Ct));
        var transcript = new NodeTranscript(node.Name);
        var done = await downgrade.DowngradeAsync(node, platform, set, Packages(node, platform), Place, transcript, Ct);

        Assert.Contains("installed twice", cut.Message, StringComparison.Ordinal);
        Assert.Contains("unfinished yum transaction: /var/lib/yum/transaction-all.", transcript.ToString(), StringComparison.Ordinal);
        Assert.Empty(done);
        Assert.Equal(1, lab.Lab.Count("c1", "yum -y downgrade"));
        Assert.Equal(1, lab.Lab.Count("c1", "yum-complete-transaction -y"));
        await AssertAtLockedSetAsync(shell, node, platform, set);
    }

    [Fact]
    public async Task DowngradeAsync_UnfinishedYumTransactionWithoutYumUtils_StopsNamingTheCommandAndChangesNothing()
    {
        await using var shell = NodeLab.Shell();
        var (node, platform, set) = await PrepareAsync(shell, "c2");
        await lab.Lab.FaultAsync("c2", "interrupt", "yum", "install");
        var downgrade = new PackageDowngrade(shell, TimeProvider.System);
        await Assert.ThrowsAsync<NodeException>(() => downgrade.DowngradeAsync(node, platform, set, Packages(node, platform), Place, new NodeTranscript(node.Name), Ct));
        await lab.Lab.FaultAsync("c2", "no-yum-utils");
        var before = lab.Lab.Journal("c2").Count;

        var error = await Assert.ThrowsAsync<NodeException>(() => downgrade.DowngradeAsync(node, platform, set, Packages(node, platform), Place, new NodeTranscript(node.Name), Ct));

        Assert.Contains("Run 'sudo yum install -y yum-utils && sudo yum-complete-transaction -y' on the node, then resume", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, lab.Lab.Journal("c2").Count);
    }

    /// <summary>The node pointed at 2.6 with its cache refreshed, and its 2.6 set resolved as the run would.</summary>
    private async Task<(NodeSpec Node, NodePlatform Platform, VersionSet Set)> PrepareAsync(SshNodeShell shell, string name)
    {
        var node = lab.Lab.Inventory.Node(name);
        var platform = await new NodeFactsReader(shell).ReadPlatformAsync(node, Ct);
        await platform.Repository.PointAt26Async(shell, node, NodeLab.Backup, new NodeTranscript(name), Ct);
        (await shell.RunAsync(node, platform.Packages.CleanCache(), Ct)).EnsureSuccess();
        var preview = await new VersionPreview(shell).ResolveAsync(node, platform, Packages(node, platform), Ct);
        Assert.Null(preview.Unknown);
        return (node, platform, new VersionSet(platform.Key, preview.Versions));
    }

    private static IReadOnlyList<string> Packages(NodeSpec node, NodePlatform platform) => CalicoPackages.For(node, platform.Family);

    private static async Task AssertAtLockedSetAsync(SshNodeShell shell, NodeSpec node, NodePlatform platform, VersionSet set)
    {
        var installed = platform.Packages.ParseInstalled((await shell.RunAsync(node, platform.Packages.QueryInstalled(Packages(node, platform)), Ct)).Stdout);
        Assert.Empty(installed.PartWay);
        foreach (var (package, version) in installed)
            Assert.Equal(set.VersionOf(package), version);
    }

    private async Task WaitForJournalAsync(string node, string command)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (lab.Lab.Count(node, command) == 0)
            await Task.Delay(50, timeout.Token);
    }

    /// <summary>One lab for these tests, a node each: two trusty and two CentOS compute nodes (and a control node the inventory needs).</summary>
    public sealed class Nodes : IAsyncLifetime
    {
        public Lab Lab { get; private set; } = null!;

        public async ValueTask InitializeAsync() =>
            Lab = await Lab.StartAsync("ctl:centos7:control", "u1:trusty:compute", "u2:trusty:compute", "c1:centos7:compute", "c2:centos7:compute");

        public async ValueTask DisposeAsync() => await Lab.DisposeAsync();
    }
}
