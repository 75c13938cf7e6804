using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Activities.Calico;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Messaging;
using Saga.Workflows;

namespace Saga.Host.Cli;

/// <summary><c>saga restore ID --node NAME... | --all [--plan]</c>: puts nodes of a run back as preflight found them.</summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var id = SagaCli.InstanceId("The downgrade run whose nodes go back ('saga status' lists runs).");
        var nodes = new Option<string[]>("--node") { Description = "A node to restore (repeat for several).", AllowMultipleArgumentsPerToken = false };
        var all = new Option<bool>("--all") { Description = "Every node the run changed, control nodes last; first the etcdv3 data it deleted, last the Ready flag." };
        var plan = new Option<bool>("--plan") { Description = "Show what the restore would do, and stop." };
        var command = new Command("restore", """
            Puts nodes of a downgrade run back to Calico 3.1 as preflight found them: the package sources, the
            recorded package versions in one transaction, felix.cfg, neutron.conf and calicoctl byte for byte from
            the run's backups, the services restarted, then every node checked against its preflight record.

            A restore is its own instance (calico-restore, a child per node): 'saga resume RESTORE_ID' continues it.
            It is refused while the run is running, interrupted or waiting (cancel it first); once it starts, the run
            can no longer be resumed. After the run deleted the etcdv3 data, --all puts the dumped keys back first,
            and --node is refused until that data is back.
            """) { id, nodes, all, plan, ResumeCommand.Plain };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var names = parse.GetValue(nodes) ?? [];
            if (parse.GetValue(all) == names.Length > 0)
            {
                await Console.Error.WriteLineAsync("saga restore: say either --node NAME (repeatable) or --all");
                return ExitCodes.BadInput;
            }

            var launcher = services.GetRequiredService<RestoreLauncher>();
            var restore = await launcher.PlanAsync(parse.GetRequiredValue(id), names, parse.GetValue(all), token);
            Print(restore);
            if (parse.GetValue(plan))
                return ExitCodes.Done;
            if (RestoreLauncher.IsEmpty(restore))
            {
                Console.WriteLine("Nothing to restore: the run changed no node.");
                return ExitCodes.Done;
            }

            var restoreId = (await launcher.CreateAsync(restore, Actor.OsUser(Environment.UserName), restoreId: null, token)).InstanceId;
            Console.WriteLine($"Started restore {restoreId} of run {restore.RunId}; the run can no longer be resumed.");
            var runner = services.GetRequiredService<IWorkflowRunner>();
            var outcome = await ResumeCommand.DriveAsync(services, restoreId, null, parse.GetValue(ResumeCommand.Plain), t => runner.RunAsync(restoreId, t), token);
            await SummaryTable.WriteAsync(services.GetRequiredService<IWorkflowInstances>(), restoreId, Console.Out, token);
            return await RunReport.WriteAsync(outcome, services.GetRequiredService<IWorkflowInstances>(), Console.Out, token);
        }, ct, bus: BusRole.Runner));
        return command;
    }

    private static void Print(RestorePlan restore)
    {
        Console.WriteLine($"Restore plan for run {restore.RunId} ({restore.RunName}): {restore.Nodes.Count} node(s): {string.Join(", ", restore.Nodes.Select(n => n.Name))}.");
        PlanPrinter.Write(restore.Steps(), Console.Out);
        Console.WriteLine();
    }
}
