using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Saga.Engine.Runtime;

namespace Saga.Host.Messaging;

/// <summary>
/// The node runs in flight in this process. A run belongs to the process, not to the message that asked for it: a
/// broker that restarts does not interrupt it (only the process stopping does), and the message redelivered meanwhile
/// joins it and reports its result on the new delivery, since the first delivery's channel is gone.
/// </summary>
internal sealed class NodeRuns(IWorkflowRunner runner, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RunOutcome>>> running = new();

    /// <summary>
    /// Runs the child instance, or joins its run already in flight here. The process stopping interrupts it
    /// (<see cref="RunOutcome.Interrupted"/>, or <see cref="OperationCanceledException"/> before it started); an
    /// <see cref="OperationCanceledException"/> from anywhere else is a failure of the run, thrown as
    /// <see cref="NodeRunFailedException"/> with its type and message, never taken for an interruption.
    /// </summary>
    public async Task<RunOutcome> RunOrJoinAsync(string childInstanceId)
    {
        var mine = new Lazy<Task<RunOutcome>>(() => runner.RunAsync(childInstanceId, lifetime.ApplicationStopping));
        var current = running.GetOrAdd(childInstanceId, mine);
        try
        {
            return await current.Value;
        }
        catch (OperationCanceledException ex) when (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw NodeRunFailedException.For(childInstanceId, ex);
        }
        finally
        {
            if (ReferenceEquals(current, mine))
                running.TryRemove(new KeyValuePair<string, Lazy<Task<RunOutcome>>>(childInstanceId, mine));
        }
    }
}

/// <summary>A node's run failed with something other than the process stopping; the message names the exception's type.</summary>
internal sealed class NodeRunFailedException : Exception
{
    public NodeRunFailedException()
    {
    }

    public NodeRunFailedException(string message)
        : base(message)
    {
    }

    public NodeRunFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static NodeRunFailedException For(string childInstanceId, Exception cause) =>
        new($"The run of {childInstanceId} failed: {cause.GetType().FullName}: {cause.Message}", cause);
}
