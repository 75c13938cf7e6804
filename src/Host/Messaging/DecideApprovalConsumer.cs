using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Host.Runs;

namespace Saga.Host.Messaging;

/// <summary>Answers the approval a downgrade waits on, from the bus, and runs it on here in the background.</summary>
internal sealed class DecideApprovalConsumer(IWorkflowInstances instances, InstanceDriver driver, TimeProvider time, ILogger<DecideApprovalConsumer> logger) : IConsumer<DecideApproval>
{
    public async Task Consume(ConsumeContext<DecideApproval> context)
    {
        var message = context.Message;
        var instance = (await instances.GetAsync(message.InstanceId, context.CancellationToken))?.Summary;
        if (instance is not { Status: InstanceStatus.Suspended, BookmarkName: Approval.Bookmark })
        {
            var state = instance is null ? $"there is no instance '{message.InstanceId}'"
                : $"it is {instance.Status}{(instance.BookmarkName is { } b ? $" on '{b}'" : "")}, not waiting for an approval";
            await Commands.RejectAsync(context, message.InstanceId, state, time, logger);
            return;
        }

        var payload = JsonSerializer.SerializeToElement(new Approval.Decision(message.Approved, message.By, message.Comment), JsonSerializerOptions.Web);
        driver.Drive(message.InstanceId, message.Approved ? "Approved" : "Rejected",
            (runner, token) => runner.TriggerAsync(message.InstanceId, Approval.Bookmark, payload, token));
    }
}
