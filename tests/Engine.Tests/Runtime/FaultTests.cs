using Microsoft.EntityFrameworkCore;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>
/// Whatever an activity throws ends in the journal, except the three ways a run is stopped from outside, which are
/// told apart by who stopped it, not by what the activity threw: the caller, the lease, a cancel request.
/// </summary>
public sealed class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ActivityThrowsAnOperationCanceledExceptionOfItsOwn_FaultsWithItsTypeAndMessageAndReleasesTheLease()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("timeout").Then("a1", "Record").Then("fetch", "Throw", ("Kind", Throw.Timeout)).Then("a3", "Record").Build());

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.False(outcome.Interrupted);
        Assert.Equal((InstanceStatus.Faulted, "fetch"), (outcome.Status, outcome.ActivityId));
        Assert.Equal(new RunFault("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", "System.Threading.Tasks.TaskCanceledException"), outcome.Fault);
        var details = await engine.GetAsync(id);
        Assert.Equal(("fetch", "Faulted"), (details.Journal[^1].ActivityId, details.Journal[^1].EventName));
        Assert.Equal(("System.Threading.Tasks.TaskCanceledException", (string?)null), (details.Summary.FaultType, details.Summary.LeaseOwner));
        Assert.Equal(0, engine.Calls.Count("a3"));
    }

    [Fact]
    public async Task RunAsync_ActivityThrowsAnyOtherException_FaultsWithItsTypeAndMessageAndReleasesTheLease()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("throws").Then("a1", "Throw").Build());

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(new RunFault("calicoctl: unexpected answer", "System.InvalidOperationException"), outcome.Fault);
        var details = await engine.GetAsync(id);
        Assert.Equal(("calicoctl: unexpected answer", "Faulted"), (details.Journal[^1].Error, details.Journal[^1].EventName));
        Assert.Null(details.Summary.LeaseOwner);
    }

    [Fact]
    public async Task RunAsync_CallerCancelsAndTheActivityThrowsSomethingElseThen_IsInterruptedNotFaulted()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("caller").Then("a1", "Block", ("ThrowOnStop", "true")).Build());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var run = engine.Runner.RunAsync(id, stop.Token);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        await stop.CancelAsync();
        var outcome = await run;

        Assert.True(outcome.Interrupted);
        var details = await engine.GetAsync(id);
        Assert.Equal((InstanceStatus.Running, "a1", null), (details.Summary.Status, details.Summary.CurrentActivityId, details.Summary.LeaseOwner));
        Assert.Empty(details.Journal);
    }

    [Fact]
    public async Task RunAsync_CancelRequestedAndTheActivityThrowsSomethingElseThen_IsCancelledNotFaulted()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("request").Then("a1", "Block", ("ThrowOnStop", "true")).Build());
        var run = engine.Runner.RunAsync(id, Ct);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        await engine.Runner.CancelAsync(id, Ct);
        engine.Time.Advance(TimeSpan.FromSeconds(10)); // the lease renewal sees the request
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(InstanceStatus.Cancelled, outcome.Status);
        Assert.Equal(["a1:Cancelled"], (await engine.GetAsync(id)).Journal.Select(j => $"{j.ActivityId}:{j.EventName}"));
    }

    [Fact]
    public async Task RunAsync_LeaseLostAndTheActivityThrowsSomethingElseThen_StopsWithoutWriting()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("taken").Then("a1", "Block", ("ThrowOnStop", "true")).Build());
        var run = engine.Runner.RunAsync(id, Ct);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        await engine.WithStoreAsync(async db => (await db.Instances.SingleAsync(i => i.Id == id, Ct)).LeaseOwner = "other-host:1:1:thief");
        engine.Time.Advance(TimeSpan.FromSeconds(10));

        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => run.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.IsType<IOException>(lost.InnerException);
        var details = await engine.GetAsync(id);
        Assert.Empty(details.Journal);
        Assert.Equal((InstanceStatus.Running, "other-host:1:1:thief"), (details.Summary.Status, details.Summary.LeaseOwner));
    }
}
