using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

using Saga.Host.Messaging;

namespace Saga.Host.Cli;

/// <summary><c>saga resume ID</c>: continues an interrupted or faulted instance at the step that did not complete.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var id = SagaCli.InstanceId("The instance to continue ('saga status' lists them).");
        var command = new Command("resume", """
            Continues an interrupted or faulted instance. Steps that completed are not run again; the step that
            was interrupted or faulted runs again, and every step checks before it acts. A runner that died is
            taken over at once on the same machine, otherwise when its lease expires.

            """ + ExitCodes.Help) { id };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var runner = services.GetRequiredService<IWorkflowRunner>();
            var outcome = await Waiter(services).DriveAsync(t => runner.RunAsync(parse.GetRequiredValue(id), t), token);
            return await RunReport.WriteAsync(outcome, services.GetRequiredService<IWorkflowInstances>(), Console.Out, token);
        }, ct, bus: BusRole.Runner));
        return command;
    }

    /// <summary>The waiter every command that runs an instance uses.</summary>
    public static RunWaiter Waiter(IServiceProvider services) =>
        new(services.GetRequiredService<Engine.Instances.IWorkflowInstances>(), services.GetRequiredService<TimeProvider>(), Console.Out);
}
