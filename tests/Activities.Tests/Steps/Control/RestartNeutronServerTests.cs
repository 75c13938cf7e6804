using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Control;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps.Control;

public sealed class RestartNeutronServerTests
{
    // networking-calico 1.4.3 in neutron-server (oslo.log format) when etcd_port points at nothing
    private const string EtcdError = "2018-06-01 10:00:03.123 24269 ERROR networking_calico.etcdutils [-] Unexpected IO or etcd error, triggering resync with etcd: " +
                                     "EtcdConnectionFailed('Connection to etcd failed due to MaxRetryError(\"HTTPConnectionPool(host=\\'10.0.0.5\\', port=4001): Max retries exceeded\",)',).\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_CleanLogAfterTheRestart_Verifies()
    {
        var shell = Running().On("tail -c", stdout: "2018-06-01 10:00:01.001 24269 INFO networking_calico.etcdutils [-] Loaded snapshot from etcd cluster 10.0.0.5:2379, processing it...\n");

        var result = await Run(shell);

        Assert.Equal(ActivityResult.Done, result.Outcome());
        Assert.Contains("no Calico etcd errors", result.Output, StringComparison.Ordinal);
        var rendered = shell.Rendered;
        Assert.True(rendered.ToList().FindIndex(r => r.Contains("wc -c", StringComparison.Ordinal)) < rendered.ToList().FindIndex(r => r.Contains("systemctl restart neutron-server", StringComparison.Ordinal)),
            "the log offset is taken before the restart");
    }

    [Fact]
    public async Task ExecuteAsync_DriverLogsEtcdErrors_FaultsQuotingTheLine()
    {
        var shell = Running().On("tail -c", stdout: EtcdError);

        var result = await Run(shell);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("neutron-server logs Calico etcd errors after the restart (1 in", result.Fault(), StringComparison.Ordinal);
        Assert.Contains("/var/log/neutron/server.log", result.Fault(), StringComparison.Ordinal);
        Assert.Contains("port=4001", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_RestartRefused_Faults()
    {
        var shell = Running().On("systemctl restart neutron-server", exit: 5, stderr: "Failed to restart neutron-server.service: Unit not found.\n");

        var result = await Run(shell);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("Unit not found", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ComputeNodeFlow_RestartsOnlyWhenTheNodeIsAControlNodeToo()
    {
        var inventory = SomeCluster.Inventory(SomeCluster.Node("cmp", NodeRole.Compute), SomeCluster.Node("both", NodeRole.Control, NodeRole.Compute));
        var shell = Running();

        var compute = await new RestartNeutronServer(shell, NullLogger<RestartNeutronServer>.Instance).ExecuteAsync(SomeCluster.NodeContext(inventory, "cmp"), Ct);
        var both = await new RestartNeutronServer(shell, NullLogger<RestartNeutronServer>.Instance).ExecuteAsync(SomeCluster.NodeContext(inventory, "both"), Ct);

        Assert.Equal("No control node here: neutron-server is not restarted.", compute.Output);
        Assert.Equal(ActivityResult.Done, both.Outcome());
        Assert.All(shell.Runs, r => Assert.Equal("both", r.Node));
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new RestartNeutronServer(Running(), NullLogger<RestartNeutronServer>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), cancelled.Token).AsTask());
    }

    private static ScriptedNodeShell Running() => new ScriptedNodeShell().On("wc -c", stdout: "1200\n").On("is-active neutron-server", stdout: "active\n");

    private static async Task<ActivityResult> Run(ScriptedNodeShell shell) =>
        await new RestartNeutronServer(shell, NullLogger<RestartNeutronServer>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), Ct);
}
