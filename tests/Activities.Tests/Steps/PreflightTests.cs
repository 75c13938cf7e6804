using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps;

public sealed class PreflightTests
{
    private const string Rpm = "rpm -q --qf";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_ReachableNode_RecordsWhatItHasInstalledForLaterSteps()
    {
        var shell = CentOs("calico-common 0:3.1.3-1.el7\ncalico-felix 0:3.1.3-1.el7\ndnsmasq 0:2.76-7.el7\n");
        var context = Context();

        var result = await Run(shell, context);

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Equal(new Dictionary<string, string> { ["calico-common"] = "3.1.3-1.el7", ["calico-felix"] = "3.1.3-1.el7", ["dnsmasq"] = "2.76-7.el7" },
            context.GetInstalledBefore(Some.Node()));
    }

    [Fact]
    public async Task ExecuteAsync_Again_KeepsTheVersionsTheFirstPreflightSaw()
    {
        var context = Context();
        await Run(CentOs("calico-felix 0:3.1.3-1.el7\n"), context);

        await Run(CentOs("calico-felix 0:2.6.5-1.el7\n"), context);

        Assert.Equal("3.1.3-1.el7", context.GetInstalledBefore(Some.Node())["calico-felix"]);
    }

    [Fact]
    public async Task ExecuteAsync_RecordsTheBackupsAsUndo_AndFetchesThePackageFilesNotSavedYet()
    {
        var shell = CentOs("calico-felix 0:3.1.3-1.el7\n");
        shell.Replace("yumdownloader", new CommandResultSpec(Stdout: "calico-felix-3.1.3-1.el7.x86_64.rpm\n"));
        shell.Replace("for f in *", new CommandResultSpec(), new CommandResultSpec(Stdout: "calico-felix-3.1.3-1.el7.x86_64.rpm\n"));
        var context = Context();

        var result = await Run(shell, context);

        var undo = Assert.Single(result.Nodes).Undo!;
        Assert.Equal(FelixConfig.Path, Assert.Single(undo).Target);
        Assert.Equal(1, shell.Count("yumdownloader --destdir /var/backups/saga/"));
        var saved = context.GetVariable<Dictionary<string, PackageFiles.Saved>>(DowngradeVariables.PackageFiles)![Some.Node().Name];
        Assert.Empty(saved.Missing);
        Assert.EndsWith("/packages-before/calico-felix-3.1.3-1.el7.x86_64.rpm", Assert.Single(saved.Files), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_PackageFilesSavedAlready_DownloadsNothing()
    {
        var shell = CentOs("calico-felix 0:3.1.3-1.el7\n");
        shell.Replace("yumdownloader");
        shell.Replace("for f in *", new CommandResultSpec(Stdout: "calico-felix-3.1.3-1.el7.x86_64.rpm\n"));

        await Run(shell, Context());

        Assert.Equal(0, shell.Count("yumdownloader"));
    }

    [Fact]
    public async Task ExecuteAsync_SudoRefused_FaultsAndRecordsNothing()
    {
        var shell = new FakeNodeShell()
            .On("cat /etc/os-release", new CommandResultSpec(Stdout: Fixture.Text("centos7_os-release")))
            .On("true", new CommandResultSpec(1, "", "sudo: a password is required"))
            .On(Rpm).On("dpkg-query").On("FELIX_DATASTORETYPE").On("hostname").On("tr / _").On("packages-before");
        var context = Context();

        var result = await Run(shell, context);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("sudo: a password is required", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
        Assert.Empty(context.GetVariable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.InstalledBefore)!);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Run(new FakeNodeShell(), Context(), Some.Cancelled));
    }

    private static FakeNodeShell CentOs(string installed) => new FakeNodeShell()
        .WithFile(FelixConfig.Path, "[global]\nDatastoreType = etcdv3\n")
        .On("cat /etc/os-release", new CommandResultSpec(Stdout: Fixture.Text("centos7_os-release")))
        .On(Rpm, new CommandResultSpec(Stdout: installed))
        .On("dpkg-query", new CommandResultSpec(127, "", "dpkg-query: command not found")) // asked too: the OS is known only from the same round trip
        .On("FELIX_DATASTORETYPE")
        .On("hostname", new CommandResultSpec(Stdout: "cmp-1\n"))
        .On("tr / _", new CommandResultSpec(Stdout: "saved\t/etc/calico/felix.cfg\t/var/backups/saga/x/_etc_calico_felix.cfg.20261124T080000Z\t" + new string('a', 64) + "\n"))
        .On("packages-before")
        .On("true");

    private static ActivityContext Context() => Some.Context(new Dictionary<string, object?> { [DowngradeVariables.Inventory] = Some.Inventory() });

    private static async Task<ActivityResult> Run(FakeNodeShell shell, ActivityContext context, CancellationToken? cancellationToken = null) =>
        await new Preflight(shell, NullLogger<Preflight>.Instance).ExecuteAsync(context, cancellationToken ?? Ct);
}
