using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Host.Messaging;

/// <summary>
/// Runs one compute node's child instance. Redelivery is normal: the child resumes from its checkpoint, and a child
/// another runner already drives is left to it (that runner reports the result).
/// </summary>
internal sealed class RunComputeNodeConsumer(IWorkflowRunner runner, ILogger<RunComputeNodeConsumer> logger) : IConsumer<RunComputeNode>
{
    public async Task Consume(ConsumeContext<RunComputeNode> context)
    {
        var message = context.Message;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InstanceId"] = message.ChildInstanceId, ["Node"] = message.Node });
        RunOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(message.ChildInstanceId, context.CancellationToken);
        }
        catch (InstanceLeasedException ex)
        {
            logger.LogInformation("{Node} is already being run elsewhere: {Reason}", message.Node, ex.Message);
            return;
        }

        if (outcome.Interrupted || outcome.Status is InstanceStatus.Running or InstanceStatus.Suspended)
            return; // stopped with the process, or waiting: nothing to report yet

        await context.Publish(new ComputeNodeFinished(message.ParentInstanceId, message.ChildInstanceId, message.Node, outcome.Status.ToString(), outcome.Message), context.CancellationToken);
    }
}
