using System.Collections.Concurrent;
using Saga.Engine.Activities;

namespace Saga.Engine.Tests.Support;

/// <summary>Counts how often each activity id ran, across runs of one engine.</summary>
internal sealed class Calls
{
    private readonly ConcurrentQueue<string> order = new();

    public IReadOnlyList<string> Order => order.ToArray();

    public void Add(string activityId) => order.Enqueue(activityId);

    public int Count(string activityId) => order.Count(a => a == activityId);
}

/// <summary>Records that it ran and ends with Done.</summary>
[Activity(Category = "Test", Description = "Records that it ran.")]
internal sealed class Record(Calls calls) : IActivity
{
    [ActivityInput(Hint = "Text kept as the output.")]
    public string? Text { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        calls.Add(context.ActivityId);
        context.SetVariable("last", context.ActivityId);
        return ValueTask.FromResult(ActivityResult.Completed(Text));
    }
}

/// <summary>Fails while <see cref="Faults.Broken"/> is set: by throwing, or by reporting a fault.</summary>
[Activity(Category = "Test", Description = "Fails while broken.")]
internal sealed class Fail(Calls calls, Faults faults) : IActivity
{
    [ActivityInput]
    public bool Throw { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        calls.Add(context.ActivityId);
        context.SetVariable("touchedByFail", true);
        if (!faults.Broken)
            return ValueTask.FromResult(ActivityResult.Completed());
        return Throw
            ? throw new InvalidOperationException("yum: Cannot find a valid baseurl for repo: calico")
            : ValueTask.FromResult(ActivityResult.Fault("package calico-felix has no 2.6 version", "stdout: No package calico-felix-2.6 available."));
    }
}

/// <summary>Whether <see cref="Fail"/> fails, per engine.</summary>
internal sealed class Faults
{
    public bool Broken { get; set; } = true;
}

/// <summary>Runs until released (or cancelled), so a test can act while an activity is in flight.</summary>
[Activity(Category = "Test", Description = "Blocks until released.")]
internal sealed class Block(Calls calls, Gate gate) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        calls.Add(context.ActivityId);
        gate.Entered.TrySetResult();
        await gate.Release.Task.WaitAsync(cancellationToken);
        return ActivityResult.Completed();
    }
}

internal sealed class Gate
{
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Ends with the outcome it is given.</summary>
[Activity(Category = "Test", Outcomes = ["Left", "Right"])]
internal sealed class Choose : IActivity
{
    [ActivityInput]
    public required string Outcome { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Outcome(Outcome));
}

/// <summary>Waits on a run-resumable bookmark; when resumed, ends with the payload as its output.</summary>
[Activity(Category = "Test")]
internal sealed class FanIn : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.ResumePayload is { } payload ? ActivityResult.Completed(payload.GetRawText()) : ActivityResult.Wait("children"));
}
