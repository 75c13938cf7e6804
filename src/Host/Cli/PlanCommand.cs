using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Workflows;

namespace Saga.Host.Cli;

/// <summary><c>saga plan -i cluster.yaml</c>: every command per node, in order, touching nothing.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var options = new InventoryOptions();
        var command = new Command("plan", """
            Shows every command a downgrade would run, per node and in order; changes nothing.

            The apt/yum flags are the ones chosen for each node's release. It only reads os-release, installed
            versions and felix.cfg (and on Ubuntu apt-cache madison, to show the 2.6 versions; on CentOS they are
            resolved after the repo switch).
            """);
        options.AddTo(command);
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var inventory = options.Load(parse);
            var steps = await services.GetRequiredService<DowngradePlanner>().PlanAsync(inventory, token);
            Console.WriteLine($"Plan for {inventory.SourcePath}: nothing has been changed. Secrets are shown as ***.");
            PlanPrinter.Write(steps, Console.Out);

            return ExitCodes.Done;
        }, ct));
        return command;
    }
}
