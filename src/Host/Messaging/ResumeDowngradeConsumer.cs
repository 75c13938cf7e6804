using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Host.Runs;

namespace Saga.Host.Messaging;

/// <summary>Continues an interrupted or faulted downgrade from the bus, here, in the background.</summary>
internal sealed class ResumeDowngradeConsumer(IWorkflowInstances instances, InstanceDriver driver, TimeProvider time, ILogger<ResumeDowngradeConsumer> logger) : IConsumer<ResumeDowngrade>
{
    public async Task Consume(ConsumeContext<ResumeDowngrade> context)
    {
        var id = context.Message.InstanceId;
        var instance = await instances.FindAsync(id, context.CancellationToken);
        if (instance is null || instance.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
        {
            await Commands.RejectAsync(context, id, instance is null ? $"there is no instance '{id}'" : $"it is {instance.Status}", time, logger);
            return;
        }

        driver.Drive(id, "Resumed", (runner, token) => runner.RunAsync(id, token));
    }
}
