using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps.Cluster;

/// <summary>The evidenced delete: the nodes etcdv3 knows, the dump, the approval gate and the delete itself, on a fake node shell.</summary>
public sealed class EtcdV3DeleteTests
{
    private const string Nodes = "/calico/resources/v3/projectcalico.org/nodes/";
    private const string Ctl = "ctl";

    // what etcdctl 3.4 prints for get --prefix /calico/ -w json (as the lab's real etcdctl does), two keys at revision 7
    private static readonly string Dump = """{"header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":7,"raft_term":2},"kvs":[{"key":"L2NhbGljby9hL2I=","create_revision":2,"mod_revision":2,"version":1,"value":"bGFi"},{"key":"L2NhbGljby9yZXNvdXJjZXMvdjMvcHJvamVjdGNhbGljby5vcmcvbm9kZXMvY21w","create_revision":3,"mod_revision":3,"version":1,"value":"e30="}],"count":2}""" + "\n";
    private static readonly string KeysNow = """{"header":{"revision":7},"kvs":[{"key":"L2NhbGljby9hL2I=","create_revision":2,"mod_revision":2,"version":1},{"key":"L2NhbGljby9yZXNvdXJjZXMvdjMvcHJvamVjdGNhbGljby5vcmcvbm9kZXMvY21w","create_revision":3,"mod_revision":3,"version":1}],"count":2}""" + "\n";
    private static readonly string Empty = """{"header":{"revision":9}}""" + "\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckEtcdV3Nodes_EveryNodeKnown_ListsThemOnTheV3Cluster()
    {
        var shell = new ScriptedNodeShell().On("get " + Nodes, stdout: $"{Nodes}cmp\n\n");

        var result = await new CheckEtcdV3Nodes(shell, NullLogger<CheckEtcdV3Nodes>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), Ct);

