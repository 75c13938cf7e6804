using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps;

public sealed class VerifyNoSourceOffers31Tests
{
    private const string Madison = "apt-cache madison";
    private const string Madison26 = """
        calico-felix | 2.6.5~xenial | http://ppa.launchpad.net/project-calico/calico-2.6/ubuntu xenial/main amd64 Packages
        calico-common | 2.6.5~xenial | http://ppa.launchpad.net/project-calico/calico-2.6/ubuntu xenial/main amd64 Packages

        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_Only26Offered_PassesOnTheComputeNode()
    {
        var shell = Ubuntu(("/etc/apt/sources.list.d/p26.list", "deb http://ppa.launchpad.net/project-calico/calico-2.6/ubuntu xenial main\n")).On(Madison, new CommandResultSpec(Stdout: Madison26));

        var result = await Run(shell, NodeRole.Compute);

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Contains("no enabled source offers 3.1", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_AFileStillEnables31_FaultsNamingIt()
    {
        var shell = Ubuntu(("/etc/apt/sources.list.d/mirror.list", "deb http://mirror.example/project-calico/calico-3.1/ubuntu xenial main\n")).On(Madison, new CommandResultSpec(Stdout: Madison26));

        var result = await Run(shell, NodeRole.Compute);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("/etc/apt/sources.list.d/mirror.list: deb http://mirror.example/project-calico/calico-3.1/ubuntu xenial main", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ThePackageManagerStillOffers31_FaultsNamingTheVersion()
    {
        var shell = Ubuntu().On(Madison, new CommandResultSpec(Stdout: Madison26 + "calico-felix | 3.1.3~xenial | http://ppa.launchpad.net/project-calico/calico-3.1/ubuntu xenial/main amd64 Packages\n"));

        var result = await Run(shell, NodeRole.Compute);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("calico-felix 3.1.3~xenial from", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ListingFails_Faults()
    {
        var shell = Ubuntu().On(Madison, new CommandResultSpec(100, "", "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)"));

        var result = await Run(shell, NodeRole.Compute);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("(exit 100)", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ControlRoleWithoutControlNodes_HasNothingToDo()
    {
        var result = await Run(new FakeNodeShell(), NodeRole.Control);

        Assert.Equal("No control nodes.", result.Output);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new VerifyNoSourceOffers31(new FakeNodeShell(), NullLogger<VerifyNoSourceOffers31>.Instance).ExecuteAsync(Some.ComputeContext("ubuntu 16.04 (xenial)"), Some.Cancelled));
    }

    private static FakeNodeShell Ubuntu(params (string Path, string Content)[] files)
    {
        var shell = new FakeNodeShell().On("/etc/apt/sources.list.d/*.list", new CommandResultSpec(Stdout: string.Concat(files.Select(f => f.Path + "\n"))));
        foreach (var (path, content) in files)
            shell.WithFile(path, content);
        return shell;
    }

    private static async Task<ActivityResult> Run(FakeNodeShell shell, NodeRole role) =>
        await new VerifyNoSourceOffers31(shell, NullLogger<VerifyNoSourceOffers31>.Instance) { Role = role }.ExecuteAsync(Some.ComputeContext("ubuntu 16.04 (xenial)"), Ct);
}
