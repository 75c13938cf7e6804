using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Activities.Steps.Cluster;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Host.Messaging;

/// <summary>
/// Wakes the parent's fan-out when a node ends; the fan-out recounts from the store, so duplicates are harmless.
/// A parent busy with another node's result throws, and the retry policy tries again shortly.
/// </summary>
internal sealed class ComputeNodeFinishedConsumer(IWorkflowRunner runner, IWorkflowInstances instances, ILogger<ComputeNodeFinishedConsumer> logger) : IConsumer<ComputeNodeFinished>
{
    public async Task Consume(ConsumeContext<ComputeNodeFinished> context)
    {
        var message = context.Message;
        var parent = await instances.FindAsync(message.ParentInstanceId, context.CancellationToken);
        if (parent is null || parent.Status is InstanceStatus.Finished or InstanceStatus.Faulted or InstanceStatus.Cancelled
            || parent.Status == InstanceStatus.Suspended && parent.BookmarkName != DowngradeComputeNodes.Bookmark)
        {
            logger.LogDebug("{Node} finished; the parent no longer waits for it", message.Node);
            return;
        }

        // Running (busy with another result, or between two waits): InstanceLeasedException or InstanceStateException → retried.
        await runner.TriggerAsync(message.ParentInstanceId, DowngradeComputeNodes.Bookmark, JsonSerializer.SerializeToElement(message), context.CancellationToken);
    }
}
