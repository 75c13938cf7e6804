using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps.Cluster;

public sealed class SetNeutronEtcdPortTests
{
    private const string WithoutPort = "[DEFAULT]\ncore_plugin = calico\n\n[calico]\netcd_host = 10.0.0.5\n\n[oslo_concurrency]\nlock_path = $state_path/lock\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_PortUnsetAndInventorySaysWhich_BacksUpThenWritesItKeepingEveryOtherByte()
    {
        var shell = new ScriptedNodeShell().WithFile("ctl", NeutronConfig.Path, WithoutPort);
        var inventory = SomeCluster.Inventory(SomeCluster.Node("ctl", NodeRole.Control) with { Neutron = new NeutronSettings(2379, false) });

        var result = await Run(shell, inventory);

        Assert.Equal(ActivityResult.Done, result.Outcome());
        Assert.Equal(WithoutPort.Replace("etcd_host = 10.0.0.5\n", "etcd_host = 10.0.0.5\netcd_port = 2379\n", StringComparison.Ordinal), Encoding.UTF8.GetString(shell.File("ctl", NeutronConfig.Path)!));
        var backup = shell.Runs.Select(r => r.Command.Render(sudo: true)).ToList().FindIndex(r => r.Contains("/var/backups/saga/", StringComparison.Ordinal));
        Assert.True(backup >= 0, "no backup before the write");
        Assert.Single(shell.Writes);
    }

    [Fact]
    public async Task ExecuteAsync_PortAlreadySet_SaysAlreadyDoneAndWritesNothing()
    {
        var shell = new ScriptedNodeShell().WithFile("ctl", NeutronConfig.Path, WithoutPort.Replace("etcd_host = 10.0.0.5", "etcd_host = 10.0.0.5\netcd_port = 2379", StringComparison.Ordinal));
        var inventory = SomeCluster.Inventory(SomeCluster.Node("ctl", NodeRole.Control) with { Neutron = new NeutronSettings(2379, false) });

        var result = await Run(shell, inventory);

        Assert.Contains("already done: etcd_port = 2379", result.Output, StringComparison.Ordinal);
        Assert.Empty(shell.Writes);
    }

    [Fact]
    public async Task ExecuteAsync_DefaultAccepted_LeavesTheFileAlone()
    {
        var shell = new ScriptedNodeShell().WithFile("ctl", NeutronConfig.Path, WithoutPort);
        var inventory = SomeCluster.Inventory(SomeCluster.Node("ctl", NodeRole.Control) with { Neutron = new NeutronSettings(null, true) });

        var result = await Run(shell, inventory);

        Assert.Contains("etcd_port stays unset: networking-calico 1.4.3 uses 4001 (neutron.acceptDefaultPort: true)", result.Output, StringComparison.Ordinal);
        Assert.Empty(shell.Writes);
    }

    [Fact]
    public async Task ExecuteAsync_BackupFails_FaultsWithoutWriting()
    {
        var shell = new ScriptedNodeShell().WithFile("ctl", NeutronConfig.Path, WithoutPort).On("/var/backups/saga/", exit: 1, stderr: "mkdir: cannot create directory: No space left on device\n");
        var inventory = SomeCluster.Inventory(SomeCluster.Node("ctl", NodeRole.Control) with { Neutron = new NeutronSettings(2379, false) });

        var result = await Run(shell, inventory);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("No space left on device", result.Fault(), StringComparison.Ordinal);
        Assert.Empty(shell.Writes);
    }

    [Fact]
    public async Task ExecuteAsync_InTheClusterFlow_LeavesControlAndComputeNodesToTheirOwnFlow()
    {
        var shell = new ScriptedNodeShell().WithFile("both", NeutronConfig.Path, WithoutPort);
        var inventory = SomeCluster.Inventory(SomeCluster.Node("both", NodeRole.Control, NodeRole.Compute) with { Neutron = new NeutronSettings(2379, false) });

        var cluster = await Run(shell, inventory);
        var own = await new SetNeutronEtcdPort(shell, NullLogger<SetNeutronEtcdPort>.Instance).ExecuteAsync(SomeCluster.NodeContext(inventory, "both"), Ct);

        Assert.Equal("No node here runs networking-calico from neutron.conf.", cluster.Output);
        Assert.Contains("etcd_port = 2379 written", own.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var shell = new ScriptedNodeShell().WithFile("ctl", NeutronConfig.Path, WithoutPort);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new SetNeutronEtcdPort(shell, NullLogger<SetNeutronEtcdPort>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), cancelled.Token).AsTask());
    }

    private static async Task<ActivityResult> Run(ScriptedNodeShell shell, ClusterInventory inventory) =>
        await new SetNeutronEtcdPort(shell, NullLogger<SetNeutronEtcdPort>.Instance).ExecuteAsync(SomeCluster.Context(inventory), Ct);
}
