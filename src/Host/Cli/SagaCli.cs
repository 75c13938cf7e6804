using System.CommandLine;

namespace Saga.Host.Cli;

/// <summary>The <c>saga</c> command line: a table of contents of its commands.</summary>
internal static class SagaCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("""
            saga: puts an OpenStack cluster's Calico back from 3.1 to 2.6 as a persisted, resumable workflow.
            Every step is checkpointed to the store (ConnectionStrings:Saga, default saga.db in the current
            directory), so an interrupted or failed run continues with 'saga resume ID'.
            """)
        {
            PlanCommand.Create(),
            RunCommand.Create(),
            StatusCommand.Create(),
            StartCommand.Create(),
            ResumeCommand.Create(),
            ApproveCommand.Create(),
            CancelCommand.Create(),
            DefinitionsCommand.Create(),
            ServeCommand.Create(),
            WorkerCommand.Create(),
            TriggerCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                await Console.Error.WriteLineAsync($"saga: {error.Message}");
            await Console.Error.WriteLineAsync("Run 'saga --help' (or 'saga COMMAND --help') for usage.");
            return ExitCodes.BadInput;
        }

        return await parsed.InvokeAsync();
    }

    /// <summary>The instance id argument that several commands take.</summary>
    public static Argument<string> InstanceId(string description) => new("ID") { Description = description };
}
