using Saga.Engine.Instances;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>
/// Each activity execution gets a DI scope of its own, disposed when it ends. The test engine's provider validates
/// scopes, so an activity resolved from the root provider with a scoped dependency would throw instead.
/// </summary>
public sealed class ActivityScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ActivityWithAScopedDependency_GetsAFreshOneEachExecutionDisposedWhenItEnds()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("scoped").Then("u1", "UseScoped").Then("u2", "UseScoped").Build());

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, outcome.Status);
        var calls = engine.Calls.Order;
        Assert.Equal(4, calls.Count);
        var first = calls[0]["u1 got ".Length..];
        var second = calls[2]["u2 got ".Length..];
        Assert.NotEqual(first, second);
        Assert.Equal([$"u1 got {first}", $"disposed {first}", $"u2 got {second}", $"disposed {second}"], calls);
    }
}
