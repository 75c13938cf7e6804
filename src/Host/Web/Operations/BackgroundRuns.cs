using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Saga.Host.Web.Operations;

/// <summary>
/// Drives instances after the request that asked for it has been answered: a run takes minutes, a request does not.
/// Stopping the host cancels them; the runner then leaves each instance where a resume continues it.
/// </summary>
internal sealed class BackgroundRuns(ILogger<BackgroundRuns> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, string> running = new();

    public void Start(string instanceId, string what, Func<CancellationToken, Task> work)
    {
        var task = Task.Run(async () =>
        {
            using var scope = logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = instanceId });
            try
            {
                await work(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                // This is the boundary of a background run: nobody else sees the exception; the instance keeps its state.
                logger.LogError(ex, "{What} of {InstanceId} failed", what, instanceId);
            }
        });
        running[task] = what;
        task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await Task.WhenAll(running.Keys).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => stopping.Dispose();
}