        Assert.Equal(ActivityResult.Done, result.Outcome());
        Assert.Contains("1 node(s) in etcdv3, each in the inventory and verified", result.Output, StringComparison.Ordinal);
        Assert.StartsWith("sudo -n ETCDCTL_API=3 etcdctl --endpoints http://10.0.0.6:2379 get " + Nodes, Assert.Single(shell.Rendered), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckEtcdV3Nodes_UnknownNode_StopsTheRunNamingIt()
    {
        var shell = new ScriptedNodeShell().On("get " + Nodes, stdout: $"{Nodes}cmp\n\n{Nodes}forgotten-7\n\n");

        var result = await new CheckEtcdV3Nodes(shell, NullLogger<CheckEtcdV3Nodes>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), Ct);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("etcdv3 knows node(s) the inventory does not: forgotten-7", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckEtcdV3Nodes_NodeKnownByItsFelixHostname_IsMatched()
    {
        var shell = new ScriptedNodeShell().On("get " + Nodes, stdout: $"{Nodes}compute-1.example\n\n");
        var context = SomeCluster.Context(SomeCluster.Inventory(), v => v[DowngradeVariables.CalicoNames] = SomeCluster.Json(new Dictionary<string, CalicoName>
        {
            ["ctl"] = new("ctl", null),
            ["cmp"] = new("cmp", "compute-1.example"),
        }));

        var result = await new CheckEtcdV3Nodes(shell, NullLogger<CheckEtcdV3Nodes>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(ActivityResult.Done, result.Outcome());
        Assert.Contains("compute-1.example: node cmp of the inventory, verified", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckEtcdV3Nodes_EtcdctlFails_Faults()
    {
        var shell = new ScriptedNodeShell().On("get " + Nodes, exit: 1, stderr: "Error: context deadline exceeded\n");

        var result = await new CheckEtcdV3Nodes(shell, NullLogger<CheckEtcdV3Nodes>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), Ct);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("context deadline exceeded", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DumpEtcdV3Data_WritesTheDumpInTheBackupFolderAndJournalsItsSha256AndKeyCount()
    {
        var shell = DumpingShell();
        var context = SomeCluster.Context(SomeCluster.Inventory());

        var result = await new DumpEtcdV3Data(shell, NullLogger<DumpEtcdV3Data>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(ActivityResult.Done, result.Outcome());
        var dump = context.GetVariable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump)!;
        Assert.StartsWith($"/var/backups/saga/{SomeCluster.InstanceId}/etcdv3-calico-", dump.Path, StringComparison.Ordinal);
        Assert.Equal((2, 7L, Sha(Dump)), (dump.Keys, dump.Revision, dump.Sha256));
        Assert.Contains($"sha256 {Sha(Dump)}", result.Output, StringComparison.Ordinal);
        var get = Assert.Single(shell.Runs, r => r.Command.ToString().Contains("-w json >", StringComparison.Ordinal));
        Assert.Equal($"ETCDCTL_API=3 etcdctl --endpoints http://10.0.0.6:2379 get --prefix /calico/ -w json > {dump.Path}", get.Command.ToString());
        Assert.Contains("umask 077", get.Command.Render(sudo: true), StringComparison.Ordinal);
        var prompt = context.GetVariable<string>(DowngradeVariables.EtcdV3DeletePrompt)!;
        Assert.Contains("Delete 2 key(s) under /calico/ from the v3 cluster http://10.0.0.6:2379?", prompt, StringComparison.Ordinal);
        Assert.Contains($"{Ctl}:{dump.Path} (sha256 {Sha(Dump)}", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DumpEtcdV3Data_EarlierDumpStillCurrent_IsKeptAsAlreadyDone()
    {
        var shell = DumpingShell();
        var context = SomeCluster.Context(SomeCluster.Inventory());
        var step = new DumpEtcdV3Data(shell, NullLogger<DumpEtcdV3Data>.Instance);
        await step.ExecuteAsync(context, Ct);
        var first = context.GetVariable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump)!;
        shell.On("sha256sum", stdout: $"{Sha(Dump)}  {first.Path}\n");

        var again = await step.ExecuteAsync(context, Ct);

        Assert.Contains("already done:", again.Output, StringComparison.Ordinal);
        Assert.Equal(1, shell.Count("-w json >"));
        Assert.Equal(first, context.GetVariable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump));
    }

    [Fact]
    public async Task DumpEtcdV3Data_EtcdctlFails_FaultsAndRecordsNoDump()
    {
        var shell = new ScriptedNodeShell().On("-w json >", exit: 1, stderr: "Error: context deadline exceeded\n");
        var context = SomeCluster.Context(SomeCluster.Inventory());

        var result = await new DumpEtcdV3Data(shell, NullLogger<DumpEtcdV3Data>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Null(context.GetVariable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump));
    }

    [Fact]
    public async Task DumpEtcdV3Data_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DumpEtcdV3Data(DumpingShell(), NullLogger<DumpEtcdV3Data>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), cancelled.Token).AsTask());
    }

    [Fact]
    public async Task AskApproval_BeforeEtcdDeleteByDefault_AsksWithTheDumpsKeyCountAndPath()
    {
        var context = SomeCluster.Context(SomeCluster.Inventory(), v =>
        {
            v[DowngradeVariables.EtcdV3Dump] = SomeCluster.Json(new EtcdV3Dump(Ctl, "/var/backups/saga/x/etcdv3.json", "ab", 13, 7));
            v[DowngradeVariables.EtcdV3DeletePrompt] = "Delete 13 key(s) ... /var/backups/saga/x/etcdv3.json";
        });

        var result = await new AskApproval { Gate = ApprovalGate.BeforeEtcdDelete }.ExecuteAsync(context, Ct);

        Assert.Equal(AskApproval.Ask, result.Outcome());
        Assert.Equal("Delete 13 key(s) ... /var/backups/saga/x/etcdv3.json", result.Output);
    }

    [Fact]
    public async Task AskApproval_GatesOff_SkipsSayingWhy()
    {
        var inventory = SomeCluster.Inventory() with { Gates = new GateSettings(AfterCanary: false, BeforeEtcdDelete: false) };
        var context = SomeCluster.Context(inventory, v => v[DowngradeVariables.EtcdV3Dump] = SomeCluster.Json(new EtcdV3Dump(Ctl, "/d.json", "ab", 13, 7)));

        var delete = await new AskApproval { Gate = ApprovalGate.BeforeEtcdDelete }.ExecuteAsync(context, Ct);
        var canary = await new AskApproval { Gate = ApprovalGate.AfterCanary }.ExecuteAsync(context, Ct);

        Assert.Equal((AskApproval.Skip, AskApproval.Skip), (delete.Outcome(), canary.Outcome()));
        Assert.StartsWith("gates.beforeEtcdDelete is false", delete.Output, StringComparison.Ordinal);
        Assert.StartsWith("gates.afterCanary is false", canary.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskApproval_AfterCanaryWhenAsked_NamesTheCanaries()
    {
        var inventory = SomeCluster.Inventory(SomeCluster.Node(Ctl, NodeRole.Control), SomeCluster.Node("c1", NodeRole.Compute), SomeCluster.Node("c2", NodeRole.Compute)) with { Gates = new GateSettings(true, true) };
        var context = SomeCluster.Context(inventory);

        var result = await new AskApproval { Gate = ApprovalGate.AfterCanary }.ExecuteAsync(context, Ct);

        Assert.Equal(AskApproval.Ask, result.Outcome());
        Assert.Equal("The canary compute node(s) c1 are downgraded and verified. Go on with the other 1?", context.GetVariable<string>(DowngradeVariables.CanaryPrompt));
    }

    [Fact]
    public async Task Delete_DumpStillCurrent_DeletesOnTheV3ClusterAndChecksNothingIsLeft()
    {
        var shell = new ScriptedNodeShell()
            .On("--keys-only -w json", stdout: KeysNow)
            .On("del /calico/ --prefix", stdout: "2\n");
        var context = DumpedContext(SomeCluster.Inventory());

        var result = await new DeleteMigratedEtcdV3Data(shell, NullLogger<DeleteMigratedEtcdV3Data>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(ActivityResult.Done, result.Outcome());
        Assert.Contains("deleted 2 key(s) under /calico/ (of the 2 dumped)", result.Output, StringComparison.Ordinal);
        var del = Assert.Single(shell.Rendered, r => r.Contains(" del ", StringComparison.Ordinal));
        Assert.Equal("sudo -n ETCDCTL_API=3 etcdctl --endpoints http://10.0.0.6:2379 del /calico/ --prefix", del);
    }

    [Fact]
    public async Task Delete_NothingLeft_SaysAlreadyDone()
    {
        var shell = new ScriptedNodeShell().On("--keys-only -w json", stdout: Empty);

        var result = await new DeleteMigratedEtcdV3Data(shell, NullLogger<DeleteMigratedEtcdV3Data>.Instance).ExecuteAsync(DumpedContext(SomeCluster.Inventory()), Ct);

        Assert.Contains("already done: no keys under /calico/", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count(" del "));
    }

    [Fact]
    public async Task Delete_KeyWrittenSinceTheDump_DeletesNothingAndGoesBackForANewDump()
    {
        var changed = KeysNow.Replace("\"mod_revision\":3", "\"mod_revision\":8", StringComparison.Ordinal);
        var shell = new ScriptedNodeShell().On("--keys-only -w json", stdout: changed);

        var result = await new DeleteMigratedEtcdV3Data(shell, NullLogger<DeleteMigratedEtcdV3Data>.Instance).ExecuteAsync(DumpedContext(SomeCluster.Inventory()), Ct);

        Assert.Equal(DeleteMigratedEtcdV3Data.Stale, result.Outcome());
        Assert.Contains(Nodes + "cmp", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count(" del "));
    }

    [Fact]
    public async Task Delete_WithoutADump_Faults()
    {
        var result = await new DeleteMigratedEtcdV3Data(new ScriptedNodeShell(), NullLogger<DeleteMigratedEtcdV3Data>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory()), Ct);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("no dump of the etcdv3 data was taken", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_DelFails_Faults()
    {
        var shell = new ScriptedNodeShell().On("--keys-only -w json", stdout: KeysNow).On("del /calico/", exit: 1, stderr: "Error: etcdserver: permission denied\n");

        var result = await new DeleteMigratedEtcdV3Data(shell, NullLogger<DeleteMigratedEtcdV3Data>.Instance).ExecuteAsync(DumpedContext(SomeCluster.Inventory()), Ct);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("permission denied", result.Fault(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_Skipped_IsJournalledAsSkipped()
    {
        var shell = new ScriptedNodeShell();

        var result = await new DeleteMigratedEtcdV3Data(shell, NullLogger<DeleteMigratedEtcdV3Data>.Instance).ExecuteAsync(SomeCluster.Context(SomeCluster.Inventory() with { Skip = [SkipStep.EtcdCleanup] }), Ct);

        Assert.Equal("Skipped: the inventory says skip: [etcdCleanup]; the migrated data stays in etcdv3.", result.Output);
        Assert.Empty(shell.Runs);
    }

    [Fact]
    public async Task Delete_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DeleteMigratedEtcdV3Data(new ScriptedNodeShell(), NullLogger<DeleteMigratedEtcdV3Data>.Instance).ExecuteAsync(DumpedContext(SomeCluster.Inventory()), cancelled.Token).AsTask());
    }

    /// <summary>A node whose etcdctl writes <see cref="Dump"/> into the file it is given (the script's third value).</summary>
    private static ScriptedNodeShell DumpingShell() => new ScriptedNodeShell()
        .On("--keys-only -w json", stdout: KeysNow)
        .On("sha256sum", stdout: $"{Sha(Dump)}  the dump\n", times: 1)
        .Doing("-w json >", (shell, node, command) => shell.WithFile(node, command.Arguments[6], Dump));

    private static Engine.Activities.ActivityContext DumpedContext(ClusterInventory inventory) =>
        SomeCluster.Context(inventory, v => v[DowngradeVariables.EtcdV3Dump] = SomeCluster.Json(new EtcdV3Dump(Ctl, "/var/backups/saga/x/etcdv3.json", Sha(Dump), 2, 7)));

    private static string Sha(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
