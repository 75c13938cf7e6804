using Saga.Engine.Activities;

namespace Saga.Benchmarks;

/// <summary>Does nothing, so a chain of them measures the engine's checkpoint cost alone.</summary>
[Activity(Category = "Benchmark")]
internal sealed class Noop : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Completed());
}
