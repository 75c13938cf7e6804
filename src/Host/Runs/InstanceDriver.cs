using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Engine.Runtime;

namespace Saga.Host.Runs;

/// <summary>
/// Runs instances in the background for a long-running host: what bus commands and the API ask for, and what the host
/// recovers at start. A request returns at once; the run goes on until the instance finishes, faults or waits. When
/// the host stops, runs are interrupted without writing, and the next start (or a resume) continues them.
/// </summary>
internal sealed class InstanceDriver(IWorkflowRunner runner, ILogger<InstanceDriver> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, string> running = new();

    /// <summary>Starts <paramref name="run"/> on <paramref name="instanceId"/> in the background.</summary>
    public void Drive(string instanceId, string what, Func<IWorkflowRunner, CancellationToken, Task<RunOutcome>> run)
    {
        var task = Task.Run(() => RunAsync(instanceId, what, run));
        running[task] = instanceId;
        task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running.Keys).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => stopping.Dispose();

    private async Task RunAsync(string instanceId, string what, Func<IWorkflowRunner, CancellationToken, Task<RunOutcome>> run)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId });
        try
        {
            var outcome = await run(runner, stopping.Token);
            logger.LogInformation("{What} {InstanceId}: {Status} at {ActivityId}: {Outcome}", what, instanceId, outcome.Status, outcome.ActivityId, outcome.Describe());
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogInformation("{What} {InstanceId}: interrupted by the host stopping", what, instanceId);
        }
        catch (InstanceLeasedException ex)
        {
            logger.LogInformation("{What} {InstanceId}: {Reason}", what, instanceId, ex.Message);
        }
        catch (Exception ex) when (ex is InstanceStateException or InstanceNotFoundException or LeaseLostException)
        {
            logger.LogWarning("{What} {InstanceId} refused: {Reason}", what, instanceId, ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{What} {InstanceId} stopped with an error", what, instanceId);
        }
    }
}
