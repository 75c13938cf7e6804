using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Host.Messaging;

/// <summary>Cancels a downgrade from the bus; a runner driving it elsewhere is asked to stop.</summary>
internal sealed class CancelDowngradeConsumer(IWorkflowRunner runner, IWorkflowInstances instances, TimeProvider time, ILogger<CancelDowngradeConsumer> logger) : IConsumer<CancelDowngrade>
{
    public async Task Consume(ConsumeContext<CancelDowngrade> context)
    {
        var id = context.Message.InstanceId;
        if (await instances.FindAsync(id, context.CancellationToken) is null)
        {
            await Commands.RejectAsync(context, id, $"there is no instance '{id}'", time, logger);
            return;
        }

        var outcome = await runner.CancelAsync(id, context.CancellationToken);
        logger.LogInformation("Cancel {InstanceId}: {Outcome}", id, outcome.Describe());
    }
}
