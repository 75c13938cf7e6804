using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Saga.Activities.Calico;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Messaging;
using Saga.Workflows;

namespace Saga.Host.Cli;

/// <summary><c>saga run -i cluster.yaml</c>: the Calico downgrade, from preflight to the etcdv3 clean-up.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var options = new InventoryOptions();
        var command = new Command("run", """
            Downgrades the inventory's cluster from Calico 3.1 to 2.6, checkpointed step by step.

            The steps: preflight and backups, calicoctl v1.6, repositories, package caches, the 2.6 version set
            (resolved once per OS and release), control nodes, compute nodes (canaries first, bounded parallelism),
            then /calico/v1/Ready and the etcdv3 clean-up. If anything stops it, 'saga resume ID' continues.
            'saga plan' shows the commands first without changing anything.
            """);
        options.AddTo(command);
        command.Add(ResumeCommand.Plain);
        command.Add(options.Force);
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var inventory = options.Load(parse);
            var runner = services.GetRequiredService<IWorkflowRunner>();
            // The run follows the published versions: say so when they are not the steps this saga ships.
            foreach (var note in await services.GetRequiredService<ShippedFlows>().NotAsShippedAsync(token))
                Console.Error.WriteLine($"saga: warning: {note}");
            var id = (await services.GetRequiredService<DowngradeLauncher>().CreateAsync(inventory, name: null, instanceId: null, parse.GetValue(options.Force), Actor.OsUser(Environment.UserName), token)).InstanceId;
            Console.WriteLine($"Started instance {id}: {inventory.ControlNodes.Count()} control and {inventory.ComputeNodes.Count()} compute node(s), " +
                              $"{inventory.FanOut.Parallel} at a time, {inventory.FanOut.Canary} canary.");
            var outcome = await ResumeCommand.DriveAsync(services, id, inventory.ComputeNodes.Count(), parse.GetValue(ResumeCommand.Plain), t => runner.RunAsync(id, t), token);
            await SummaryTable.WriteAsync(services.GetRequiredService<IWorkflowInstances>(), id, Console.Out, token);
            return await RunReport.WriteAsync(outcome, services.GetRequiredService<IWorkflowInstances>(), Console.Out, token);
        }, ct, bus: BusRole.Runner));
        return command;
    }
}
