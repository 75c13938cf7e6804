using Saga.Engine.Instances;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>
/// What belongs to one run (a node's SSH connections) is entered as the run claims its instance, is seen by that
/// run's activities and by no other run, and ends with the run however it ends.
/// </summary>
public sealed class RunScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_TwoInstances_EachActivitySeesOnlyItsOwnRunAndTheScopeEndsWithTheRun()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = Flow.Named("scoped-runs").Then("a", "SeeRunScope").Then("b", "SeeRunScope").Build();
        var first = await engine.CreateAsync(definition);
        var second = (await engine.Runner.CreateAsync("scoped-runs", null, null, Ct)).InstanceId;

        await engine.Runner.RunAsync(first, Ct);
        await engine.Runner.RunAsync(second, Ct);

        Assert.Equal(
            [$"enter {first}", $"a in {first}", $"b in {first}", $"end {first}", $"enter {second}", $"a in {second}", $"b in {second}", $"end {second}"],
            engine.RunScopes.Log);
        Assert.Null(RunScopeProbe.Current); // the caller's flow is not left inside a run
    }

    [Fact]
    public async Task RunAsync_ActivityFaults_TheScopeStillEnds()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("scoped-fault").Then("a", "SeeRunScope").Then("f", "Fail", ("Throw", "true")).Build());

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Faulted, outcome.Status);
        Assert.Equal([$"enter {id}", $"a in {id}", $"end {id}"], engine.RunScopes.Log);
        Assert.Equal(["f"], engine.Calls.Order);
    }
}
