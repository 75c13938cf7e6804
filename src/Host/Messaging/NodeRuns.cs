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

    public async Task<RunOutcome> RunOrJoinAsync(string childInstanceId)
    {
        var mine = new Lazy<Task<RunOutcome>>(() => runner.RunAsync(childInstanceId, lifetime.ApplicationStopping));
        var current = running.GetOrAdd(childInstanceId, mine);
        try
        {
            return await current.Value;
        }
        finally
        {
            if (ReferenceEquals(current, mine))
                running.TryRemove(new KeyValuePair<string, Lazy<Task<RunOutcome>>>(childInstanceId, mine));
        }
    }
}
