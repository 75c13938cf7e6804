using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;
using Saga.Tests.Postgres;

namespace Saga.Engine.Tests.Runtime;

/// <summary>
/// Hosts sharing a PostgreSQL store (two engines on one database are two hosts): leases and the concurrency token keep
/// one runner per instance. What a single runner does on either provider is in <see cref="WorkflowRunnerTests"/>.
/// </summary>
public sealed class PostgresRunnerTests : IAsyncLifetime
{
    private PostgresDatabase database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => database = await PostgresDatabase.CreateAsync(Ct);

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task RunAsync_TwoHostsRaceForOneInstance_ExactlyOneDrivesItAndTheOtherIsRefused()
    {
        await using var first = await TestEngine.OnPostgresAsync(database);
        await using var second = await TestEngine.OnPostgresAsync(database);
        var id = await first.CreateAsync(Flow.Named("race").Then("a1", "Block").Then("a2", "Record").Build());

        Task<RunOutcome>[] runs = [Task.Run(() => first.Runner.RunAsync(id, Ct), Ct), Task.Run(() => second.Runner.RunAsync(id, Ct), Ct)];
        var loser = await Task.WhenAny(runs); // the winner waits in a1 until released

        var refused = await Assert.ThrowsAsync<InstanceLeasedException>(() => loser);
        Assert.Contains($"pid {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
        first.Gate.Release.SetResult();
        second.Gate.Release.SetResult();
        Assert.Equal(InstanceStatus.Finished, (await runs.Single(r => r != loser)).Status);
        Assert.Equal(1, first.Calls.Count("a1") + second.Calls.Count("a1"));
        Assert.Equal(["a1", "a2"], (await first.GetAsync(id)).Journal.Select(j => j.ActivityId));
    }

    [Fact]
    public async Task RunAsync_TwoHostsRaceForManyInstances_EachActivityRunsOnceAndEveryInstanceFinishes()
    {
        await using var first = await TestEngine.OnPostgresAsync(database);
        await using var second = await TestEngine.OnPostgresAsync(database);
        var definition = await first.Definitions.SaveAsync(Flow.Named("many").Then("a1", "Record").Then("a2", "Record").Build(), publish: true, Ct);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
            ids.Add((await first.Runner.CreateAsync(definition.DefinitionId!, null, null, Ct)).InstanceId);

        await Task.WhenAll(ids.SelectMany(id => new[] { RaceAsync(first, id), RaceAsync(second, id) }));

        Assert.Equal(20, first.Calls.Count("a2") + second.Calls.Count("a2"));
        foreach (var id in ids)
            Assert.Equal(["a1", "a2"], (await first.GetAsync(id)).Journal.Select(j => j.ActivityId));
    }

    [Fact]
    public async Task RunAsync_LeaseTakenOverByAnotherHostMidActivity_StopsTheLoserWithoutWriting()
    {
        await using var loser = await TestEngine.OnPostgresAsync(database);
        await using var taker = await TestEngine.OnPostgresAsync(database);
        var id = await loser.CreateAsync(Flow.Named("taken").Then("a1", "Block").Then("a2", "Record").Build());
        var lost = loser.Runner.RunAsync(id, Ct);
        await loser.Gate.Entered.Task.WaitAsync(Ct);

        taker.Time.Advance(TimeSpan.FromSeconds(31)); // the loser's lease has expired for the other host
        var taken = taker.Runner.RunAsync(id, Ct);
        await taker.Gate.Entered.Task.WaitAsync(Ct);
        loser.Time.Advance(TimeSpan.FromSeconds(10)); // the loser's renewal finds the lease gone

        await Assert.ThrowsAsync<LeaseLostException>(() => lost.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Empty((await loser.GetAsync(id)).Journal);
        taker.Gate.Release.SetResult();
        loser.Gate.Release.SetResult();
        Assert.Equal(InstanceStatus.Finished, (await taken).Status);
        Assert.Equal(["a1"], loser.Calls.Order);
        Assert.Equal(["a1", "a2"], taker.Calls.Order);
        Assert.Equal(["a1", "a2"], (await taker.GetAsync(id)).Journal.Select(j => j.ActivityId));
    }

    [Fact]
    public async Task CancelAsync_FromAnotherHostWhileAnActivityRuns_TheRunnerStopsAndMarksItCancelled()
    {
        await using var runner = await TestEngine.OnPostgresAsync(database);
        await using var other = await TestEngine.OnPostgresAsync(database);
        var id = await runner.CreateAsync(Flow.Named("cancel").Then("a1", "Block").Then("a2", "Record").Build());
        var run = runner.Runner.RunAsync(id, Ct);
        await runner.Gate.Entered.Task.WaitAsync(Ct);

        var requested = await other.Runner.CancelAsync(id, Ct);
        runner.Time.Advance(TimeSpan.FromSeconds(10)); // the runner's renewal sees the request

        Assert.Equal($"pid {Environment.ProcessId} on {Environment.MachineName}", requested.CancelAskedOf);
        Assert.Equal(InstanceStatus.Cancelled, (await run.WaitAsync(TimeSpan.FromSeconds(30), Ct)).Status);
        Assert.Equal(0, runner.Calls.Count("a2"));
        var last = (await other.GetAsync(id)).Journal[^1];
        Assert.Equal(("a1", "Cancelled"), (last.ActivityId, last.EventName));
    }

    /// <summary>Runs the instance; being refused, or finding it already finished, is losing the race, not failing.</summary>
    private static async Task RaceAsync(TestEngine engine, string id)
    {
        try
        {
            await Task.Run(() => engine.Runner.RunAsync(id, Ct), Ct);
        }
        catch (InstanceLeasedException)
        {
        }
    }
}
