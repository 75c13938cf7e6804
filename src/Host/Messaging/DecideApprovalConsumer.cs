using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Runs;

namespace Saga.Host.Messaging;

/// <summary>Answers the approval a downgrade waits on, from the bus, and runs it on here in the background; a decision that lost a race is refused.</summary>
internal sealed class DecideApprovalConsumer(IWorkflowRunner runner, IWorkflowInstances instances, InstanceDriver driver, TimeProvider time, ILogger<DecideApprovalConsumer> logger) : IConsumer<DecideApproval>
{
    public async Task Consume(ConsumeContext<DecideApproval> context)
    {
        var message = context.Message;
        var instance = await instances.FindAsync(message.InstanceId, context.CancellationToken);
        if (instance is not { Status: InstanceStatus.Suspended, BookmarkName: Approval.Bookmark })
        {
            var state = instance is null ? $"there is no instance '{message.InstanceId}'"
                : $"it is {instance.Status}{(instance.BookmarkName is { } b ? $" on '{b}'" : "")}, not waiting for an approval";
            await Commands.RejectAsync(context, message.InstanceId, state, time, logger);
            return;
        }

        // Who decided is the key that signed the command; what the sender says of itself is kept beside it, as said.
        var payload = JsonSerializer.SerializeToElement(new Approval.Decision(message.Approved, message.By, message.Comment, Commands.Sender(message)), JsonSerializerOptions.Web);
        try
        {
            // Taken here, in one guarded write: of two decisions at once (bus, web, command line) exactly one counts.
            await runner.AnswerAsync(message.InstanceId, Approval.Bookmark, payload, context.CancellationToken);
        }
        catch (Exception ex) when (ex is InstanceStateException or InstanceNotFoundException)
        {
            await Commands.RejectAsync(context, message.InstanceId, ex.Message, time, logger);
            return;
        }

        driver.Drive(message.InstanceId, message.Approved ? "Approved" : "Rejected", (r, token) => r.RunAsync(message.InstanceId, token));
    }
}
