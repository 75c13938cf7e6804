using System.Collections.Concurrent;
using Saga.Engine.Activities;
using Saga.Engine.Runtime;

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
    [ActivityInput(Hint = "When stopped, throw what a remote command cut off throws (an IOException), not OperationCanceledException.")]
    public bool ThrowOnStop { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        calls.Add(context.ActivityId);
        gate.Entered.TrySetResult();
        try
        {
            await gate.Release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (ThrowOnStop)
        {
            throw new IOException("the SSH session was closed");
        }

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

/// <summary>Throws what it is told to: an OperationCanceledException of its own (an HttpClient timeout), or another exception.</summary>
[Activity(Category = "Test", Description = "Throws.")]
internal sealed class Throw(Calls calls) : IActivity
{
    public const string Timeout = nameof(Timeout);

    [ActivityInput(Hint = "Timeout: an OperationCanceledException not caused by any token the engine holds; anything else: InvalidOperationException.")]
    public string? Kind { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        calls.Add(context.ActivityId);
        if (Kind == Timeout)
        {
            // What HttpClient throws when its own Timeout elapses: a TaskCanceledException over a TimeoutException.
            throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException("The operation was canceled."));
        }

        throw new InvalidOperationException("calicoctl: unexpected answer");
    }
}

/// <summary>Creates <see cref="Count"/> children of the definition "child", then (with <see cref="Hold"/>) blocks on the gate, then waits for them as a fan-in does.</summary>
[Activity(Category = "Test", Description = "Fans out to children.")]
internal sealed class Spawn(IWorkflowRunner runner, Calls calls, Gate gate) : IActivity
{
    public const string Bookmark = "children";

    [ActivityInput]
    public int Count { get; set; } = 2;

    [ActivityInput]
    public bool Hold { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        calls.Add(context.ActivityId);
        if (context.IsResuming)
            return ActivityResult.Completed();
        for (var i = 0; i < Count; i++)
        {
            await runner.CreateAsync("child", null, new CreateInstanceOptions(Name: $"node-{i}", ParentInstanceId: context.InstanceId, InstanceId: $"{context.InstanceId[..24]}child{i:D3}"),
                cancellationToken);
        }

        if (Hold)
        {
            gate.Entered.TrySetResult();
            await gate.Release.Task.WaitAsync(cancellationToken);
        }

        return ActivityResult.Wait(Bookmark, $"{Count} children");
    }
}

/// <summary>A scoped service: one per activity execution, disposed when it ends.</summary>
internal sealed class ScopedProbe(Calls calls) : IAsyncDisposable
{
    private static int next;

    public int Number { get; } = Interlocked.Increment(ref next);

    public bool Disposed { get; private set; }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        calls.Add($"disposed {Number}");
        return ValueTask.CompletedTask;
    }
}

/// <summary>Depends on a scoped service, as an activity that publishes on the bus does; records which one it got.</summary>
[Activity(Category = "Test", Description = "Uses a scoped service.")]
internal sealed class UseScoped(ScopedProbe probe, Calls calls) : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        calls.Add($"{context.ActivityId} got {probe.Number}{(probe.Disposed ? " disposed" : "")}");
        return ValueTask.FromResult(ActivityResult.Completed());
    }
}

/// <summary>Reports a result per node: c1 done, c2 already done, c3 skipped.</summary>
[Activity(Category = "Test", Description = "Reports what it did per node.")]
internal sealed class PerNode : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ActivityResult.Completed("three nodes") with
        {
            Nodes = [NodeResult.Done("c1", "downgraded calico-felix"), NodeResult.AlreadyDone("c2", "at 2.6"), NodeResult.Skipped("c3", "not a compute node")],
        });
}

/// <summary>
/// Reports three remote commands as the node shell does, two of them from tasks of its own, the last one with a
/// password on its command line and in its output (<see cref="Canary"/>).
/// </summary>
[Activity(Category = "Test", Description = "Reports remote commands.")]
internal sealed class RunCommands(Saga.Engine.Commands.NodeCommandLog log) : IActivity
{
    public const string Canary = "canary-pw-4711";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var at = context.Time.GetUtcNow().UtcDateTime;
        log.Record("c1", "rpm -q calico-felix", 0, at, TimeSpan.FromMilliseconds(120), "calico-felix-3.1.3-1.el7.x86_64\n");
        await Task.WhenAll(
            Task.Run(() => log.Record("c2", "dpkg-query -W calico-felix", 1, at, TimeSpan.FromSeconds(2), new string('x', 5000) + "\ndpkg-query: no packages found"), cancellationToken),
            Task.Run(() => log.Record("c2", $"etcdctl --password={Canary} get /calico", 0, at, TimeSpan.Zero, $"EtcdPassword = {Canary}\nok"), cancellationToken));
        return ActivityResult.Completed("ran three commands");
    }
}

/// <summary>Every change the runner reports, in order.</summary>
internal sealed class Changes : IWorkflowObserver
{
    private readonly ConcurrentQueue<WorkflowChange> all = new();

    public IReadOnlyList<WorkflowChange> All => all.ToArray();

    public ValueTask OnChangedAsync(WorkflowChange change, CancellationToken cancellationToken)
    {
        all.Enqueue(change);
        return ValueTask.CompletedTask;
    }

    public int Count(string instanceId, WorkflowChangeKind kind) => all.Count(c => c.InstanceId == instanceId && c.Kind == kind);
}

/// <summary>A run scope that records when runs start and end and marks the async flow with the instance it entered.</summary>
internal sealed class RunScopeProbe : IRunScope
{
    private static readonly AsyncLocal<string?> Entered = new();
    private readonly Calls calls = new();

    public static string? Current => Entered.Value;

    /// <summary>Runs entered and ended, and what <see cref="SeeRunScope"/> saw, in order (apart from <see cref="Calls"/>, which other tests read whole).</summary>
    public IReadOnlyList<string> Log => calls.Order;

    public void Add(string line) => calls.Add(line);

    public IAsyncDisposable Enter(string instanceId)
    {
        Entered.Value = instanceId;
        calls.Add($"enter {instanceId}");
        return new End(calls, instanceId);
    }

    private sealed class End(Calls calls, string instanceId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            calls.Add($"end {instanceId}");
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Records which run scope its async flow is in.</summary>
[Activity(Category = "Test", Description = "Records the run scope it runs in.")]
internal sealed class SeeRunScope(RunScopeProbe probe) : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        probe.Add($"{context.ActivityId} in {RunScopeProbe.Current ?? "no run"}");
        return ValueTask.FromResult(ActivityResult.Completed());
    }
}
