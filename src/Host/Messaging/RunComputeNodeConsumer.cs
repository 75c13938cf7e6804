using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Telemetry;

namespace Saga.Host.Messaging;

/// <summary>
/// Runs one compute node's child instance. Redelivery is normal: the child resumes from its checkpoint and never runs
/// twice at once (its lease). A child this process already drives is left to that run, which reports the result; one
/// held by another process is tried again once its lease had time to run out (the retry policy), so a node whose
/// worker died is taken over, and one whose worker lives is reported again when it ends.
/// </summary>
internal sealed class RunComputeNodeConsumer(NodeRuns runs, ILogger<RunComputeNodeConsumer> logger) : IConsumer<RunComputeNode>
{
    public async Task Consume(ConsumeContext<RunComputeNode> context)
    {
        var message = context.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = message.ChildInstanceId, ["Node"] = message.Node });
        using var node = HostTelemetry.StartComputeNode(message.Node, message.ChildInstanceId, message.ParentInstanceId);
        RunOutcome outcome;
        try
        {
            outcome = await runs.RunOrJoinAsync(message.ChildInstanceId);
            node.Ended(outcome.Interrupted ? "Interrupted" : outcome.Status.ToString());
        }
        catch (InstanceLeasedException ex) when (ex.HeldByThisProcess)
        {
            logger.LogInformation("{Node} is run by another part of this process; it reports the result", message.Node);
            return;
        }
        catch (InstanceNotFoundException)
        {
            logger.LogWarning("{Node}: its instance {InstanceId} is not in the store; nothing to run", message.Node, message.ChildInstanceId);
            return;
        }

        // Stopped with the process: not acknowledged, so the broker hands the node to another worker, which continues it.
        if (outcome.Interrupted)
            throw new OperationCanceledException($"{message.Node} was interrupted by this process stopping", context.CancellationToken);
        if (outcome.Status is InstanceStatus.Running or InstanceStatus.Suspended)
            return; // waiting: nothing to report yet

        await context.Publish(new ComputeNodeFinished(message.ParentInstanceId, message.ChildInstanceId, message.Node, outcome.Status.ToString(), outcome.Fault?.Message), context.CancellationToken);
    }
}
