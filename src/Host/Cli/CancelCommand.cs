using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Runtime;

namespace Saga.Host.Cli;

/// <summary><c>saga cancel ID</c>.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var id = SagaCli.InstanceId("The instance to cancel.");
        var command = new Command("cancel", """
            Cancels an instance, and with a downgrade its compute nodes that have not ended.

            Nothing is undone on the nodes; steps already taken stay taken. If another process is running the
            instance, it is asked to stop and does so within a third of its lease.
            """) { id };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var outcome = await services.GetRequiredService<IWorkflowRunner>().CancelAsync(parse.GetRequiredValue(id), token);
            Console.WriteLine($"Instance {outcome.InstanceId}: {outcome.Describe()}.");
            return ExitCodes.Done;
        }, ct));
        return command;
    }
}
