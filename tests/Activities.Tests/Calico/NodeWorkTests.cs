using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Calico;

/// <summary>
/// A step on many nodes: each node's result is data (done, already done, skipped, failed with why); anything a node's
/// work throws is that node's failure, OperationCanceledException too, unless the step itself was stopped.
/// </summary>
public sealed class NodeWorkTests
{
    private static readonly SshSettings Ssh = new("root", 22, "/k", "/kh", Sudo: false, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ForEachAsync_EachNodesOutcome_IsItsNodeResultInInventoryOrder()
    {
        var result = await NodeWork.ForEachAsync("step 4.2", Nodes("c1", "c2", "c3"), 3, NullLogger.Instance, (node, transcript, ct) => Task.FromResult(node.Name switch
        {
            "c1" => NodeOutcome.Done("downgraded calico-felix"),
            "c2" => NodeOutcome.AlreadyDone("at 2.6"),
            _ => NodeOutcome.Skipped("not a compute node"),
        }), Ct);

        Assert.Equal(ActivityResultKind.Outcome, result.Kind);
        Assert.Equal(
            [NodeResult.Done("c1", "downgraded calico-felix"), NodeResult.AlreadyDone("c2", "at 2.6"), NodeResult.Skipped("c3", "not a compute node")],
            result.Nodes);
        Assert.Contains("== c2: already done: at 2.6\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForEachAsync_UndoRecordedBeforeActing_IsKeptWhenTheNodeChangedOrFailedAndDroppedWhenAlreadyDone()
    {
        var felix = new UndoRecord(UndoRecord.File, "/etc/calico/felix.cfg") { Backup = "/b/_etc_calico_felix.cfg.1", Sha256 = "aa" };

        var result = await NodeWork.ForEachAsync("step 4.1", Nodes("c1", "c2", "c3"), 3, NullLogger.Instance, (node, transcript, ct) =>
        {
            transcript.Undo(felix);
            transcript.Undo(felix with { Backup = "/b/_etc_calico_felix.cfg.2" }); // one record per file: the first
            return node.Name switch
            {
                "c1" => Task.FromResult(NodeOutcome.Done("removed DatastoreType = etcdv3")),
                "c2" => throw new IOException("write failed half-way"),
                _ => Task.FromResult(NodeOutcome.AlreadyDone("no DatastoreType = etcdv3 line")),
            };
        }, Ct);

        Assert.Equal([felix], result.Nodes[0].Undo!);
        Assert.Equal([felix], result.Nodes[1].Undo!);
        Assert.Null(result.Nodes[2].Undo);
    }

    [Fact]
    public async Task ForEachAsync_ANodesWorkThrowsAnOperationCanceledExceptionOfItsOwn_ThatNodeFailsAndTheOthersGoOn()
    {
        var result = await NodeWork.ForEachAsync("step 1", Nodes("c1", "c2"), 2, NullLogger.Instance, (node, transcript, ct) => node.Name == "c1"
            ? throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 300 seconds elapsing.")
            : Task.FromResult(NodeOutcome.AlreadyDone("calicoctl v1.6 in place")), Ct);

        var fault = Assert.IsType<FaultResult>(result);
        Assert.Equal("1 of 2 node(s) failed: c1 (The request was canceled due to the configured HttpClient.Timeout of 300 seconds elapsing.)", fault.Message);
        Assert.Equal(
            [NodeResult.Failed("c1", "The request was canceled due to the configured HttpClient.Timeout of 300 seconds elapsing."), NodeResult.AlreadyDone("c2", "calicoctl v1.6 in place")],
            result.Nodes);
    }

    [Fact]
    public async Task ForEachAsync_ANodesWorkThrows_ThatNodeFailsNamedByItsMessage()
    {
        var result = await NodeWork.ForEachAsync("step 3.2", Nodes("ctl"), 1, NullLogger.Instance,
            (node, transcript, ct) => throw new InvalidOperationException("ctl: neutron-server did not start"), Ct);

        Assert.Equal([NodeResult.Failed("ctl", "neutron-server did not start")], result.Nodes);
        Assert.Contains("# FAILED: ctl: neutron-server did not start", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForEachAsync_StepStoppedWhileANodeWorks_PropagatesTheCancellationInsteadOfFailingNodes()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var work = NodeWork.ForEachAsync("step 4.2", Nodes("c1"), 1, NullLogger.Instance, async (node, transcript, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return NodeOutcome.Done("never");
        }, stop.Token);
        await started.Task.WaitAsync(Ct);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => work);
    }

    private static List<NodeSpec> Nodes(params string[] names) => [.. names.Select(n => new NodeSpec(n, "127.0.0.1", NodeRole.Compute, Ssh))];
}
