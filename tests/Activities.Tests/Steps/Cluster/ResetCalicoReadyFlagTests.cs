using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps.Cluster;

public sealed class ResetCalicoReadyFlagTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_ReadyFalse_SetsItTrueOnTheV2ClusterWithTheV2Api()
    {
        var shell = new ScriptedNodeShell()
            .On("ls /calico/v1/config", stdout: "/calico/v1/config/CalicoVersion\n")
            .On("get /calico/v1/Ready", stdout: "false\n", times: 1)
            .On("get /calico/v1/Ready", stdout: "true\n");

        var result = await Run(shell, SomeCluster.Inventory());

        Assert.Equal(ActivityResult.Done, result.Outcome());
        Assert.Contains("/calico/v1/Ready: false -> true", result.Output, StringComparison.Ordinal);
        var set = Assert.Single(shell.Rendered, r => r.Contains(" set /calico/v1/Ready true", StringComparison.Ordinal));
        Assert.StartsWith("sudo -n ETCDCTL_API=2 etcdctl --endpoints http://10.0.0.5:2379 ", set, StringComparison.Ordinal);
        Assert.All(shell.Runs, r => Assert.Equal("ctl", r.Node));
    }

    [Fact]
    public async Task ExecuteAsync_ReadyAlreadyTrue_SaysAlreadyDoneAndWritesNothing()
    {
        var shell = new ScriptedNodeShell().On("get /calico/v1/Ready", stdout: "true\n");

        var result = await Run(shell, SomeCluster.Inventory());

        Assert.Contains("already done: /calico/v1/Ready is true", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count(" set "));
    }

    [Fact]
    public async Task ExecuteAsync_NoCalicoV1ConfigOnTheV2Cluster_FaultsSayingItIsNotCalico26sDatastore()
    {
        var shell = new ScriptedNodeShell().On("ls /calico/v1/config", exit: 4, stderr: "Error:  100: Key not found (/calico) [3]\n");

        var result = await Run(shell, SomeCluster.Inventory());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("the v2 cluster at http://10.0.0.5:2379 has no /calico/v1/config: it is not Calico 2.6's datastore", result.Fault(), StringComparison.Ordinal);
        Assert.Equal(0, shell.Count(" set "));
    }

    [Fact]
    public async Task ExecuteAsync_EtcdctlFails_FaultsWithItsError()
    {
        var shell = new ScriptedNodeShell().On("get /calico/v1/Ready", exit: 2, stderr: "Error:  client: etcd cluster is unavailable or misconfigured\n");

        var result = await Run(shell, SomeCluster.Inventory());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("etcd cluster is unavailable", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Skipped_IsJournalledAsSkippedWithoutTouchingEtcd()
    {
        var shell = new ScriptedNodeShell();

        var result = await Run(shell, SomeCluster.Inventory() with { Skip = [SkipStep.ReadyFlag] });

        Assert.StartsWith("Skipped: the inventory says skip: [readyFlag];", result.Output, StringComparison.Ordinal);
        Assert.Empty(shell.Runs);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ResetCalicoReadyFlag(new ScriptedNodeShell(), NullLogger<ResetCalicoReadyFlag>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), cancelled.Token).AsTask());
    }

    [Fact]
    public async Task ExecuteAsync_EtcdUser_PassesThePasswordOnStandardInputNeverInTheCommandText()
    {
        var inventory = SomeCluster.Inventory() with { Etcd = SomeCluster.Inventory().Etcd! with { V2 = SomeCluster.Cluster("http://10.0.0.5:2379", user: "calico") } };
        var shell = new ScriptedNodeShell().On("get /calico/v1/Ready", stdout: "true\n");
        Environment.SetEnvironmentVariable(Saga.Activities.Calico.Etcdctl.V2PasswordVariable, "s3cret-v2");
        try
        {
            await Run(shell, inventory);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Saga.Activities.Calico.Etcdctl.V2PasswordVariable, null);
        }

        Assert.NotEmpty(shell.Runs);
        Assert.All(shell.Runs, r => Assert.Equal("s3cret-v2\n", r.Command.Input));
        Assert.All(shell.Rendered, r => Assert.DoesNotContain("s3cret", r, StringComparison.Ordinal));
        Assert.All(shell.Runs, r => Assert.Contains("--username calico:***", r.Command.ToString(), StringComparison.Ordinal));
    }

    private static async Task<ActivityResult> Run(ScriptedNodeShell shell, ClusterInventory inventory) =>
        await new ResetCalicoReadyFlag(shell, NullLogger<ResetCalicoReadyFlag>.Instance).ExecuteAsync(SomeCluster.Context(inventory), Ct);
}
