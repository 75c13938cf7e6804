using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Activities.Steps.Cluster;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Host.Messaging;

/// <summary>
/// Wakes the parent's fan-out when a node ends; the fan-out recounts from the store, so duplicates are harmless. The
/// message carries ids only and counts only when the store agrees: the child is a compute node of that parent and has
/// ended. A parent busy with another node's result throws, and the retry policy tries again shortly.
/// </summary>
internal sealed class ComputeNodeFinishedConsumer(IWorkflowRunner runner, IWorkflowInstances instances, ILogger<ComputeNodeFinishedConsumer> logger) : IConsumer<ComputeNodeFinished>
{
    public async Task Consume(ConsumeContext<ComputeNodeFinished> context)
    {
        var message = context.Message;
        var child = await instances.FindAsync(message.ChildInstanceId, context.CancellationToken);
        if (child is null || child.ParentInstanceId != message.ParentInstanceId || child.DefinitionId != DowngradeComputeNodes.ChildDefinitionId
            || child.Status is not (InstanceStatus.Finished or InstanceStatus.Faulted or InstanceStatus.Cancelled))
        {
            logger.LogWarning("ComputeNodeFinished {ChildInstanceId} of {ParentInstanceId} from {SourceAddress} ignored: the store has no such ended compute node ({Status})",
                message.ChildInstanceId, message.ParentInstanceId, context.SourceAddress, child?.Status.ToString() ?? "no instance");
            return;
        }

        var parent = await instances.FindAsync(message.ParentInstanceId, context.CancellationToken);
        if (parent is null || parent.Status is InstanceStatus.Finished or InstanceStatus.Faulted or InstanceStatus.Cancelled
            || parent.Status == InstanceStatus.Suspended && parent.BookmarkName != DowngradeComputeNodes.Bookmark)
        {
            logger.LogDebug("{Node} finished; the parent no longer waits for it", child.Name);
            return;
        }

        // Running (busy with another result, or between two waits): InstanceLeasedException or InstanceStateException → retried.
        await runner.TriggerAsync(message.ParentInstanceId, DowngradeComputeNodes.Bookmark, JsonSerializer.SerializeToElement(message), context.CancellationToken);
    }
}
