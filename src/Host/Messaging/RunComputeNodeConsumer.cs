using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Activities.Steps.Cluster;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Telemetry;
using Saga.Workflows;

namespace Saga.Host.Messaging;

/// <summary>
/// Runs one compute node's child instance. The message carries ids only and is believed only as far as the store agrees:
/// the child must exist as a compute node of that downgrade, and the downgrade must not have ended. Redelivery is normal:
/// the child resumes from its checkpoint and never runs twice at once (its lease). A child this process already drives
/// is left to that run, which reports the result; one held by another process is tried again once its lease had time to
/// run out (the retry policy), so a node whose worker died is taken over, and one whose worker lives is reported again when it ends.
/// A node that faulted is restored first when the inventory says <c>fanOut.onNodeFailure: restore</c> (<see cref="NodeFailureRestore"/>).
/// </summary>
internal sealed class RunComputeNodeConsumer(NodeRuns runs, NodeFailureRestore restore, IWorkflowInstances instances, IHostApplicationLifetime lifetime, ILogger<RunComputeNodeConsumer> logger) : IConsumer<RunComputeNode>
{
    public async Task Consume(ConsumeContext<RunComputeNode> context)
    {
        var message = context.Message;
        var child = await instances.FindAsync(message.ChildInstanceId, context.CancellationToken);
        var parent = await instances.FindAsync(message.ParentInstanceId, context.CancellationToken);
        if (NotAsClaimed(child, parent) is { } reason)
        {
            logger.LogWarning("RunComputeNode {ChildInstanceId} of {ParentInstanceId} from {SourceAddress} ignored: {Reason}",
                message.ChildInstanceId, message.ParentInstanceId, context.SourceAddress, reason);
            return;
        }

        var name = child!.Name ?? child.Id;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = message.ChildInstanceId, ["Node"] = name });
        using var node = HostTelemetry.StartComputeNode(name, message.ChildInstanceId, message.ParentInstanceId);
        RunOutcome outcome;
        try
        {
            outcome = await runs.RunOrJoinAsync(message.ChildInstanceId);
            node.Ended(outcome.Interrupted ? "Interrupted" : outcome.Status.ToString());
        }
        catch (InstanceLeasedException ex) when (ex.HeldByThisProcess)
        {
            logger.LogInformation("{Node} is run by another part of this process; it reports the result", name);
            return;
        }
        catch (InstanceNotFoundException)
        {
            logger.LogWarning("{Node}: its instance {InstanceId} is not in the store; nothing to run", name, message.ChildInstanceId);
            return;
        }

        // Stopped with the process: not acknowledged, so the broker hands the node to another worker, which continues it.
        if (outcome.Interrupted)
            throw new OperationCanceledException($"{name} was interrupted by this process stopping", context.CancellationToken);
        if (outcome.Status is InstanceStatus.Running or InstanceStatus.Suspended)
            return; // waiting: nothing to report yet

        // fanOut.onNodeFailure: restore: the node goes back on 3.1 before the fan-out hears it ended (the fan-out waits
        // for the restore too). Stopped with the process, or failing, the message comes again and the same restore continues.
        if (outcome.Status == InstanceStatus.Faulted
            && await restore.RestoreIfAskedAsync(message.ParentInstanceId, message.ChildInstanceId, lifetime.ApplicationStopping) is { Interrupted: true })
            throw new OperationCanceledException($"the restore of {name} was interrupted by this process stopping", context.CancellationToken);

        await context.Publish(new ComputeNodeFinished(message.ParentInstanceId, message.ChildInstanceId), context.CancellationToken);
    }

    /// <summary>Why the store does not back the message up, or null when it does.</summary>
    private static string? NotAsClaimed(InstanceSummary? child, InstanceSummary? parent) =>
        child is null ? "there is no such child instance"
        : child.DefinitionId != DowngradeComputeNodes.ChildDefinitionId ? $"it is an instance of {child.DefinitionId}, not a compute node"
        : parent is null || child.ParentInstanceId != parent.Id ? "it is not a compute node of that downgrade"
        : parent.Status is InstanceStatus.Finished or InstanceStatus.Cancelled ? $"its downgrade is {parent.Status}"
        : null;
}
