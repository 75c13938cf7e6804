using Microsoft.EntityFrameworkCore;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>
/// One cancel path, wherever the cancel is noticed: before a step, during one, while a fan-out waits, while a checkpoint
/// is retried. Each ends Cancelled with one journal entry, one notification, and every unfinished child cancelled.
/// </summary>
public sealed class CancellationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancel_NoticedBeforeAStep_CancelsOnceWithItsChildren()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishChildAsync();
        var parent = await engine.CreateAsync(Flow.Named("before").Then("a1", "Record").Build());
        var children = await CreateChildrenAsync(engine, parent, 2);
        // A request that the runner which had it died before acting on: the next runner sees it before any step.
        await engine.WithStoreAsync(async db => (await db.Instances.SingleAsync(i => i.Id == parent, Ct)).CancelRequested = true);

        var outcome = await engine.Runner.RunAsync(parent, Ct);

        Assert.Equal(InstanceStatus.Cancelled, outcome.Status);
        Assert.Empty(engine.Calls.Order);
        await AssertCancelledOnceAsync(engine, parent, ["a1:Cancelled"], children);
    }

    [Fact]
    public async Task Cancel_NoticedDuringAStep_StopsItAndCancelsOnceWithItsChildren()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishChildAsync();
        var parent = await engine.CreateAsync(Flow.Named("during").Then("fan", "Spawn", ("Count", "2"), ("Hold", "true")).Build());
        var run = engine.Runner.RunAsync(parent, Ct);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        var asked = await engine.Runner.CancelAsync(parent, Ct);
        engine.Time.Advance(TimeSpan.FromSeconds(10)); // the runner's lease renewal sees the request and stops the fan-out
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.NotNull(asked.CancelAskedOf);
        Assert.Equal(InstanceStatus.Cancelled, outcome.Status);
        await AssertCancelledOnceAsync(engine, parent, ["fan:Cancelled"], ChildIds(parent, 2));
    }

    [Fact]
    public async Task Cancel_WhileTheFanOutWaits_CancelsOnceWithItsChildren()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishChildAsync();
        var parent = await engine.CreateAsync(Flow.Named("waits").Then("fan", "Spawn", ("Count", "2")).Build());
        Assert.Equal(InstanceStatus.Suspended, (await engine.Runner.RunAsync(parent, Ct)).Status);

        var outcome = await engine.Runner.CancelAsync(parent, Ct);

        Assert.Equal(InstanceStatus.Cancelled, outcome.Status);
        await AssertCancelledOnceAsync(engine, parent, ["fan:Suspended", "fan:Cancelled"], ChildIds(parent, 2));
    }

    [Fact]
    public async Task Cancel_ArrivingAsTheFanOutsCheckpointIsWritten_KeepsWhatItDidThenCancelsOnceWithItsChildren()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishChildAsync();
        var parent = await engine.CreateAsync(Flow.Named("retried").Then("fan", "Spawn", ("Count", "2"), ("Hold", "true")).Build());
        var run = engine.Runner.RunAsync(parent, Ct);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        await engine.Runner.CancelAsync(parent, Ct); // moves the instance on under the runner; its renewal never ticks
        engine.Gate.Release.SetResult(); // the fan-out ends, and its checkpoint is refused once, then retried
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(InstanceStatus.Cancelled, outcome.Status);
        await AssertCancelledOnceAsync(engine, parent, ["fan:Suspended", "fan:Cancelled"], ChildIds(parent, 2));
    }

    [Fact]
    public async Task Cancel_Parent_CancelsItsUnfinishedChildrenAndLeavesFinishedOnes()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishChildAsync();
        var parent = await engine.CreateAsync(Flow.Named("mixed").Then("fan", "Spawn", ("Count", "2")).Build());
        await engine.Runner.RunAsync(parent, Ct);
        var (done, pending) = (ChildIds(parent, 2)[0], ChildIds(parent, 2)[1]);
        await engine.Runner.RunAsync(done, Ct);

        await engine.Runner.CancelAsync(parent, Ct);

        Assert.Equal(InstanceStatus.Cancelled, (await engine.GetAsync(pending)).Summary.Status);
        Assert.Equal(InstanceStatus.Finished, (await engine.GetAsync(done)).Summary.Status);
    }

    [Fact]
    public async Task Cancel_Unknown_IsInstanceNotFound()
    {
        await using var engine = await TestEngine.StartAsync();

        var error = await Assert.ThrowsAsync<InstanceNotFoundException>(() => engine.Runner.CancelAsync("0123456789abcdef0123456789abcdef", Ct));

        Assert.Equal("There is no instance '0123456789abcdef0123456789abcdef'.", error.Message);
    }

    /// <summary>The ids <see cref="Spawn"/> gives its children.</summary>
    private static string[] ChildIds(string parent, int count) => [.. Enumerable.Range(0, count).Select(i => $"{parent[..24]}child{i:D3}")];

    private static async Task<string[]> CreateChildrenAsync(TestEngine engine, string parent, int count)
    {
        foreach (var id in ChildIds(parent, count))
            await engine.Runner.CreateAsync("child", null, new CreateInstanceOptions(ParentInstanceId: parent, InstanceId: id), Ct);
        return ChildIds(parent, count);
    }

    /// <summary>Cancelled with exactly the journal given, one notification however often it is cancelled again, and each child cancelled.</summary>
    private static async Task AssertCancelledOnceAsync(TestEngine engine, string parent, string[] journal, string[] children)
    {
        await engine.Runner.CancelAsync(parent, Ct); // again: nothing more is journalled or told
        var details = await engine.GetAsync(parent);
        Assert.Equal((InstanceStatus.Cancelled, null), (details.Summary.Status, details.Summary.LeaseOwner));
        Assert.Equal(journal, details.Journal.Select(j => $"{j.ActivityId}:{j.EventName}"));
        Assert.Equal(1, engine.Changes.Count(parent, WorkflowChangeKind.Cancelled));
        foreach (var child in children)
        {
            Assert.Equal(InstanceStatus.Cancelled, (await engine.GetAsync(child)).Summary.Status);
            Assert.Equal(1, engine.Changes.Count(child, WorkflowChangeKind.Cancelled));
        }
    }
}
