using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Activities.Inventory;
using Saga.Contracts;
using Saga.Engine.Activities;
using Saga.Engine.Runtime;
using Saga.Host.Runs;
using Saga.Workflows;

namespace Saga.Host.Messaging;

/// <summary>
/// Starts a downgrade from the bus: the inventory must load and keep the host's rules (<see cref="InventoryRules"/>); the
/// instance is created under the sender's id (so a redelivery starts nothing new) and runs here.
/// </summary>
internal sealed class StartDowngradeConsumer(DowngradeLauncher launcher, InventoryRules rules, InstanceDriver driver, TimeProvider time, ILogger<StartDowngradeConsumer> logger) : IConsumer<StartDowngrade>
{
    public async Task Consume(ConsumeContext<StartDowngrade> context)
    {
        var message = context.Message;
        if (!Commands.IsValidId(message.InstanceId))
        {
            await Commands.RejectAsync(context, message.InstanceId, $"InstanceId '{message.InstanceId}' is not 32 hex digits", time, logger);
            return;
        }

        ClusterInventory inventory;
        try
        {
            var source = Path.Combine(message.BaseDirectory ?? Environment.CurrentDirectory, $"{message.Name ?? message.InstanceId}.yaml");
            inventory = InventoryLoader.Parse(new StringReader(message.Inventory ?? ""), source);
            inventory = rules.Check(inventory with { FanOut = inventory.FanOut.With(message.Parallel, message.Canary, message.MaxFailures) }); // keys, calicoctl: the host's rules
        }
        catch (InventoryException ex)
        {
            await Commands.RejectAsync(context, message.InstanceId, ex.Message, time, logger);
            return;
        }

        CreatedInstance created;
        try
        {
            created = await launcher.CreateAsync(inventory, message.Name, message.InstanceId, message.Force, Commands.Sender(message), context.CancellationToken);
        }
        catch (InstanceStateException ex)
        {
            await Commands.RejectAsync(context, message.InstanceId, ex.Message, time, logger);
            return;
        }

        if (created.Existed)
        {
            // A redelivery, or the same command twice: the run it started goes on (a host that stopped resumes it at start).
            logger.LogInformation("{InstanceId} was started before; this command starts nothing new", created.InstanceId);
            return;
        }

        driver.Drive(created.InstanceId, "Started", (runner, token) => runner.RunAsync(created.InstanceId, token));
    }
}
