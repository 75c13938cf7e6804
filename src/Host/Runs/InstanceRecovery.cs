using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Engine.Instances;

namespace Saga.Host.Runs;

/// <summary>
/// At a host's start, picks up what a stopped host left: top-level instances that were running when it died, and
/// fan-outs waiting on their compute nodes (resuming one recounts its nodes from the store and re-dispatches the
/// ones still in flight). Instances another live runner holds are left to it.
/// </summary>
internal sealed class InstanceRecovery(IWorkflowInstances instances, InstanceDriver driver, TimeProvider time, ILogger<InstanceRecovery> logger) : BackgroundService
{
    private const int Limit = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var running = await instances.ListAsync(InstanceStatus.Running, Limit, stoppingToken);
        var waiting = await instances.ListAsync(InstanceStatus.Suspended, Limit, stoppingToken);
        var left = running.Where(i => i.IsInterruptedAt(now)).Concat(waiting.Where(i => i.BookmarkResumesOnRun)).ToList();
        foreach (var instance in left)
        {
            logger.LogInformation("Resuming {InstanceId} ({Name}), left {Status} at {ActivityId} by a host that stopped",
                instance.Id, instance.Name, instance.Status, instance.CurrentActivityId);
            driver.Drive(instance.Id, "Recovered", (runner, token) => runner.RunAsync(instance.Id, token));
        }
    }
}
