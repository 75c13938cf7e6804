using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Calico;

public sealed class PreparedNodesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void PreparedInClusterFlow_ControlNodesAndOneComputeNodeOfEachPlatformNoControlNodeRuns()
    {
        var inventory = SomeCluster.Inventory(
            SomeCluster.Node("ctl", NodeRole.Control), SomeCluster.Node("c1", NodeRole.Compute), SomeCluster.Node("t1", NodeRole.Compute),
            SomeCluster.Node("t2", NodeRole.Compute), SomeCluster.Node("x1", NodeRole.Compute));
        var platforms = new Dictionary<string, string>
        {
            ["ctl"] = "centos 7",
            ["c1"] = "centos 7",
            ["t1"] = "ubuntu 14.04 (trusty)",
            ["t2"] = "ubuntu 14.04 (trusty)",
            ["x1"] = "ubuntu 16.04 (xenial)",
        };

        var prepared = DowngradeVariables.PreparedInClusterFlow(inventory, platforms);

        Assert.Equal(["ctl", "t1", "x1"], prepared.Select(n => n.Name));
    }

    [Fact]
    public async Task PointPackageRepositoryAt26_InANodesFlowTheClusterPrepared_TouchesNothing()
    {
        var shell = new FakeNodeShell(); // refuses any command
        var context = SomeCluster.NodeContext(SomeCluster.Inventory(), "cmp");
        context.SetVariable(DowngradeVariables.RepositoryPrepared, true);

        var result = await new PointPackageRepositoryAt26(shell, NullLogger<PointPackageRepositoryAt26>.Instance).ExecuteAsync(context, Ct);
        var clean = await new CleanPackageCache(shell, NullLogger<CleanPackageCache>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(ActivityResultKind.Outcome, result.Kind);
        Assert.Equal(ActivityResultKind.Outcome, clean.Kind);
        Assert.Empty(shell.Commands);
    }

    [Fact]
    public async Task CleanPackageCache_InTheClusterFlow_LeavesComputeNodesToTheirOwnFlow()
    {
        var shell = new FakeNodeShell().On("yum clean all");
        var inventory = SomeCluster.Inventory(SomeCluster.Node("ctl", NodeRole.Control), SomeCluster.Node("cmp", NodeRole.Compute), SomeCluster.Node("cmp2", NodeRole.Compute));

        var result = await new CleanPackageCache(shell, NullLogger<CleanPackageCache>.Instance).ExecuteAsync(SomeCluster.Context(inventory), Ct);

        Assert.Equal(ActivityResultKind.Outcome, result.Kind);
        Assert.Equal(["ctl"], result.Nodes.Select(n => n.Node));
    }
}
