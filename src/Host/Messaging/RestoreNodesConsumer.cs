using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Engine.Runtime;
using Saga.Host.Runs;
using Saga.Workflows;

namespace Saga.Host.Messaging;

/// <summary>
/// Restores nodes of a run from the bus, as <c>saga restore</c> does (<see cref="RestoreRequests"/>): refused with a
/// <see cref="CommandRejected"/> that says why, or created under the sender's <see cref="RestoreNodes.RestoreId"/> (so
/// a redelivery starts nothing new), announced with <see cref="RestoreStarted"/>, and run here.
/// </summary>
internal sealed class RestoreNodesConsumer(RestoreRequests restores, TimeProvider time, ILogger<RestoreNodesConsumer> logger) : IConsumer<RestoreNodes>
{
    public async Task Consume(ConsumeContext<RestoreNodes> context)
    {
        var message = context.Message;
        if (Malformed(message) is { } malformed)
        {
            await Commands.RejectAsync(context, message.InstanceId ?? "", malformed, time, logger);
            return;
        }

        CreatedInstance created;
        RestorePlan plan;
        try
        {
            if (await restores.FindAsync(message.InstanceId, message.RestoreId, context.CancellationToken) is not null)
            {
                logger.LogInformation("Restore {RestoreId} of {InstanceId} was started before; this command starts nothing new", message.RestoreId, message.InstanceId);
                return;
            }

            plan = await restores.PlanAsync(message.InstanceId, message.Nodes, message.All, context.CancellationToken);
            created = await restores.StartAsync(plan, message.RestoreId, Commands.Sender(message), context.CancellationToken);
        }
        catch (Exception ex) when (ex is InstanceStateException or InstanceNotFoundException)
        {
            await Commands.RejectAsync(context, message.InstanceId, ex.Message, time, logger);
            return;
        }

        if (!created.Existed)
        {
            await context.Publish(new RestoreStarted(message.InstanceId, created.InstanceId, plan.Nodes.Select(n => n.Name).ToList(), time.GetUtcNow().UtcDateTime),
                context.CancellationToken);
        }
    }

    /// <summary>What is wrong with the command's shape, before the store is asked anything; null when nothing is.</summary>
    private static string? Malformed(RestoreNodes message) =>
        !Commands.IsValidId(message.InstanceId) ? $"InstanceId '{message.InstanceId}' is not 32 hex digits"
        : !Commands.IsValidId(message.RestoreId) ? $"RestoreId '{message.RestoreId}' is not 32 hex digits"
        : RestoreRequests.Refusal(message.Nodes, message.All);
}
