using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Tests.OnLab;

/// <summary>The lab's yum and apt behave like the real tools where the downgrade depends on it (one test per sharp edge).</summary>
public sealed class PackageStandInLabTests(NodeLab lab) : IClassFixture<NodeLab>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Yum_DowngradeWithoutYes_PromptsAndChangesNothing()
    {
        await using var shell = NodeLab.Shell();
        await new YumCalicoRepository().PointAt26Async(shell, lab.Centos, NodeLab.Backup, new NodeTranscript(lab.Centos.Name), Ct);
        await shell.RunAsync(lab.Centos, new Yum().CleanCache(), Ct);

        var result = await shell.RunAsync(lab.Centos, ShellCommand.Sudo("yum", "downgrade", "calico-common"), Ct);

        Assert.Equal(1, result.ExitStatus);
        Assert.Contains("Is this ok [y/d/N]: Exiting on user command", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("3.1.3-1.el7", new Yum().ParseInstalled((await shell.RunAsync(lab.Centos, new Yum().QueryInstalled(["calico-common"]), Ct)).Stdout)["calico-common"]);
    }

    [Fact]
    public async Task Yum_AfterTheRepoSwitch_StillOffers31UntilCleanAll()
    {
        var node = lab.Inventory.Node("spare");
        await using var shell = NodeLab.Shell();
        var yum = new Yum();
        var repository = new YumCalicoRepository();
        await repository.PointAt26Async(shell, node, NodeLab.Backup, new NodeTranscript(node.Name), Ct);

        var before = yum.ParseAvailable((await shell.RunAsync(node, yum.ListAvailable(["calico-felix"]), Ct)).Stdout);
        await shell.RunAsync(node, yum.CleanCache(), Ct);
        var after = yum.ParseAvailable((await shell.RunAsync(node, yum.ListAvailable(["calico-felix"]), Ct)).Stdout);

        Assert.DoesNotContain(before, v => v.Version.StartsWith("2.6", StringComparison.Ordinal));
        Assert.Contains(after, v => v.Version == "2.6.5-1.el7");
    }

    [Fact]
    public async Task Apt_TrustyDowngradeWithYesButWithoutForceYes_IsRefused()
    {
        await using var shell = NodeLab.Shell();

        var result = await shell.RunAsync(lab.Trusty, ShellCommand.Sudo("apt-get", "install", "--reinstall", "-y", "calico-common=2.6.5~trusty", "calico-felix=2.6.5~trusty"), Ct);

        Assert.Equal(100, result.ExitStatus);
        Assert.Contains("E: There are problems and -y was used without --force-yes", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apt_XenialDowngradeWithYesButWithoutAllowDowngrades_IsRefused()
    {
        await using var shell = NodeLab.Shell();

        var result = await shell.RunAsync(lab.Xenial, ShellCommand.Sudo("apt-get", "install", "--reinstall", "-y", "calico-common=2.6.5~xenial", "calico-felix=2.6.5~xenial"), Ct);

        Assert.Equal(100, result.ExitStatus);
        Assert.Contains("E: Packages were downgraded and -y was used without --allow-downgrades.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apt_Madison_ListsBothPpasInTheRealFormat()
    {
        await using var shell = NodeLab.Shell();
        var apt = new Apt(legacyForceYes: true);

        var available = apt.ParseAvailable((await shell.RunAsync(lab.Trusty, apt.ListAvailable(["calico-felix"]), Ct)).Stdout);
        var from26 = await new AptCalicoRepository().Is26SourceAsync(shell, lab.Trusty, Ct);

        Assert.Equal(["3.1.3~trusty", "2.6.5~trusty"], available.Select(a => a.Version));
        Assert.Equal(["2.6.5~trusty"], available.Where(from26).Select(a => a.Version));
    }

    [Fact]
    public async Task Platform_OfEachNode_PicksItsPackageManagerAndServiceManager()
    {
        await using var shell = NodeLab.Shell();
        var reader = new NodeFactsReader(shell);

        var platforms = await Task.WhenAll(new[] { lab.Centos, lab.Trusty, lab.Xenial }.Select(n => reader.ReadPlatformAsync(n, Ct)));

        Assert.Equal(["centos 7", "ubuntu 14.04 (trusty)", "ubuntu 16.04 (xenial)"], platforms.Select(p => p.Key));
    }
}
