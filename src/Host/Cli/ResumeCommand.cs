using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

using Saga.Host.Cli.Live;
using Saga.Host.Messaging;

namespace Saga.Host.Cli;

/// <summary><c>saga resume ID</c>: continues an interrupted or faulted instance at the step that did not complete.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var id = SagaCli.InstanceId("The instance to continue ('saga status' lists them).");
        var command = new Command("resume", """
            Continues an interrupted or faulted instance where it stopped.

            Steps that completed are not run again; the step that was interrupted or faulted runs again, and every
            step checks before it acts. A runner that died is taken over at once on the same machine, otherwise
            when its lease expires.
            """) { id, Plain };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var runner = services.GetRequiredService<IWorkflowRunner>();
            var instanceId = parse.GetRequiredValue(id);
            var outcome = await DriveAsync(services, instanceId, null, parse.GetValue(Plain), t => runner.RunAsync(instanceId, t), token);
            await SummaryTable.WriteAsync(services.GetRequiredService<IWorkflowInstances>(), instanceId, Console.Out, token);
            return await RunReport.WriteAsync(outcome, services.GetRequiredService<IWorkflowInstances>(), Console.Out, token);
        }, ct, bus: BusRole.Runner));
        return command;
    }

    /// <summary><c>--plain</c>: the plain progress lines even on a terminal.</summary>
    public static Option<bool> Plain { get; } = new("--plain") { Description = "Print a plain line per change instead of the live view (the default when output is not a terminal)." };

    /// <summary>The waiter every command that runs an instance uses, printing plain progress lines.</summary>
    public static RunWaiter Waiter(IServiceProvider services, TextWriter? output = null) =>
        new(services.GetRequiredService<Engine.Instances.IWorkflowInstances>(), services.GetRequiredService<TimeProvider>(), output ?? Console.Out,
            services.GetService<ClusterProgress>());

    /// <summary>Drives an instance with the live view on a terminal (unless <paramref name="plain"/>), else with plain lines.</summary>
    public static Task<RunOutcome> DriveAsync(IServiceProvider services, string instanceId, int? computeTotal, bool plain, Func<CancellationToken, Task<RunOutcome>> start, CancellationToken cancellationToken)
    {
        if (!LiveView.Wanted(plain))
            return Waiter(services).DriveAsync(start, cancellationToken);
        var view = ActivatorUtilities.CreateInstance<LiveView>(services);
        return view.ShowWhileAsync(instanceId, computeTotal, () => Waiter(services, TextWriter.Null).DriveAsync(start, cancellationToken), cancellationToken);
    }
}
