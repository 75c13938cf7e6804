using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps.Cluster;

/// <summary>What preflight checks of neutron.conf and records of each node's names, on a fake node shell.</summary>
public sealed class PreflightTests
{
    private const string Neutron = "[DEFAULT]\ncore_plugin = calico\n\n[calico]\netcd_host = 10.0.0.5\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_EtcdPortSet_RecordsPlatformsAndCalicoNames()
    {
        var shell = Nodes(Neutron + "etcd_port = 2379\n");
        var context = SomeCluster.Context(SomeCluster.Inventory());

        var result = await Run(shell, context);

        Assert.Equal(ActivityResult.Done, result.Outcome());
        var names = context.GetVariable<Dictionary<string, CalicoName>>(DowngradeVariables.CalicoNames)!;
        Assert.Equal(new CalicoName("host-cmp", "cmp.example"), names["cmp"]);
        Assert.Equal("cmp.example", names["cmp"].Name);
        Assert.Equal("host-ctl", names["ctl"].Name);
        Assert.Contains("neutron.conf [calico]: etcd_host = 10.0.0.5; etcd_port = 2379", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_EtcdPortUnsetAndNoNeutronSetting_RefusesTheNodeSayingWhatToWrite()
    {
        var result = await Run(Nodes(Neutron), SomeCluster.Context(SomeCluster.Inventory()));

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("ctl (/etc/neutron/neutron.conf [calico] leaves etcd_port unset", result.Fault(), StringComparison.Ordinal);
        Assert.Contains("neutron: { etcdPort: 2379 }", result.Fault(), StringComparison.Ordinal);
        Assert.Contains("neutron: { acceptDefaultPort: true }", result.Fault(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2379, false, "neutron.etcdPort: etcd_port = 2379 is written before the service restarts")]
    [InlineData(null, true, "networking-calico 1.4.3 will use 4001 (neutron.acceptDefaultPort: true)")]
    public async Task ExecuteAsync_EtcdPortUnsetButTheInventorySaysWhatToDo_GoesOnSayingSo(int? port, bool accept, string note)
    {
        var inventory = SomeCluster.Inventory() is var i ? i with { Nodes = i.Nodes.Select(n => n with { Neutron = new NeutronSettings(port, accept) }).ToList() } : null!;

        var result = await Run(Nodes(Neutron), SomeCluster.Context(inventory));

        Assert.Equal(ActivityResult.Done, result.Outcome());
        Assert.Contains(note, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NeutronPointsAtTheV3Cluster_IsRefused()
    {
        var result = await Run(Nodes("[calico]\netcd_host = 10.0.0.6\netcd_port = 2379\n"), SomeCluster.Context(SomeCluster.Inventory()));

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("etcd_host/etcd_port = 10.0.0.6:2379 is the v3 cluster (etcd.v3: http://10.0.0.6:2379)", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_SecretLookingNeutronSetting_IsJournalledAsStars()
    {
        var result = await Run(Nodes(Neutron + "etcd_port = 2379\netcd_password = hunter2\n"), SomeCluster.Context(SomeCluster.Inventory()));

        Assert.Contains("etcd_password = ***", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_StartedWithForce_JournalsWhichRunsItOverlaps()
    {
        var context = SomeCluster.Context(SomeCluster.Inventory(), v => v[DowngradeVariables.ForcedOver] = "it overlaps instance 42 (cluster, faulted at preflight) on 10.0.0.1:22");

        var result = await Run(Nodes(Neutron + "etcd_port = 2379\n"), context);

        Assert.StartsWith("Started with --force: it overlaps instance 42", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_SudoFails_RefusesTheNode()
    {
        var shell = Nodes(Neutron + "etcd_port = 2379\n").On("sudo -n true", exit: 1, stderr: "sudo: a password is required\n");

        var result = await Run(shell, SomeCluster.Context(SomeCluster.Inventory()));

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("a password is required", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new Preflight(Nodes(Neutron), NullLogger<Preflight>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), cancelled.Token).AsTask());
    }

    /// <summary>CentOS 7 nodes ctl and cmp with the given neutron.conf; cmp's felix.cfg names it cmp.example.</summary>
    private static ScriptedNodeShell Nodes(string neutron) => new ScriptedNodeShell()
        .On("cat /etc/os-release", stdout: Fixture.Text("centos7_os-release"))
        .On("hostname", stdout: "host-ctl\n", node: "ctl")
        .On("hostname", stdout: "host-cmp\n", node: "cmp")
        .WithFile("ctl", NeutronConfig.Path, neutron)
        .WithFile("cmp", NeutronConfig.Path, neutron)
        .WithFile("cmp", FelixConfig.Path, "[global]\nFelixHostname = cmp.example\nDatastoreType = etcdv3\n");

    private static async Task<ActivityResult> Run(ScriptedNodeShell shell, Engine.Activities.ActivityContext context) =>
        await new Preflight(shell, NullLogger<Preflight>.Instance).ExecuteAsync(context, Ct);
}
